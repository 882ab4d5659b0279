package org.hvref.ring;

/** Receives each packet of {@link RingReader#readBatch}; the view is only valid during the call. */
@FunctionalInterface
public interface PacketHandler {
    /**
     * Handles one packet, already copied out of the ring and framing-validated.
     *
     * @param packet a reusable view of the reader's private copy; copy what must outlive this call
     */
    void onPacket(PacketView packet);
}
