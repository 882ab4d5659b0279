package org.hvref.storage.vsc;

import org.hvref.wire.ProtocolException;

/** A host packet the VSC dropped (malformed, or nothing outstanding for it, §3.9); recorded by the endpoint. */
public final class StorvscClientException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    /** The single reason: a host packet the guest rejects. */
    public enum Reason {
        /** Dropped host packet. */
        REJECTED_HOST_PACKET
    }

    /** @param message {@code what: actual (expected: ...)} */
    public StorvscClientException(String message) {
        super(message);
    }

    @Override
    public Reason reason() {
        return Reason.REJECTED_HOST_PACKET;
    }
}
