package org.hvref.storage.protocol;

import java.util.Objects;
import org.hvref.wire.FieldRange;

/**
 * QUERY_PROTOCOL_VERSION payload, echoed by the VSP (devices-net-storage-pci.md §3.2; L-STOR
 * vmstorage_protocol_version; layout {@link VstorVersionDescriptor}).
 *
 * @param version  major_minor u16
 * @param revision revision u16 (Linux 0, "only used on the windows side")
 */
public record VstorVersionPayload(VstorProtocolVersion version, int revision) implements VstorPayload {
    /** Validates. */
    public VstorVersionPayload {
        Objects.requireNonNull(version, "version");
        FieldRange.u16("vstor version revision", revision);
    }

    /**
     * @param version the version
     * @return the payload with revision 0, as Linux sends it
     */
    public static VstorVersionPayload of(VstorProtocolVersion version) {
        return new VstorVersionPayload(version, 0);
    }

    @Override
    public VstorPayloadKind kind() {
        return VstorPayloadKind.VERSION;
    }
}
