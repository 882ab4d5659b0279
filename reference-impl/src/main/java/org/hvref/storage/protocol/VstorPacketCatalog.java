package org.hvref.storage.protocol;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The operation table (devices-net-storage-pci.md §3.2, §3.4, §3.5): per operation, which union member its request
 * carries and which its COMPLETE_IO answer carries. {@link VstorPacketCodec} reads payloads by this table only.
 *
 * <p>Resets are {@link VstorPayloadKind#OPAQUE}: Linux zeroes the packet and sets only vm_srb.path_id (§3.5), so the
 * vm_srb length check of {@link VstorPayloadKind#SRB} would refuse them.
 */
public final class VstorPacketCatalog {

    /**
     * One row of the table.
     *
     * @param operation  the operation
     * @param request    the request's payload kind
     * @param completion the payload kind of the COMPLETE_IO that answers it
     */
    public record Entry(VstorOperation operation, VstorPayloadKind request, VstorPayloadKind completion) {
    }

    private static final Map<VstorOperation, Entry> ENTRIES = new EnumMap<>(VstorOperation.class);

    static {
        for (VstorOperation op : VstorOperation.values()) {
            ENTRIES.put(op, new Entry(op, VstorPayloadKind.OPAQUE, VstorPayloadKind.OPAQUE));
        }
        put(VstorOperation.EXECUTE_SRB, VstorPayloadKind.SRB, VstorPayloadKind.SRB);
        put(VstorOperation.QUERY_PROTOCOL_VERSION, VstorPayloadKind.VERSION, VstorPayloadKind.VERSION);
        put(VstorOperation.QUERY_PROPERTIES, VstorPayloadKind.PROPERTIES, VstorPayloadKind.PROPERTIES);
        put(VstorOperation.CREATE_SUB_CHANNELS, VstorPayloadKind.SUB_CHANNEL_COUNT, VstorPayloadKind.OPAQUE);
    }

    private static void put(VstorOperation op, VstorPayloadKind request, VstorPayloadKind completion) {
        ENTRIES.put(op, new Entry(op, request, completion));
    }

    private VstorPacketCatalog() {
    }

    /**
     * @param operation an operation
     * @return its row
     */
    public static Entry entry(VstorOperation operation) {
        return ENTRIES.get(operation);
    }

    /** @return every row, in operation order */
    public static Map<VstorOperation, Entry> entries() {
        return Collections.unmodifiableMap(new EnumMap<>(ENTRIES));
    }
}
