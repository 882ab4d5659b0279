package org.hvref.storage.protocol;

/**
 * The two sizes of a vstor_packet (devices-net-storage-pci.md §3.2): pre-Win8 hosts (2.0, 4.2) use a packet 16 bytes
 * shorter, without the Win8 extension of vm_srb (older L-STOR {@code vmscsi_size_delta}; OVMM-STOR
 * SCSI_REQUEST_LEN_V1 / V2).
 */
public enum VstorPacketForm {
    /** 48-byte packet, 36-byte vm_srb, 18-byte sense (§3.2; L-STOR PRE_WIN8_STORVSC_SENSE_BUFFER_SIZE 0x12). */
    PRE_WIN8(VmScsiRequestDescriptor.LENGTH_PRE_WIN8, VmScsiRequestDescriptor.SENSE_LENGTH_PRE_WIN8),
    /** 64-byte packet, 52-byte vm_srb, 20-byte sense (§3.2; L-STOR POST_WIN7_STORVSC_SENSE_BUFFER_SIZE 0x14). */
    WIN8(VmScsiRequestDescriptor.LENGTH, VmScsiRequestDescriptor.SENSE_LENGTH);

    private final int srbLength;
    private final int senseLength;

    VstorPacketForm(int srbLength, int senseLength) {
        this.srbLength = srbLength;
        this.senseLength = senseLength;
    }

    /** @return the whole packet's length: 12-byte header + payload (48 or 64) */
    public int packetLength() {
        return VstorPacketDescriptor.PAYLOAD_OFFSET + srbLength;
    }

    /** @return the payload (union) length, equal to the vm_srb length (36 or 52) */
    public int payloadLength() {
        return srbLength;
    }

    /** @return vm_srb.length in this form (0x24 or 0x34) */
    public int srbLength() {
        return srbLength;
    }

    /** @return the sense buffer size (18 or 20) */
    public int senseLength() {
        return senseLength;
    }

    /**
     * @param length a packet length
     * @return the form of that length, or {@code null}
     */
    static VstorPacketForm ofLength(int length) {
        for (VstorPacketForm f : values()) {
            if (f.packetLength() == length) {
                return f;
            }
        }
        return null;
    }
}
