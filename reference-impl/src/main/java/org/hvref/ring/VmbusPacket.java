package org.hvref.ring;

/**
 * A decoded VMBus packet (vmbus-core.md §7): one record per packet type that {@link PacketCodec} supports.
 * Instances are immutable and validate their arguments; byte arrays are copied in and out.
 */
public sealed interface VmbusPacket permits InBandPacket, TransferPagesPacket, GpaDirectPacket, CompletionPacket {
    /** @return the packet type written in the descriptor */
    PacketType type();

    /** @return descriptor flags; only {@link PacketDescriptor#FLAG_COMPLETION_REQUESTED} may be set */
    int flags();

    /** @return the transaction id (u64; meaningful with COMPLETION_REQUESTED or for completions, §7.2) */
    long transactionId();

    /** @return a copy of the payload (bytes from offset8*8 up to the unpadded end) */
    byte[] payload();

    /** @return whether the sender asks for a completion (flags bit 0) */
    default boolean completionRequested() {
        return (flags() & PacketDescriptor.FLAG_COMPLETION_REQUESTED) != 0;
    }
}
