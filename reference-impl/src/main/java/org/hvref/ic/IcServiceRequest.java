package org.hvref.ic;

import java.util.Arrays;
import org.hvref.ic.protocol.IcHeader;

/**
 * A host service request the guest has answered and hands to its consumer (devices-ic-input-video.md §1.7).
 *
 * @param header  the request's IC header
 * @param payload the icmsgsize payload bytes (a copy)
 */
public record IcServiceRequest(IcHeader header, byte[] payload) {
    /** Copies the payload. */
    public IcServiceRequest {
        payload = payload.clone();
    }

    /** @return a copy of the payload */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IcServiceRequest r && header.equals(r.header) && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return header.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "IcServiceRequest[" + header + ", " + payload.length + " bytes]";
    }
}
