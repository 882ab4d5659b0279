package org.hvref.channel.protocol;

import java.util.Objects;
import java.util.UUID;

/** Type 21, hvsock connect, 4.0+; 40 bytes, or 56 with the silo id (5.2+) (vmbus-core.md §2.2). @param endpointId guest endpoint @param serviceId host service @param siloId silo id, or {@code null} for the 40-byte form */
public record TlConnectRequest(UUID endpointId, UUID serviceId, UUID siloId) implements ChannelMessage {
    /** Validates. */
    public TlConnectRequest {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(serviceId, "serviceId");
    }

    /** @return whether this is the 56-byte form */
    public boolean hasSiloId() {
        return siloId != null;
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.TL_CONNECT_REQUEST;
    }
}
