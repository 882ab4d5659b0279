package org.hvref.ic;

import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;

/** What one guest packet meant to the host side of an IC channel. */
public sealed interface IcHostResult {
    /**
     * Negotiation succeeded.
     *
     * @param framework the guest's chosen framework version
     * @param message   the guest's chosen message version
     */
    record Negotiated(IcVersion framework, IcVersion message) implements IcHostResult {
    }

    /**
     * Negotiation failed; the channel is unusable.
     *
     * @param error  why
     * @param detail a message in the {@code what: actual (expected: ...)} grammar
     */
    record NegotiationFailed(IcNegotiationError error, String detail) implements IcHostResult {
    }

    /**
     * The response to the outstanding service request.
     *
     * @param header  its header (status = the guest's HRESULT)
     * @param payload its payload bytes
     */
    record Response(IcHeader header, byte[] payload) implements IcHostResult {
        /** Copies the payload. */
        public Response {
            payload = payload.clone();
        }

        /** @return whether the status is S_OK */
        public boolean ok() {
            return header.status() == IcStatus.S_OK;
        }

        /** @return a copy of the payload */
        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }
}
