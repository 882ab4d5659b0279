package org.hvref.ic.vmbus;

import java.util.Objects;
import java.util.UUID;
import org.hvref.channel.protocol.OfferChannelDescriptor;
import org.hvref.channel.protocol.OpaqueBytes;
import org.hvref.ic.IcService;
import org.hvref.ic.IcVersionPolicy;

/**
 * The offer and ring facts of IC util channels (devices-ic-input-video.md §1.1): pipes in message mode, and the ring
 * sizes each guest family opens them with.
 */
public final class IcOffers {
    /** Offer flag ENUMERATE_DEVICE_INTERFACE (ic §1.1; LNX-H VMBUS_CHANNEL_ENUMERATE_DEVICE_INTERFACE). */
    public static final int FLAG_ENUMERATE_DEVICE_INTERFACE = 0x1;
    /** Offer flag NAMED_PIPE_MODE (ic §1.1; vmbus-core.md §2.3; LNX-H VMBUS_CHANNEL_NAMED_PIPE_MODE). */
    public static final int FLAG_NAMED_PIPE_MODE = 0x10;
    /** The offer flags of every IC channel: 0x1 | 0x10 (ic §1.1; OVMM ChannelType::Pipe message mode). */
    public static final int IC_OFFER_FLAGS = FLAG_ENUMERATE_DEVICE_INTERFACE | FLAG_NAMED_PIPE_MODE;
    /** pipe_mode MESSAGE (ic §1.1; LNX-H VMBUS_PIPE_TYPE_MESSAGE = 4). */
    public static final int PIPE_MODE_MESSAGE = 4;
    /** Offset of pipe_mode (u32) inside the 120-byte user-defined area (vmbus-core.md §2.2, offer byte 60). */
    public static final int PIPE_MODE_OFFSET = 0;
    /** Bytes a Linux util driver reads per packet: one 4 KiB page (ic §1.1; L-util vmbus_recvpacket HV_HYP_PAGE_SIZE). */
    public static final int UTIL_MAX_PACKET = 4096;
    /** Maximum pipe payload, the file-copy guest's per-packet bound (ic §1.1; LNX-H MAX_PIPE_DATA_PAYLOAD). */
    public static final int MAX_PIPE_PAYLOAD = 16384;
    /** Data pages per ring of a recent Linux util channel: 3 (ic §1.1; L-util HV_UTIL_RING_SEND_SIZE). */
    public static final int LINUX_DATA_PAGES = 3;
    /** Pages per ring, ring header included, of FreeBSD IC channels: 4 (ic §1.1; FBSD vmbus_ic.c VMBUS_IC_BRSIZE). */
    public static final int FREEBSD_RING_PAGES = 4;
    /** Data pages per ring of MacHyperVSupport IC channels: 1 (ic §1.1; MHV kHyperVICBufferSize). */
    public static final int MAC_DATA_PAGES = 1;
    /** Data pages per ring of the MacHyperVSupport file-copy channel: 8 (ic §1.1; MHV kHyperVFileCopyBufferSize). */
    public static final int MAC_FILE_COPY_DATA_PAGES = 8;

    private IcOffers() {
    }

    /** @return the 120-byte user-defined area of an IC offer: pipe_mode MESSAGE, the rest zero (ic §1.1) */
    public static OpaqueBytes pipeUserDefined() {
        byte[] area = new byte[OfferChannelDescriptor.USER_DEFINED_LENGTH];
        area[PIPE_MODE_OFFSET] = (byte) PIPE_MODE_MESSAGE; // u32 little-endian 4
        return OpaqueBytes.of(area);
    }

    /**
     * A stable instance GUID for the {@code index}-th offer of a service in one machine (hvref's pattern, like the
     * echo device's; ic §1.5 lists only OVMM's shutdown and fcopy instances).
     *
     * @param service the service
     * @param index   0, 1, ...
     * @return the instance GUID
     */
    public static UUID instanceId(IcService service, int index) {
        Objects.requireNonNull(service, "service");
        return new UUID(0x6876726569630000L | service.ordinal(), 0x6963000000000000L | (index & 0xFFFFFFFFL));
    }

    /**
     * Total ring pages (both rings, each with its header page) a guest family opens a util channel with (ic §1.1).
     *
     * @param family  the guest family
     * @param service the service
     * @return pages for {@code GuestDevices.open}: even, at least 4
     */
    public static int ringPages(IcVersionPolicy family, IcService service) {
        Objects.requireNonNull(service, "service");
        return switch (Objects.requireNonNull(family, "family")) {
            case LINUX -> 2 * (1 + LINUX_DATA_PAGES);
            case FREEBSD -> 2 * FREEBSD_RING_PAGES;
            case MAC_HYPERV_SUPPORT -> 2 * (1 + (service == IcService.FCOPY ? MAC_FILE_COPY_DATA_PAGES
                    : MAC_DATA_PAGES));
        };
    }

    /**
     * The largest packet payload the guest side accepts: one 4 KiB page for util services, the pipe maximum for file
     * copy (ic §1.1).
     *
     * @param service the service
     * @return bytes
     */
    public static int guestMaxPacket(IcService service) {
        return service == IcService.FCOPY ? MAX_PIPE_PAYLOAD : UTIL_MAX_PACKET;
    }
}
