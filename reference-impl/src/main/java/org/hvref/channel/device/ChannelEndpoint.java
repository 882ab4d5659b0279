package org.hvref.channel.device;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.hvref.ring.CompletionPacket;
import org.hvref.ring.GpaDirectPacket;
import org.hvref.ring.GpaRange;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.PacketCodec;
import org.hvref.ring.PacketDescriptor;
import org.hvref.ring.PacketView;
import org.hvref.ring.RingCorruptedException;
import org.hvref.ring.RingDoorbell;
import org.hvref.ring.RingDrainLoop;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingSendLoop;
import org.hvref.ring.RingWriter;
import org.hvref.ring.TransferPageRange;
import org.hvref.ring.TransferPagesPacket;
import org.hvref.ring.VmbusPacket;
import org.hvref.ring.WriteStatus;
import org.hvref.wire.ProtocolException;

/**
 * One side of an open channel's data plane (vmbus-core.md §6–§7): sends packets into the outgoing ring, drains the
 * incoming ring when the peer signals ({@link #onInterrupt()}), and matches completions to requests by transaction
 * id. Used the same way by host devices and guest drivers; the control plane hands it the two rings once the channel
 * is open.
 *
 * <p>Sending: {@link #trySend} writes now or returns {@link WriteStatus#FULL}; {@link #send} queues the packet and
 * writes it as soon as it fits, using the pending-send-size protocol (vmbus-core.md §6.4: pending_send_sz is stored,
 * the peer's reader signals once it freed that much, and the next {@link #onInterrupt()} wakes the writer) — no
 * thread waits or spins; {@link #sendBlocking} waits for that future, for concurrent callers. Packets leave in the
 * order they were handed to {@code send}/{@code request}.
 *
 * <p>Requests: {@link #request} allocates a transaction id (1, 2, 3, …, never reused), sends the packet with
 * COMPLETION_REQUESTED (vmbus-core.md §7.2, §7.4) and completes its future with the matching completion packet,
 * in whatever order completions arrive. At most {@code maxOutstanding} requests are in flight; further requests wait
 * unsent, in order, until a completion frees a slot. A completion with a transaction id never allocated, or one
 * already completed, is a protocol error ({@link EndpointException}): recorded, ignored, and the endpoint keeps
 * working; so are packets whose contents do not decode and payloads the handler rejects.
 *
 * <p>Failure: a corrupt ring (either direction) fails the endpoint for good: every queued send and outstanding
 * request fails with an {@link EndpointException} ({@link EndpointError#ENDPOINT_FAILED}) carrying the
 * {@link RingCorruptedException} as cause, and so does every later call.
 *
 * <p>Threads: thread-safe. {@link #onInterrupt()} runs on the adapter's interrupt thread (one at a time; calls are
 * serialized); the handler and the completion of request futures run on it, so neither may block on this endpoint
 * (use {@code thenApplyAsync} and friends to leave that thread). In a deterministic test everything runs on one
 * thread: the test calls {@code onInterrupt()} when the peer's {@link ChannelSignal} fired.
 *
 * <p>Signals: a channel has one signal per direction of travel of the interrupt, not per ring (vmbus-core.md §1.6),
 * so {@code onInterrupt()} cannot tell "data arrived" from "space freed": it starts a drain (ReaderWake) and, if this
 * side's writer sleeps, wakes it (WriterWake) on every interrupt; a writer woken without space re-checks and sleeps
 * again. The endpoint records no spec events of its own; rings built with a {@link org.hvref.trace.SpecTracer}
 * record theirs, and such traces show these wake-ups even when the peer signalled the other ring — unless both
 * endpoints share the channel's per-ring doorbells ({@link #shareDoorbells}): then each side raises the ring's
 * doorbell when its traced step decides to signal, the woken side consumes only what was raised, and its ring traces
 * are behaviours of {@code ring/VmbusRing.tla} (no wake without a signal).
 */
public final class ChannelEndpoint {
    /** Default bound on requests in flight. */
    public static final int DEFAULT_MAX_OUTSTANDING = 256;
    /** Default packets per {@link RingReader#readBatch} in {@link #onInterrupt()}. */
    public static final int DEFAULT_BATCH = 64;
    /** How many recent protocol errors {@link #recentProtocolErrors()} keeps. */
    public static final int RECENT_ERRORS = 16;

    private final RingWriter writer;
    private final RingReader reader;
    private final ChannelSignal signal;
    private final ChannelPacketHandler handler;
    private final int maxOutstanding;
    private final int batchSize;
    private final RingSendLoop sendLoop;
    private final RingDrainLoop drainLoop;
    /** Stands for the peer's signal on the incoming ring; raised by {@link #onInterrupt()}, consumed by beginRead. */
    private final RingDoorbell interruptBell = new RingDoorbell();
    /** Stands for the peer's free-space signal; raised by {@link #onInterrupt()} while the writer sleeps. */
    private final RingDoorbell spaceBell = new RingDoorbell();
    /** The channel's per-ring doorbells shared with the peer, or {@code null}: one signal per direction. */
    private volatile ChannelDoorbells shared;
    /** Set once the endpoint sent or was interrupted: doorbells can no longer be shared. */
    private volatile boolean used;
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final Object sendLock = new Object();

    // guarded by sendLock
    private final ArrayDeque<PendingSend> sendQueue = new ArrayDeque<>();
    private final Map<Long, CompletableFuture<CompletionPacket>> outstanding = new HashMap<>();
    private final ArrayDeque<PendingRequest> waitingRequests = new ArrayDeque<>();
    private long nextTransactionId = 1;
    private boolean signalDue;

    // guarded by receiveLock
    private RuntimeException handlerBug;

    private volatile Throwable failure;
    private final AtomicLong protocolErrors = new AtomicLong();
    private final ArrayDeque<ProtocolException> recentErrors = new ArrayDeque<>();

    /** A packet waiting for ring space; {@code sent} is null for requests (their future is the completion). */
    private record PendingSend(byte[] encoded, CompletableFuture<Void> sent) {
    }

    /** A request waiting for a free slot: its encoded packet (transaction id still 0) and its future. */
    private record PendingRequest(byte[] encoded, CompletableFuture<CompletionPacket> completion) {
    }

    /** What a locked section decided: signal the peer, complete futures, fail the endpoint — done after unlocking. */
    private final class Effects {
        private boolean signalPeer;
        private Throwable failed;
        private final List<Runnable> completions = new ArrayList<>(2);

        void run() {
            if (failed != null) {
                fail(failed);
            }
            if (signalPeer) {
                signal.signal();
            }
            for (Runnable r : completions) {
                r.run();
            }
        }
    }

    /**
     * An endpoint with the default bounds.
     *
     * @param outgoing the writer of the ring to the peer
     * @param incoming the reader of the ring from the peer
     * @param signal   rings the peer's doorbell
     * @param handler  receives the packets that are not completions of this endpoint's requests
     */
    public ChannelEndpoint(RingWriter outgoing, RingReader incoming, ChannelSignal signal,
                           ChannelPacketHandler handler) {
        this(outgoing, incoming, signal, handler, DEFAULT_MAX_OUTSTANDING, DEFAULT_BATCH);
    }

    /**
     * An endpoint.
     *
     * @param outgoing       the writer of the ring to the peer (used only by this endpoint from now on)
     * @param incoming       the reader of the ring from the peer (used only by this endpoint from now on)
     * @param signal         rings the peer's doorbell
     * @param handler        receives the packets that are not completions of this endpoint's requests
     * @param maxOutstanding most requests in flight, ≥ 1
     * @param batchSize      packets per batch when draining, ≥ 1
     */
    public ChannelEndpoint(RingWriter outgoing, RingReader incoming, ChannelSignal signal,
                           ChannelPacketHandler handler, int maxOutstanding, int batchSize) {
        this.writer = Objects.requireNonNull(outgoing, "outgoing");
        this.reader = Objects.requireNonNull(incoming, "incoming");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.handler = Objects.requireNonNull(handler, "handler");
        if (maxOutstanding < 1) {
            throw new IllegalArgumentException("max outstanding: " + maxOutstanding + " (expected: >= 1)");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size: " + batchSize + " (expected: >= 1)");
        }
        this.maxOutstanding = maxOutstanding;
        this.batchSize = batchSize;
        this.sendLoop = new RingSendLoop(outgoing, () -> signalDue = true);
        this.drainLoop = new RingDrainLoop(incoming, signal::signal);
    }

    /**
     * Makes this endpoint use the channel's per-ring doorbells, shared with the peer's endpoint (which gets {@link
     * ChannelDoorbells#peer()}): every signal this side's rings decide raises the matching doorbell inside the
     * deciding step ({@link RingWriter#raiseOnSignal}, {@link RingReader#raiseOnSignal}), before the interrupt, and
     * {@link #onInterrupt()} wakes the reader and the writer only for a doorbell the peer raised. Call before the
     * endpoint carries any traffic.
     *
     * @param doorbells this side's view of the channel's doorbells
     * @throws IllegalStateException if doorbells were shared already or the endpoint was used
     */
    public void shareDoorbells(ChannelDoorbells doorbells) {
        Objects.requireNonNull(doorbells, "doorbells");
        synchronized (sendLock) {
            if (shared != null || used) {
                throw new IllegalStateException("channel endpoint doorbells: " + (used ? "endpoint already used"
                        : "already shared") + " (expected: share before the first send or interrupt)");
            }
            writer.raiseOnSignal(doorbells.outgoingData());
            reader.raiseOnSignal(doorbells.incomingSpace());
            shared = doorbells;
        }
    }

    // ---------------------------------------------------------------- sending

    /**
     * Writes the packet now if it fits and nothing is queued before it; signals the peer when the ring says so.
     *
     * @param packet the packet
     * @return {@link WriteStatus#FULL} if it was not written (ring full, or earlier packets still queued)
     * @throws EndpointException        if the endpoint failed ({@link EndpointError#ENDPOINT_FAILED})
     * @throws IllegalArgumentException if the packet can never fit in the ring
     */
    public WriteStatus trySend(VmbusPacket packet) {
        byte[] encoded = encode(packet);
        Effects effects = new Effects();
        WriteStatus status = WriteStatus.FULL;
        synchronized (sendLock) {
            checkNotFailed();
            used = true;
            if (sendQueue.isEmpty() && writer.state() != RingWriter.State.SLEEPING) {
                try {
                    status = writer.tryWriteEncoded(encoded, 0, encoded.length);
                    effects.signalPeer = status.signal();
                } catch (RingCorruptedException e) {
                    effects.failed = e;
                }
            }
        }
        effects.run();
        if (effects.failed != null) {
            checkNotFailed();
        }
        return status;
    }

    /**
     * Sends the packet as soon as the ring has room, after every packet handed over before it.
     *
     * @param packet the packet
     * @return completes when the packet is in the ring (fails with {@link EndpointException} if the endpoint fails)
     * @throws IllegalArgumentException if the packet can never fit in the ring
     */
    public CompletableFuture<Void> send(VmbusPacket packet) {
        byte[] encoded = encode(packet);
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Effects effects = new Effects();
        synchronized (sendLock) {
            if (failure != null) {
                effects.completions.add(() -> sent.completeExceptionally(failedException()));
            } else {
                used = true;
                sendQueue.add(new PendingSend(encoded, sent));
                flushLocked(effects);
            }
        }
        effects.run();
        return sent;
    }

    /**
     * Sends the packet, blocking the calling thread until it is in the ring (concurrent mode). Must not be called on
     * the interrupt thread (from the handler or a completion callback): only that thread can free the space.
     *
     * @param packet    the packet
     * @param hangGuard longest wait: a lost wake-up fails instead of hanging
     * @throws InterruptedException     if interrupted while waiting
     * @throws TimeoutException         if the packet was not written within {@code hangGuard}
     * @throws EndpointException        if the endpoint failed
     * @throws IllegalStateException    if called on the interrupt thread
     */
    public void sendBlocking(VmbusPacket packet, Duration hangGuard) throws InterruptedException, TimeoutException {
        if (receiveLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("sendBlocking on the interrupt thread (expected: send(), which does not "
                + "wait)");
        }
        await(send(packet), hangGuard);
    }

    /**
     * Sends an in-band packet (VM_PKT_DATA_INBAND, vmbus-core.md §7.2) without asking for a completion.
     *
     * @param payload the data (copied)
     * @return completes when the packet is in the ring
     */
    public CompletableFuture<Void> sendInBand(byte[] payload) {
        return send(new InBandPacket(0, 0, payload));
    }

    /**
     * Answers a request: a completion packet (VM_PKT_COMP) echoing its transaction id (vmbus-core.md §7.2).
     *
     * @param transactionId the request's transaction id
     * @param payload       the completion's data (copied)
     * @return completes when the packet is in the ring
     */
    public CompletableFuture<Void> complete(long transactionId, byte[] payload) {
        return send(new CompletionPacket(0, transactionId, payload));
    }

    /**
     * Sends a GPA-direct packet (VM_PKT_DATA_USING_GPA_DIRECT, vmbus-core.md §7.3) describing guest page buffers,
     * without asking for a completion.
     *
     * @param ranges  the page buffers, at least one
     * @param payload the data after the ranges (copied)
     * @return completes when the packet is in the ring
     */
    public CompletableFuture<Void> sendGpaDirect(List<GpaRange> ranges, byte[] payload) {
        return send(new GpaDirectPacket(0, 0, ranges, payload));
    }

    /**
     * Sends a transfer-page packet (VM_PKT_DATA_USING_XFER_PAGES, vmbus-core.md §7.3) naming ranges of a transfer
     * page set shared earlier, without asking for a completion.
     *
     * @param transferPageSetId the set's id (u16)
     * @param senderOwnsSet     the sender_owns_set byte
     * @param ranges            the ranges
     * @param payload           the data after the ranges (copied)
     * @return completes when the packet is in the ring
     */
    public CompletableFuture<Void> sendTransferPages(int transferPageSetId, boolean senderOwnsSet,
                                                     List<TransferPageRange> ranges, byte[] payload) {
        return send(new TransferPagesPacket(0, 0, transferPageSetId, senderOwnsSet, ranges, payload));
    }

    // ---------------------------------------------------------------- requests

    /**
     * Sends an in-band request with COMPLETION_REQUESTED and a fresh transaction id.
     *
     * @param payload the data (copied now)
     * @return completes with the matching completion packet (fails with {@link EndpointException} if the endpoint
     *     fails first)
     */
    public CompletableFuture<CompletionPacket> request(byte[] payload) {
        return request(new InBandPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, 0, payload));
    }

    /**
     * Sends a GPA-direct request (Linux always asks for a completion on GPA-direct packets, vmbus-core.md §7.3).
     *
     * @param ranges  the page buffers, at least one
     * @param payload the data after the ranges (copied now)
     * @return completes with the matching completion packet
     */
    public CompletableFuture<CompletionPacket> requestGpaDirect(List<GpaRange> ranges, byte[] payload) {
        return request(new GpaDirectPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, 0, ranges, payload));
    }

    /**
     * Sends a transfer-page request.
     *
     * @param transferPageSetId the set's id (u16)
     * @param senderOwnsSet     the sender_owns_set byte
     * @param ranges            the ranges
     * @param payload           the data after the ranges (copied now)
     * @return completes with the matching completion packet
     */
    public CompletableFuture<CompletionPacket> requestTransferPages(int transferPageSetId, boolean senderOwnsSet,
                                                                    List<TransferPageRange> ranges, byte[] payload) {
        return request(new TransferPagesPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, 0, transferPageSetId,
            senderOwnsSet, ranges, payload));
    }

    /**
     * Sends a request: the packet with a fresh transaction id in place of its own. Waits unsent while
     * {@code maxOutstanding} requests are in flight.
     *
     * @param packet a packet with {@link VmbusPacket#completionRequested()} set and not a completion
     * @return completes with the matching completion packet
     * @throws IllegalArgumentException if the packet does not ask for a completion, is a completion, or can never
     *                                  fit in the ring
     */
    public CompletableFuture<CompletionPacket> request(VmbusPacket packet) {
        if (!packet.completionRequested() || packet instanceof CompletionPacket) {
            throw new IllegalArgumentException("request packet: " + packet.type() + " flags=" + packet.flags()
                + " (expected: COMPLETION_REQUESTED set, not a completion)");
        }
        byte[] encoded = encode(packet);
        CompletableFuture<CompletionPacket> completion = new CompletableFuture<>();
        Effects effects = new Effects();
        synchronized (sendLock) {
            if (failure != null) {
                effects.completions.add(() -> completion.completeExceptionally(failedException()));
            } else {
                used = true;
                PendingRequest r = new PendingRequest(encoded, completion);
                if (outstanding.size() >= maxOutstanding) {
                    waitingRequests.add(r);
                } else {
                    startRequestLocked(r);
                    flushLocked(effects);
                }
            }
        }
        effects.run();
        return completion;
    }

    private void startRequestLocked(PendingRequest r) {
        long tid = nextTransactionId++;
        if (tid == 0) { // after 2^64 requests: 0 stays unused so it never matches
            tid = nextTransactionId++;
        }
        putLongLe(r.encoded, PacketDescriptor.TRANSACTION_ID_OFFSET, tid);
        outstanding.put(tid, r.completion);
        sendQueue.add(new PendingSend(r.encoded, null));
    }

    private static void putLongLe(byte[] b, int at, long v) {
        for (int i = 0; i < Long.BYTES; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    /** Writes queued packets while they fit; a full ring leaves the writer sleeping (or FULL without the bit). */
    private void flushLocked(Effects effects) {
        try {
            while (!sendQueue.isEmpty() && writer.state() != RingWriter.State.SLEEPING) {
                PendingSend head = sendQueue.peek();
                byte[] encoded = head.encoded;
                if (!sendLoop.attempt(w -> w.tryWriteEncoded(encoded, 0, encoded.length),
                    encoded.length + PacketDescriptor.TRAILER_LENGTH)) {
                    break;
                }
                sendQueue.poll();
                if (head.sent != null) {
                    effects.completions.add(() -> head.sent.complete(null));
                }
            }
        } catch (RingCorruptedException e) {
            effects.failed = e;
        } finally {
            if (signalDue) {
                signalDue = false;
                effects.signalPeer = true;
            }
        }
    }

    private byte[] encode(VmbusPacket packet) {
        Objects.requireNonNull(packet, "packet");
        byte[] encoded = PacketCodec.encode(packet);
        int dataSize = writer.layout().dataSize();
        int ringLength = encoded.length + PacketDescriptor.TRAILER_LENGTH;
        if (ringLength > dataSize - PacketDescriptor.ALIGNMENT) {
            throw new IllegalArgumentException("packet ring length: " + ringLength + " bytes (expected: <= "
                + (dataSize - PacketDescriptor.ALIGNMENT) + ", data size " + dataSize + " minus one free 8-byte slot)");
        }
        return encoded;
    }

    // ---------------------------------------------------------------- receiving

    /**
     * The peer signalled this channel: drains the incoming ring in batches (vmbus-core.md §6.5: interrupts masked
     * while draining, read_index committed per batch, the peer's blocked writer signalled when the batch freed the
     * space it asked for, unmask and re-check at the end), dispatches completions to their requests and other packets
     * to the handler, then wakes this side's writer if it was sleeping for space and writes what is queued. Does
     * nothing once the endpoint failed.
     */
    public void onInterrupt() {
        Effects effects = new Effects();
        used = true;
        ChannelDoorbells s = shared;
        RingDoorbell dataBell = s != null ? s.incomingData() : interruptBell;
        RingDoorbell freedBell = s != null ? s.outgoingSpace() : spaceBell;
        receiveLock.lock();
        try {
            if (failure == null) {
                if (s == null) {
                    interruptBell.raise(); // one signal per direction: it may stand for data
                }
                try {
                    drainLoop.drain(dataBell, batchSize, this::dispatch);
                } catch (RingCorruptedException e) {
                    effects.failed = e;
                }
                if (handlerBug != null) {
                    effects.failed = handlerBug;
                }
            }
        } finally {
            receiveLock.unlock();
        }
        synchronized (sendLock) {
            if (failure == null && effects.failed == null) {
                if (writer.state() == RingWriter.State.SLEEPING) {
                    if (s == null) {
                        spaceBell.raise(); // ... or for freed space
                    }
                    sendLoop.resume(freedBell);
                }
                flushLocked(effects);
            }
        }
        effects.run();
    }

    private void dispatch(PacketView view) {
        if (handlerBug != null) {
            return;
        }
        VmbusPacket packet;
        try {
            packet = view.decode();
        } catch (ProtocolException e) {
            recordError(e);
            return;
        }
        if (packet instanceof CompletionPacket && !handler.handlesCompletions()) {
            onCompletion((CompletionPacket) packet);
            return;
        }
        try {
            handler.onPacket(this, packet);
        } catch (ProtocolException e) {
            recordError(e);
        } catch (RuntimeException e) {
            handlerBug = e;
        }
    }

    private void onCompletion(CompletionPacket completion) {
        long tid = completion.transactionId();
        CompletableFuture<CompletionPacket> request;
        EndpointException error = null;
        Effects effects = new Effects();
        synchronized (sendLock) {
            request = outstanding.remove(tid);
            if (request == null) {
                boolean allocated = tid != 0 && Long.compareUnsigned(tid, nextTransactionId) < 0;
                error = new EndpointException(allocated ? EndpointError.DUPLICATE_COMPLETION
                    : EndpointError.UNKNOWN_TRANSACTION_ID, "completion transaction id: "
                    + Long.toUnsignedString(tid) + (allocated ? " already completed" : " never allocated")
                    + " (expected: one of " + outstanding.size() + " outstanding requests)");
            } else if (!waitingRequests.isEmpty() && failure == null) {
                startRequestLocked(waitingRequests.poll());
                flushLocked(effects);
            }
        }
        effects.run();
        if (error != null) {
            recordError(error);
        } else {
            request.complete(completion);
        }
    }

    private void recordError(ProtocolException e) {
        protocolErrors.incrementAndGet();
        synchronized (recentErrors) {
            if (recentErrors.size() == RECENT_ERRORS) {
                recentErrors.poll();
            }
            recentErrors.add(e);
        }
        try {
            handler.onProtocolError(this, e);
        } catch (RuntimeException ignored) {
            // a listener's failure must not stop the drain; the error is recorded above
        }
    }

    // ---------------------------------------------------------------- failure

    /**
     * Closes the endpoint because its channel closed (CLOSECHANNEL, a rescind or an unload, vmbus-core.md §4): every
     * queued send and outstanding request fails with an {@link EndpointException} whose cause has reason
     * {@link EndpointError#CHANNEL_CLOSED}, so no caller waits for ever; later calls fail the same way. Idempotent.
     *
     * @param why what closed the channel, for the message
     */
    public void close(String why) {
        fail(new EndpointException(EndpointError.CHANNEL_CLOSED, "channel closed: " + why));
    }

    private void fail(Throwable cause) {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        synchronized (sendLock) {
            if (failure != null) {
                return;
            }
            failure = cause;
            for (PendingSend s : sendQueue) {
                if (s.sent != null) {
                    pending.add(s.sent);
                }
            }
            pending.addAll(outstanding.values());
            for (PendingRequest r : waitingRequests) {
                pending.add(r.completion);
            }
            sendQueue.clear();
            outstanding.clear();
            waitingRequests.clear();
        }
        EndpointException e = failedException();
        for (CompletableFuture<?> f : pending) {
            f.completeExceptionally(e);
        }
    }

    private EndpointException failedException() {
        Throwable f = failure;
        return new EndpointException(EndpointError.ENDPOINT_FAILED, "channel endpoint failed: " + f.getMessage(), f);
    }

    private void checkNotFailed() {
        if (failure != null) {
            throw failedException();
        }
    }

    private static void await(CompletableFuture<?> future, Duration hangGuard)
        throws InterruptedException, TimeoutException {
        try {
            future.get(hangGuard.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            throw new IllegalStateException(c);
        }
    }

    // ---------------------------------------------------------------- state

    /**
     * @return the largest encoded packet (descriptor, headers, payload, padding; {@code len8 * 8}) the outgoing ring
     *     can ever hold: its data size minus the trailer and the one 8-byte slot that stays free
     */
    public int maxPacketLength() {
        return writer.layout().dataSize() - PacketDescriptor.ALIGNMENT - PacketDescriptor.TRAILER_LENGTH;
    }

    /** @return whether the endpoint failed (a corrupt ring or a handler bug) */
    public boolean isFailed() {
        return failure != null;
    }

    /** @return what made the endpoint fail, or {@code null} */
    public Throwable failure() {
        return failure;
    }

    /** @return requests sent (or queued to be sent) and not yet completed */
    public int outstandingRequests() {
        synchronized (sendLock) {
            return outstanding.size();
        }
    }

    /** @return requests waiting for a free slot (not yet given a transaction id) */
    public int waitingRequests() {
        synchronized (sendLock) {
            return waitingRequests.size();
        }
    }

    /** @return packets queued for ring space (requests included) */
    public int queuedSends() {
        synchronized (sendLock) {
            return sendQueue.size();
        }
    }

    /** @return how many times this side's writer went to sleep waiting for ring space */
    public long writerSleeps() {
        synchronized (sendLock) {
            return sendLoop.sleeps();
        }
    }

    /** @return protocol errors recorded and ignored so far */
    public long protocolErrors() {
        return protocolErrors.get();
    }

    /** @return the last {@link #RECENT_ERRORS} protocol errors, oldest first */
    public List<ProtocolException> recentProtocolErrors() {
        synchronized (recentErrors) {
            return List.copyOf(recentErrors);
        }
    }

    @Override
    public String toString() {
        synchronized (sendLock) {
            return "ChannelEndpoint[" + (failure == null ? "open" : "failed") + ", outstanding=" + outstanding.size()
                + ", waiting=" + waitingRequests.size() + ", queued=" + sendQueue.size() + ", " + writer + ", "
                + reader + "]";
        }
    }
}
