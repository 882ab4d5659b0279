package org.hvref.storage.protocol;

import java.util.Objects;
import org.hvref.channel.protocol.OpaqueBytes;
import org.hvref.wire.FieldRange;

/**
 * A payload the codec does not interpret, kept byte for byte: the whole union of the form (devices-net-storage-pci.md
 * §3.2; zero in Linux's BEGIN/END_INITIALIZATION, resets carry vm_srb.path_id at {@link
 * VmScsiRequestDescriptor#PATH_ID_OFFSET}).
 *
 * @param bytes the union, 36 or 52 bytes
 */
public record OpaquePayload(OpaqueBytes bytes) implements VstorPayload {
    /** Checks presence. */
    public OpaquePayload {
        Objects.requireNonNull(bytes, "opaque payload bytes");
    }

    /**
     * @param form the packet's form
     * @return an all-zero payload of the form's length
     */
    public static OpaquePayload zeros(VstorPacketForm form) {
        return new OpaquePayload(OpaqueBytes.zeros(form.payloadLength()));
    }

    @Override
    public VstorPayloadKind kind() {
        return VstorPayloadKind.OPAQUE;
    }

    @Override
    public void checkFits(VstorPacketForm form) {
        FieldRange.check(bytes.length() == form.payloadLength(), "opaque payload: " + bytes.length()
                + " bytes (expected: " + form.payloadLength() + " in form " + form + ")");
    }
}
