package org.hvref.storage.protocol;

import java.util.Objects;
import org.hvref.wire.FieldRange;

/**
 * One vstor_packet (devices-net-storage-pci.md §3.2; L-STOR struct vstor_packet, OVMM-STOR Packet; layout {@link
 * VstorPacketDescriptor}).
 *
 * @param form      48-byte pre-Win8 or 64-byte Win8+ form
 * @param operation operation u32
 * @param flags     flags u32, only {@link VstorFlags#REQUEST_COMPLETION} defined
 * @param status    status u32 NTSTATUS ({@link VstorStatus})
 * @param payload   the union member
 */
public record VstorPacket(VstorPacketForm form, VstorOperation operation, int flags, int status,
        VstorPayload payload) {

    /** Validates: flags within the known bits, the payload fits the form. */
    public VstorPacket {
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(operation, "operation");
        FieldRange.check((flags & ~VstorFlags.KNOWN) == 0,
                "vstor packet flags: 0x" + Integer.toHexString(flags) + " (expected: 0 or 0x1)");
        Objects.requireNonNull(payload, "payload");
        payload.checkFits(form);
    }

    /**
     * A guest request: flags REQUEST_COMPLETION, status 0.
     *
     * @param form      the form
     * @param operation the operation
     * @param payload   the payload
     * @return the packet
     */
    public static VstorPacket request(VstorPacketForm form, VstorOperation operation, VstorPayload payload) {
        return new VstorPacket(form, operation, VstorFlags.REQUEST_COMPLETION, VstorStatus.SUCCESS, payload);
    }

    /**
     * A VSP completion: operation COMPLETE_IO, flags 0 (§3.2, §3.5).
     *
     * @param form    the form
     * @param status  the NTSTATUS
     * @param payload the payload
     * @return the packet
     */
    public static VstorPacket completion(VstorPacketForm form, int status, VstorPayload payload) {
        return new VstorPacket(form, VstorOperation.COMPLETE_IO, 0, status, payload);
    }

    /** @return whether the guest asked for a completion */
    public boolean completionRequested() {
        return (flags & VstorFlags.REQUEST_COMPLETION) != 0;
    }
}
