package org.hvref.ring;

import java.util.Arrays;
import java.util.Objects;

/**
 * VM_PKT_COMP (0xB): a completion whose transaction id echoes the request's (vmbus-core.md §7.2); descriptor then
 * payload, offset8 = 2.
 *
 * @param flags         descriptor flags (0 or {@link PacketDescriptor#FLAG_COMPLETION_REQUESTED})
 * @param transactionId the transaction id of the completed request
 * @param payload       the data (copied)
 */
public record CompletionPacket(int flags, long transactionId, byte[] payload) implements VmbusPacket {

    /** Validates the flags and copies the payload. */
    public CompletionPacket {
        PacketChecks.flags(flags);
        payload = PacketChecks.copy("payload", payload);
    }

    @Override
    public PacketType type() {
        return PacketType.COMPLETION;
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompletionPacket && ((CompletionPacket) o).flags == flags
            && ((CompletionPacket) o).transactionId == transactionId
            && Arrays.equals(((CompletionPacket) o).payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flags, transactionId, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "CompletionPacket[flags=" + flags + ", transactionId=" + Long.toUnsignedString(transactionId)
            + ", payload=" + PacketChecks.abbreviatedHex(payload) + "]";
    }
}
