package org.hvref.channel.protocol;

import java.util.Objects;
import java.util.UUID;

/** Type 23, 4.1+ (vmbus-core.md §2.2). @param endpointId guest endpoint @param serviceId host service @param status i32 status */
public record TlConnectResult(UUID endpointId, UUID serviceId, int status) implements ChannelMessage {
    /** Validates. */
    public TlConnectResult {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(serviceId, "serviceId");
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.TL_CONNECT_RESULT;
    }
}
