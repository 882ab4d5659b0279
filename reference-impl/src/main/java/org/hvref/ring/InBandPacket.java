package org.hvref.ring;

import java.util.Arrays;
import java.util.Objects;

/**
 * VM_PKT_DATA_INBAND (0x6): descriptor then payload, offset8 = 2 (vmbus-core.md §7.2).
 *
 * @param flags         descriptor flags (0 or {@link PacketDescriptor#FLAG_COMPLETION_REQUESTED})
 * @param transactionId transaction id
 * @param payload       the data (copied)
 */
public record InBandPacket(int flags, long transactionId, byte[] payload) implements VmbusPacket {

    /** Validates the flags and copies the payload. */
    public InBandPacket {
        PacketChecks.flags(flags);
        payload = PacketChecks.copy("payload", payload);
    }

    @Override
    public PacketType type() {
        return PacketType.DATA_INBAND;
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InBandPacket && ((InBandPacket) o).flags == flags
            && ((InBandPacket) o).transactionId == transactionId && Arrays.equals(((InBandPacket) o).payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flags, transactionId, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "InBandPacket[flags=" + flags + ", transactionId=" + Long.toUnsignedString(transactionId)
            + ", payload=" + PacketChecks.abbreviatedHex(payload) + "]";
    }
}
