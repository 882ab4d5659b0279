package org.hvref.channel.guest;

/**
 * Base of the outcomes that fail a {@link VmbusClient} request's future although the host behaved legally (a refused
 * version, a failure status, a rescind, an unload).
 */
public abstract class ChannelRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and why */
    protected ChannelRequestException(String message) {
        super(message);
    }
}
