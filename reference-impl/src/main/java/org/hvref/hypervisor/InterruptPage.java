package org.hvref.hypervisor;

import java.util.Objects;
import java.util.function.IntConsumer;
import org.hvref.memory.GuestMemory;

/**
 * Flyweight over the pre-Win8 VMBus interrupt page, the 4 KiB page whose GPA the guest names in INITIATE_CONTACT
 * (vmbus-core.md §1.6 "Pre-Win8 (0.13/1.1) legacy path"; OVMM {@code channel_bitmap.rs}, OHCL
 * {@code hyperv_vmbus.h} comments):
 *
 * <pre>
 *   0x000 +--------------------------------------+
 *         | host→guest bitmap, bit = relid        |  2 KiB, 16384 bits
 *   0x800 +--------------------------------------+
 *         | guest→host bitmap, bit = relid        |  2 KiB, 16384 bits
 *   0x1000+--------------------------------------+
 * </pre>
 *
 * <p>The sender sets the relid's bit with an atomic OR, then signals (host: event flag 0 of SINT 2 on VP 0; guest:
 * HvSignalEvent on connection 2); the receiver scans its half word by word with an atomic test-and-clear and handles
 * every bit that was set. Both directions of the simulated machine use this one helper. Bits are little-endian
 * u32 words: relid {@code r} is bit {@code r % 32} of the word at byte {@code 4 * (r / 32)} of the half.
 */
public final class InterruptPage {
    /** Byte size of the page (vmbus-core.md §1.6: 4 KiB). */
    public static final int PAGE_SIZE = 4096;
    /** Byte size of each half (vmbus-core.md §1.6: first 2 KiB host→guest, second 2 KiB guest→host). */
    public static final int HALF_SIZE = 2048;
    /** Offset of the host→guest half (vmbus-core.md §1.6: first 2 KiB). */
    public static final int HOST_TO_GUEST_OFFSET = 0;
    /** Offset of the guest→host half (vmbus-core.md §1.6: second 2 KiB). */
    public static final int GUEST_TO_HOST_OFFSET = 2048;
    /** Relids one half covers (vmbus-core.md §1.6: 16384 bits each, {@code MAX_NUM_CHANNELS}). */
    public static final int MAX_RELID_BITS = HALF_SIZE * 8;

    /** Which half of the page a bit lives in. */
    public enum Half {
        /** The first 2 KiB: the host sets, the guest scans. */
        HOST_TO_GUEST(HOST_TO_GUEST_OFFSET),
        /** The second 2 KiB: the guest sets, the host scans. */
        GUEST_TO_HOST(GUEST_TO_HOST_OFFSET);

        private final int offset;

        Half(int offset) {
            this.offset = offset;
        }

        /** @return byte offset of this half inside the page */
        public int offset() {
            return offset;
        }
    }

    private final GuestMemory memory;
    private final long gpa;

    /**
     * @param memory guest memory
     * @param gpa    guest physical address of the page, 4 KiB aligned and inside {@code memory}
     * @throws HypervisorException if the address is not such a page (it comes from INITIATE_CONTACT: untrusted)
     */
    public InterruptPage(GuestMemory memory, long gpa) {
        this.memory = Objects.requireNonNull(memory, "memory");
        SynIc.checkPageGpa(memory, "interrupt page gpa", gpa);
        this.gpa = gpa;
    }

    /** @return the guest physical address of the page */
    public long gpa() {
        return gpa;
    }

    /**
     * Sets bit {@code relid} of {@code half} with an atomic OR.
     *
     * @param half  the half
     * @param relid the channel, 0..16383
     * @return whether the bit was newly set
     * @throws IllegalArgumentException if the relid does not fit a half
     */
    public boolean set(Half half, int relid) {
        checkRelid(relid);
        int bit = 1 << (relid & 31);
        return (memory.getAndBitwiseOrInt(wordGpa(half, relid), bit) & bit) == 0;
    }

    /**
     * @param half  the half
     * @param relid the channel, 0..16383
     * @return whether bit {@code relid} of {@code half} is set (a plain volatile read; no clearing)
     */
    public boolean isSet(Half half, int relid) {
        checkRelid(relid);
        return (memory.getIntVolatile(wordGpa(half, relid)) & (1 << (relid & 31))) != 0;
    }

    /**
     * Scans {@code half} word by word: every non-zero word is cleared with one atomic test-and-clear ({@code
     * getAndBitwiseAnd(word, 0)}) and each bit that was set in it is handed to {@code onBit} in ascending relid order.
     * A bit set concurrently after its word was taken stays for the next scan (its sender signals again).
     *
     * @param half  the half
     * @param onBit receives each relid whose bit was set (including relids the receiver does not know; it ignores
     *              them)
     * @return how many bits were taken
     */
    public int takeAll(Half half, IntConsumer onBit) {
        long base = gpa + half.offset();
        int taken = 0;
        for (int w = 0; w < HALF_SIZE / 4; w++) {
            long word = base + w * 4L;
            if (memory.getIntVolatile(word) == 0) {
                continue;
            }
            int bits = memory.getAndBitwiseAndInt(word, 0);
            while (bits != 0) {
                int bit = Integer.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                taken++;
                onBit.accept(w * 32 + bit);
            }
        }
        return taken;
    }

    private long wordGpa(Half half, int relid) {
        return gpa + half.offset() + (relid >>> 5) * 4L;
    }

    private static void checkRelid(int relid) {
        if (relid < 0 || relid >= MAX_RELID_BITS) {
            throw new IllegalArgumentException("interrupt page relid: " + relid + " (expected: 0.."
                    + (MAX_RELID_BITS - 1) + ")");
        }
    }

    @Override
    public String toString() {
        return "InterruptPage[0x" + Long.toHexString(gpa) + "]";
    }
}
