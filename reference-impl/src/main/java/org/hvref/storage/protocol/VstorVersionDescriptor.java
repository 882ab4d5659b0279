package org.hvref.storage.protocol;

/**
 * Layout of the protocol-version payload at payload offset 0 (devices-net-storage-pci.md §3.2; L-STOR struct
 * vmstorage_protocol_version, OVMM-STOR ProtocolVersion). All fields little-endian, packed.
 *
 * <pre>
 *    off  size  field
 *    ---  ----  -----
 *      0     2  major_minor u16
 *      2     2  revision u16 (Linux 0)
 * </pre>
 */
public final class VstorVersionDescriptor {
    /** Offset of major_minor u16 (fact sheet §3.2; L-STOR struct vmstorage_protocol_version). */
    public static final int MAJOR_MINOR_OFFSET = 0;
    /** Length of major_minor u16 (fact sheet §3.2; L-STOR struct vmstorage_protocol_version). */
    public static final int MAJOR_MINOR_LENGTH = 2;
    /** Offset of revision u16 (Linux 0) (fact sheet §3.2; L-STOR struct vmstorage_protocol_version). */
    public static final int REVISION_OFFSET = 2;
    /** Length of revision u16 (Linux 0) (fact sheet §3.2; L-STOR struct vmstorage_protocol_version). */
    public static final int REVISION_LENGTH = 2;
    /** Struct length, 4 (devices-net-storage-pci.md §3.2). */
    public static final int LENGTH = 4;

    // ---------------------------------------------------------------- layout as data (STYLE.md B4)

    /** @return {@link #MAJOR_MINOR_OFFSET} */
    public static int majorMinorOffset() {
        return MAJOR_MINOR_OFFSET;
    }

    /** @return {@link #MAJOR_MINOR_LENGTH} */
    public static int majorMinorLength() {
        return MAJOR_MINOR_LENGTH;
    }

    /** @return {@link #REVISION_OFFSET} */
    public static int revisionOffset() {
        return REVISION_OFFSET;
    }

    /** @return {@link #REVISION_LENGTH} */
    public static int revisionLength() {
        return REVISION_LENGTH;
    }

    private VstorVersionDescriptor() {
    }
}
