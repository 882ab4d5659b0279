package org.hvref.channel.guest;

/** The guest sent UNLOAD while the request was outstanding: its answer, if any, is dropped (vmbus-core.md §4.3). */
public final class ConnectionUnloadedException extends ChannelRequestException {
    private static final long serialVersionUID = 1L;

    /** @param message the request that was outstanding */
    public ConnectionUnloadedException(String message) {
        super(message);
    }
}
