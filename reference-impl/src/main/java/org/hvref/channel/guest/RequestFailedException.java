package org.hvref.channel.guest;

/**
 * The host answered a request with a failure status: GPADL_CREATED (hazards.md L-GPADL-1, row 9), OPENCHANNEL_RESULT
 * or MODIFYCHANNEL_RESPONSE.
 */
public final class RequestFailedException extends ChannelRequestException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status  the raw status the host returned
     * @param message which request failed
     */
    public RequestFailedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** @return the host's raw status (non-zero) */
    public int status() {
        return status;
    }
}
