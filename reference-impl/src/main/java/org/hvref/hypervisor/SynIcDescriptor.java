package org.hvref.hypervisor;

/**
 * Layout of the per-VP SynIC pages; source: vmbus-core.md §1.1–§1.2 (TLFS {@code HV_MESSAGE_PAGE}; LNX-OLD
 * {@code hv_synic_event_flags_page}).
 *
 * <pre>
 *  SIMP (message page, 4 KiB):      16 slots x 256 bytes, slot n at n * 0x100 (SINT 2 at 0x200)
 *  SIEFP (event flags page, 4 KiB): 16 arrays x 256 bytes = 2048 flag bits per SINT, SINT n at n * 0x100;
 *                                   flag f of SINT n is bit (f % 32) of the u32 at n * 0x100 + (f / 32) * 4
 * </pre>
 */
public final class SynIcDescriptor {
    private SynIcDescriptor() {
    }

    /** Number of synthetic interrupt sources per VP ({@code HV_SYNIC_SINT_COUNT} = 16), vmbus-core.md §1.1. */
    public static final int SINT_COUNT = 16;
    /** SINT used by VMBus for messages and channel events ({@code VMBUS_MESSAGE_SINT} = 2), vmbus-core.md §1.2. */
    public static final int VMBUS_SINT = 2;
    /** Bytes of event flags per SINT (256), vmbus-core.md §1.1. */
    public static final int EVENT_FLAGS_BYTES_PER_SINT = 256;
    /** Event flags per SINT ({@code HV_EVENT_FLAGS_COUNT} = 256 * 8 = 2048), vmbus-core.md §1.1. */
    public static final int EVENT_FLAGS_PER_SINT = EVENT_FLAGS_BYTES_PER_SINT * 8;
    /** Size of the SIMP and SIEFP pages (4 KiB). */
    public static final int PAGE_SIZE = 4096;

    /**
     * @param simp guest physical address of the message page
     * @param sint SINT number 0..15
     * @return the address of that SINT's message slot
     */
    public static long messageSlot(long simp, int sint) {
        return simp + (long) sint * HvMessageDescriptor.MESSAGE_SIZE;
    }

    /**
     * @param siefp guest physical address of the event flags page
     * @param sint  SINT number 0..15
     * @param flag  flag number 0..2047
     * @return the address of the 32-bit word that holds that flag
     */
    public static long eventFlagWord(long siefp, int sint, int flag) {
        return siefp + (long) sint * EVENT_FLAGS_BYTES_PER_SINT + (flag >>> 5) * 4L;
    }

    /**
     * @param flag flag number 0..2047
     * @return the mask of that flag within its 32-bit word
     */
    public static int eventFlagMask(int flag) {
        return 1 << (flag & 31);
    }
}
