package org.hvref.channel.guest;

/**
 * The host rescinded the channel while a request was outstanding: a pending open fails at once (the host never
 * answers it, vmbus-core.md §4.4), a GPADL creation when its answer arrives.
 */
public final class ChannelRescindedException extends ChannelRequestException {
    private static final long serialVersionUID = 1L;

    private final int relid;

    /**
     * @param relid   the rescinded channel
     * @param message what was outstanding
     */
    public ChannelRescindedException(int relid, String message) {
        super(message);
        this.relid = relid;
    }

    /** @return the rescinded channel's relid */
    public int relid() {
        return relid;
    }
}
