package org.hvref.channel.guest;

/** Every version the guest tried was refused (or its connection id was not a port); the connect future fails. */
public final class NoCommonVersionException extends ChannelRequestException {
    private static final long serialVersionUID = 1L;

    /** @param message the versions tried */
    public NoCommonVersionException(String message) {
        super(message);
    }
}
