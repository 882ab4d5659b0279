package org.hvref.hypervisor;

import static org.hvref.hypervisor.HvMessageDescriptor.MAX_PAYLOAD_SIZE;
import static org.hvref.hypervisor.HvMessageDescriptor.MESSAGE_TYPE_NONE;
import static org.hvref.hypervisor.HvMessageDescriptor.PAYLOAD_OFFSET;
import static org.hvref.hypervisor.HvMessageDescriptor.PORT_ID_OFFSET;
import static org.hvref.hypervisor.HvMessageDescriptor.SIZE_FLAGS_WORD_OFFSET;
import static org.hvref.hypervisor.HvMessageDescriptor.WORD_MESSAGE_PENDING;
import static org.hvref.hypervisor.SynIcDescriptor.EVENT_FLAGS_BYTES_PER_SINT;
import static org.hvref.hypervisor.SynIcDescriptor.EVENT_FLAGS_PER_SINT;
import static org.hvref.hypervisor.SynIcDescriptor.SINT_COUNT;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hvref.memory.GuestMemory;
import org.hvref.memory.GuestMemoryException;

/**
 * The synthetic interrupt controller of one virtual processor: a message page (SIMP, 16 slots of 256 bytes) and an
 * event flags page (SIEFP, 2048 flags per SINT) at guest-chosen GPAs, 16 SINTs with guest handlers, and per SINT a
 * bounded hypervisor queue of messages waiting for the slot (vmbus-core.md §1.1–§1.2).
 *
 * <p>Message slot protocol (vmbus-core.md §1.1, TLFS "SIM and SIEF Pages"):
 * <ul>
 *   <li>Hypervisor: a message goes into the slot only if the slot's {@code message_type} is 0 and no older message
 *       waits; the header and payload are written first and {@code message_type} last (release). Otherwise it is
 *       queued and {@code msg_pending} is set in the slot, after which the slot is re-checked so a slot freed
 *       concurrently is refilled at once.</li>
 *   <li>Guest ({@link #takeMessage}): copy the slot, compare-and-set {@code message_type} from the observed value to
 *       0 (a full barrier), then read {@code msg_pending}; if set, {@link #endOfMessage()} makes the hypervisor put
 *       the next queued message into the freed slot and assert the SINT again.</li>
 * </ul>
 *
 * <p>Interrupts: putting a message in a slot or setting an event flag asserts the SINT, i.e. submits one {@link
 * Side#GUEST} task that calls the SINT's {@link SintHandler}; assertions are coalesced while one is queued. A masked
 * SINT (no handler) still receives messages and flags, but its interrupt is raised only when it is enabled. A VP whose
 * message page is disabled is no message target ({@link HvStatus#INVALID_VP_STATE}); queued messages stay queued
 * while the page is disabled (TLFS "Reliability and Sequencing of Guest Message Buffers").
 *
 * <p>Thread safety: hypervisor-side state is guarded by this object's monitor; guest-side helpers use only atomic
 * guest memory accesses, so host and guest threads may call in concurrently.
 */
public final class SynIc {
    private static final long DISABLED = -1;

    private record Queued(int messageType, long portId, byte[] payload) {
    }

    private final GuestMemory memory;
    private final Scheduler scheduler;
    private final int vp;
    private final int queueCapacity;
    private final SintHandler[] handlers = new SintHandler[SINT_COUNT];
    private final boolean[] interruptQueued = new boolean[SINT_COUNT];
    private final List<ArrayDeque<Queued>> queues = new ArrayList<>(SINT_COUNT);
    private volatile long simp = DISABLED;
    private volatile long siefp = DISABLED;

    /**
     * @param memory        guest memory holding the SynIC pages
     * @param scheduler     runs the guest's interrupt handlers as {@link Side#GUEST} tasks
     * @param vp            the virtual processor index
     * @param queueCapacity messages that may wait per SINT behind a busy slot (≥ 0)
     */
    SynIc(GuestMemory memory, Scheduler scheduler, int vp, int queueCapacity) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queue capacity: " + queueCapacity + " (expected: >= 0)");
        }
        this.vp = vp;
        this.queueCapacity = queueCapacity;
        for (int i = 0; i < SINT_COUNT; i++) {
            queues.add(new ArrayDeque<>());
        }
    }

    /** @return the virtual processor index */
    public int vp() {
        return vp;
    }

    // ------------------------------------------------------------------ guest: registers (SIMP, SIEFP, SINTx)

    /**
     * Enables the message page at {@code gpa} (SIMP MSR write). Queued messages are delivered into free slots.
     *
     * @param gpa 4 KiB aligned guest physical address inside guest memory
     * @throws HypervisorException if the address is not such a page
     */
    public void setMessagePage(long gpa) {
        checkPageGpa(memory, "simp gpa", gpa);
        synchronized (this) {
            simp = gpa;
            for (int sint = 0; sint < SINT_COUNT; sint++) {
                deliverQueuedLocked(sint);
            }
        }
    }

    /** Disables the message page; messages posted to this VP are then refused, queued ones stay queued. */
    public synchronized void disableMessagePage() {
        simp = DISABLED;
    }

    /** @return the message page GPA, or empty if disabled */
    public Optional<Long> messagePage() {
        long p = simp;
        return p == DISABLED ? Optional.empty() : Optional.of(p);
    }

    /**
     * Enables the event flags page at {@code gpa} (SIEFP MSR write).
     *
     * @param gpa 4 KiB aligned guest physical address inside guest memory
     * @throws HypervisorException if the address is not such a page
     */
    public void setEventFlagsPage(long gpa) {
        checkPageGpa(memory, "siefp gpa", gpa);
        synchronized (this) {
            siefp = gpa;
        }
    }

    /** Disables the event flags page; event signals to this VP are then dropped. */
    public synchronized void disableEventFlagsPage() {
        siefp = DISABLED;
    }

    /** @return the event flags page GPA, or empty if disabled */
    public Optional<Long> eventFlagsPage() {
        long p = siefp;
        return p == DISABLED ? Optional.empty() : Optional.of(p);
    }

    /**
     * Unmasks {@code sint} with {@code handler} as its interrupt handler (SINTx MSR write). If the slot already holds a
     * message or a flag is set, the SINT is asserted at once.
     *
     * @param sint    0..15
     * @param handler called as a {@link Side#GUEST} task on every (coalesced) assertion
     * @throws HypervisorException if {@code sint} is not 0..15
     */
    public void enableSint(int sint, SintHandler handler) {
        checkSint(sint);
        Objects.requireNonNull(handler, "handler");
        synchronized (this) {
            handlers[sint] = handler;
            if (slotBusy(sint) || anyEventFlag(sint)) {
                raiseLocked(sint);
            }
        }
    }

    /**
     * Masks {@code sint}: messages and flags still arrive but raise no interrupt until it is enabled again.
     *
     * @param sint 0..15
     */
    public synchronized void disableSint(int sint) {
        checkSint(sint);
        handlers[sint] = null;
    }

    /** @param sint 0..15 @return whether the SINT is unmasked (has a handler) */
    public synchronized boolean sintEnabled(int sint) {
        checkSint(sint);
        return handlers[sint] != null;
    }

    // ------------------------------------------------------------------ guest: message slot

    /**
     * Copies the message in {@code sint}'s slot without freeing it.
     *
     * @param sint 0..15
     * @return the message, or empty if the slot is empty ({@code message_type} 0)
     * @throws IllegalStateException if the message page is disabled
     * @throws HypervisorException   if the slot's {@code payload_size} exceeds 240
     */
    public Optional<SynicMessage> readMessage(int sint) {
        checkSint(sint);
        long slot = SynIcDescriptor.messageSlot(requireSimp(), sint);
        int type = memory.getIntAcquire(slot + HvMessageDescriptor.MESSAGE_TYPE_OFFSET);
        if (type == MESSAGE_TYPE_NONE) {
            return Optional.empty();
        }
        int word = memory.getIntVolatile(slot + SIZE_FLAGS_WORD_OFFSET);
        int size = word & 0xFF;
        if (size > MAX_PAYLOAD_SIZE) {
            throw new HypervisorException(HypervisorError.BAD_MESSAGE_SIZE,
                    "message slot payload_size: " + size + " (expected: <= " + MAX_PAYLOAD_SIZE + ")");
        }
        byte[] payload = new byte[size];
        memory.read(slot + PAYLOAD_OFFSET, payload, 0, size);
        long port = memory.getLong(slot + PORT_ID_OFFSET);
        return Optional.of(new SynicMessage(type, (word & WORD_MESSAGE_PENDING) != 0, port, payload));
    }

    /**
     * Frees {@code sint}'s slot if it still holds a message of {@code observed}'s type: compare-and-set of {@code
     * message_type} to 0, then, if {@code msg_pending} is set, {@link #endOfMessage()} (vmbus-core.md §1.1).
     *
     * @param sint     0..15
     * @param observed the message read from the slot
     * @return whether this call freed the slot
     */
    public boolean completeMessage(int sint, SynicMessage observed) {
        checkSint(sint);
        long slot = SynIcDescriptor.messageSlot(requireSimp(), sint);
        if (!memory.compareAndSetInt(slot + HvMessageDescriptor.MESSAGE_TYPE_OFFSET, observed.messageType(),
                MESSAGE_TYPE_NONE)) {
            return false;
        }
        if ((memory.getIntVolatile(slot + SIZE_FLAGS_WORD_OFFSET) & WORD_MESSAGE_PENDING) != 0) {
            endOfMessage();
        }
        return true;
    }

    /**
     * Consumes the message in {@code sint}'s slot: {@link #readMessage} then {@link #completeMessage}.
     *
     * @param sint 0..15
     * @return the message, or empty if the slot was empty
     */
    public Optional<SynicMessage> takeMessage(int sint) {
        Optional<SynicMessage> m = readMessage(sint);
        m.ifPresent(message -> completeMessage(sint, message));
        return m;
    }

    /**
     * End of message (EOM MSR write, vmbus-core.md §1.1): the hypervisor re-scans this VP's queues and delivers the
     * next queued message into every free slot, asserting the SINT.
     */
    public synchronized void endOfMessage() {
        for (int sint = 0; sint < SINT_COUNT; sint++) {
            deliverQueuedLocked(sint);
        }
    }

    // ------------------------------------------------------------------ guest: event flags

    /**
     * Atomically tests and clears one event flag.
     *
     * @param sint 0..15
     * @param flag 0..2047
     * @return whether the flag was set
     * @throws IllegalStateException if the event flags page is disabled
     */
    public boolean testAndClearEventFlag(int sint, int flag) {
        checkSint(sint);
        checkFlag(flag);
        int mask = SynIcDescriptor.eventFlagMask(flag);
        long word = SynIcDescriptor.eventFlagWord(requireSiefp(), sint, flag);
        return (memory.getAndBitwiseAndInt(word, ~mask) & mask) != 0;
    }

    /**
     * @param sint 0..15
     * @param flag 0..2047
     * @return whether the event flag is set (volatile read)
     */
    public boolean eventFlag(int sint, int flag) {
        checkSint(sint);
        checkFlag(flag);
        long word = SynIcDescriptor.eventFlagWord(requireSiefp(), sint, flag);
        return (memory.getIntVolatile(word) & SynIcDescriptor.eventFlagMask(flag)) != 0;
    }

    /**
     * Atomically takes every set event flag of {@code sint} (one atomic exchange per 32-bit word), as a guest ISR
     * scanning the 2048 bits does (vmbus-core.md §1.6).
     *
     * @param sint 0..15
     * @return the flag numbers that were set, ascending
     */
    public int[] takeEventFlags(int sint) {
        checkSint(sint);
        long base = requireSiefp() + (long) sint * EVENT_FLAGS_BYTES_PER_SINT;
        int[] out = new int[8];
        int n = 0;
        for (int w = 0; w < EVENT_FLAGS_BYTES_PER_SINT / 4; w++) {
            long gpa = base + w * 4L;
            if (memory.getIntVolatile(gpa) == 0) {
                continue;
            }
            int bits = memory.getAndSetInt(gpa, 0);
            while (bits != 0) {
                int bit = Integer.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = w * 32 + bit;
            }
        }
        return Arrays.copyOf(out, n);
    }

    // ------------------------------------------------------------------ hypervisor side

    /**
     * Posts a message to {@code sint} of this VP (called by {@link Hypervisor}).
     *
     * @return {@link HvStatus#SUCCESS}, {@link HvStatus#INVALID_VP_STATE} if the message page is disabled, {@link
     *     HvStatus#INSUFFICIENT_BUFFERS} if the SINT's queue is full
     */
    synchronized HvStatus post(int sint, int messageType, long portId, byte[] payload) {
        if (simp == DISABLED) {
            return HvStatus.INVALID_VP_STATE;
        }
        ArrayDeque<Queued> queue = queues.get(sint);
        Queued message = new Queued(messageType, portId, payload);
        if (queue.isEmpty() && !slotBusy(sint)) {
            writeSlotLocked(sint, message, false);
            return HvStatus.SUCCESS;
        }
        deliverQueuedLocked(sint);
        if (queue.size() >= queueCapacity) {
            return HvStatus.INSUFFICIENT_BUFFERS;
        }
        queue.addLast(message);
        long slot = SynIcDescriptor.messageSlot(simp, sint);
        memory.getAndBitwiseOrInt(slot + SIZE_FLAGS_WORD_OFFSET, WORD_MESSAGE_PENDING);
        // The guest may have freed the slot before it could see msg_pending: re-check and refill it ourselves.
        deliverQueuedLocked(sint);
        return HvStatus.SUCCESS;
    }

    /**
     * Sets an event flag of {@code sint} and asserts the SINT (called by {@link Hypervisor}).
     *
     * @return whether the flag was newly set (false if it was already set or the event flags page is disabled)
     */
    synchronized boolean signal(int sint, int flag) {
        long page = siefp;
        if (page == DISABLED) {
            return false;
        }
        int mask = SynIcDescriptor.eventFlagMask(flag);
        boolean newly = (memory.getAndBitwiseOrInt(SynIcDescriptor.eventFlagWord(page, sint, flag), mask) & mask) == 0;
        raiseLocked(sint);
        return newly;
    }

    /** @param sint 0..15 @return messages waiting in the hypervisor queue behind the slot */
    public synchronized int queuedMessages(int sint) {
        checkSint(sint);
        return queues.get(sint).size();
    }

    private void deliverQueuedLocked(int sint) {
        ArrayDeque<Queued> queue = queues.get(sint);
        if (simp == DISABLED || queue.isEmpty() || slotBusy(sint)) {
            return;
        }
        Queued next = queue.pollFirst();
        writeSlotLocked(sint, next, !queue.isEmpty());
    }

    private void writeSlotLocked(int sint, Queued message, boolean morePending) {
        long slot = SynIcDescriptor.messageSlot(simp, sint);
        byte[] payload = message.payload();
        int word = payload.length | (morePending ? WORD_MESSAGE_PENDING : 0);
        memory.putIntVolatile(slot + SIZE_FLAGS_WORD_OFFSET, word);
        memory.putLong(slot + PORT_ID_OFFSET, message.portId());
        memory.write(slot + PAYLOAD_OFFSET, payload, 0, payload.length);
        memory.putIntRelease(slot + HvMessageDescriptor.MESSAGE_TYPE_OFFSET, message.messageType());
        raiseLocked(sint);
    }

    private boolean slotBusy(int sint) {
        long page = simp;
        return page != DISABLED && memory.getIntVolatile(SynIcDescriptor.messageSlot(page, sint)) != MESSAGE_TYPE_NONE;
    }

    private boolean anyEventFlag(int sint) {
        long page = siefp;
        if (page == DISABLED) {
            return false;
        }
        long base = page + (long) sint * EVENT_FLAGS_BYTES_PER_SINT;
        for (int w = 0; w < EVENT_FLAGS_BYTES_PER_SINT / 4; w++) {
            if (memory.getIntVolatile(base + w * 4L) != 0) {
                return true;
            }
        }
        return false;
    }

    private void raiseLocked(int sint) {
        if (handlers[sint] == null || interruptQueued[sint]) {
            return;
        }
        interruptQueued[sint] = true;
        scheduler.submit(Side.GUEST, "guest: vp " + vp + " sint " + sint + " interrupt", () -> {
            SintHandler handler;
            synchronized (this) {
                interruptQueued[sint] = false;
                handler = handlers[sint];
            }
            if (handler != null) {
                handler.onInterrupt(vp, sint);
            }
        });
    }

    private long requireSimp() {
        long p = simp;
        if (p == DISABLED) {
            throw new IllegalStateException("vp " + vp + ": message page disabled");
        }
        return p;
    }

    private long requireSiefp() {
        long p = siefp;
        if (p == DISABLED) {
            throw new IllegalStateException("vp " + vp + ": event flags page disabled");
        }
        return p;
    }

    static void checkSint(int sint) {
        if (sint < 0 || sint >= SINT_COUNT) {
            throw new HypervisorException(HypervisorError.BAD_SINT,
                    "sint: " + sint + " (expected: 0.." + (SINT_COUNT - 1) + ")");
        }
    }

    static void checkFlag(int flag) {
        if (flag < 0 || flag >= EVENT_FLAGS_PER_SINT) {
            throw new HypervisorException(HypervisorError.BAD_EVENT_FLAG,
                    "event flag: " + flag + " (expected: 0.." + (EVENT_FLAGS_PER_SINT - 1) + ")");
        }
    }

    static void checkPageGpa(GuestMemory memory, String what, long gpa) {
        if ((gpa & (SynIcDescriptor.PAGE_SIZE - 1)) != 0) {
            throw new HypervisorException(HypervisorError.BAD_PAGE_GPA,
                    what + ": 0x" + Long.toHexString(gpa) + " (expected: 4 KiB aligned)");
        }
        try {
            memory.checkRange(gpa, SynIcDescriptor.PAGE_SIZE);
        } catch (GuestMemoryException e) {
            throw new HypervisorException(HypervisorError.BAD_PAGE_GPA,
                    what + ": 0x" + Long.toHexString(gpa) + " (expected: a page inside guest memory of "
                            + memory.pages() + " pages)");
        }
    }

    @Override
    public String toString() {
        return "SynIc[vp=" + vp + ", simp=" + messagePage().map(Long::toHexString).orElse("off") + ", siefp="
                + eventFlagsPage().map(Long::toHexString).orElse("off") + "]";
    }
}
