package org.hvref.storage.vsc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.device.ChannelPacketHandler;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.CompletionPacket;
import org.hvref.ring.GpaDirectPacket;
import org.hvref.ring.GpaRange;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.PacketDescriptor;
import org.hvref.ring.VmbusPacket;
import org.hvref.storage.protocol.DataDirection;
import org.hvref.storage.protocol.SrbFlags;
import org.hvref.storage.protocol.SrbStatus;
import org.hvref.storage.protocol.StorageChannelProperties;
import org.hvref.storage.protocol.StorvscDeviceClass;
import org.hvref.storage.protocol.VmScsiRequest;
import org.hvref.storage.protocol.VmScsiRequestDescriptor;
import org.hvref.storage.protocol.VstorOperation;
import org.hvref.storage.protocol.VstorPacket;
import org.hvref.storage.protocol.VstorPacketCodec;
import org.hvref.storage.protocol.VstorPacketDescriptor;
import org.hvref.storage.protocol.VstorPacketForm;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.hvref.storage.scsi.ScsiOpcode;
import org.hvref.storage.scsi.ScsiStatus;
import org.hvref.storage.session.StorvscActions;
import org.hvref.storage.session.StorvscGuestProtocol;
import org.hvref.storage.session.StorvscGuestState;
import org.hvref.storage.session.StorvscSessionException;
import org.hvref.storage.session.StorvscTrace;
import org.hvref.storage.session.StorvscTraceClasses;
import org.hvref.trace.SpecAction;

/**
 * The VSC of one StorVSC controller (devices-net-storage-pci.md §3.4–§3.9), the packet handler of its primary channel
 * and of its sub-channels.
 *
 * <p><b>Init</b> ({@link #start()}): the sans-IO {@link StorvscGuestProtocol} in Linux's order (BEGIN, versions newest
 * first, QUERY_PROPERTIES, END, then CREATE_SUB_CHANNELS when the host names MULTI_CHANNEL and the guest has more than
 * one CPU); every init packet asks for a completion under {@link #INIT_TRANSACTION_ID}.
 *
 * <p><b>Scan</b> ({@link #scan()}, run after init and after every ENUMERATE_BUS / REMOVE_DEVICE): each LUN is probed
 * with TEST UNIT READY (present iff the answer is not INVALID_LUN, §3.7, §3.8) — LUN 0 and every LUN known before
 * first (Linux's "TEST UNIT READY on every known LUN"), then, for SCSI with LUN 0 present, REPORT LUNS on LUN 0 names
 * the others; with LUN 0 absent LUNs 1..scanLimit-1 are probed one by one; IDE has a single device and no scan. A
 * present LUN is identified: INQUIRY standard, VPD 0x00 and the listed pages of 0x80/0x83/0xB0/0xB1/0xB2, READ
 * CAPACITY(10), READ CAPACITY(16). A LUN is probed at most once between two notifications (the spec's rule).
 *
 * <p><b>Requests</b>: each an EXECUTE_SRB (READ(16) / WRITE(16) / SYNCHRONIZE CACHE(10) / UNMAP, or any CDB with
 * {@link #execute}) under a transaction id from the slot table 1..K (0 is reserved, §3.5); requests beyond K wait in
 * order. Data goes in fresh guest pages as ONE GPA-direct range {len, offset into the first page, pfn[]} (§3.5); no
 * data: DATA_INBAND. A completion whose id is not outstanding is dropped and counted (§3.9). Status handling (§3.8):
 * SRB status masked with 0x3F; INQUIRY and MODE SENSE answers forced to success (Linux's host quirk; the LUN removal
 * below still uses the real status); sense copied only for CHECK CONDITION with AUTOSENSE_VALID, at most 20 bytes;
 * data_transfer_length used only on SUCCESS / DATA_OVERRUN and clamped to the buffer; INVALID_LUN removes the LUN —
 * later I/O to it fails locally with {@link StorvscIoError#INVALID_LUN} without being sent. Errors complete the
 * future with a {@link StorvscIoException}.
 *
 * <p><b>Channels</b>: scan commands go on the primary channel; other requests are spread round robin over the
 * primary and every open sub-channel ({@link #addSubChannel}), as Linux spreads by CPU. Close or rescind fails every
 * outstanding and waiting request at once ({@link StorvscIoError#CLOSED}): nothing waits for ever.
 *
 * <p><b>Trace</b> (storvsc/CONTRACT.md): every step runs under {@link StorvscTrace#lock()} — decide, record, hand
 * the packets to the endpoint. Sub-channel requests and their completions are not recorded (not modelled); nor are
 * malformed packets. Thread-safe; futures complete outside the lock, on the thread that read the answer.
 */
public final class StorvscClient implements ChannelPacketHandler {
    /**
     * Transaction id of init packets. Linux uses VMBUS_RQST_INIT = U64_MAX - 2 (devices-net-storage-pci.md §0, §3.4);
     * this VSC uses 2^31 - 3 so the id fits TLC's integers in traces; it never collides with the slot ids.
     */
    public static final long INIT_TRANSACTION_ID = 0x7FFF_FFFDL;
    /** SCSI request timeout written into the SRB, seconds (§3.5: Linux sends 60). */
    public static final int SRB_TIMEOUT_SECONDS = 60;
    /** Sense bytes the VSC keeps at most (§3.8: sense_info_length clamped to 20). */
    public static final int MAX_SENSE = VmScsiRequestDescriptor.SENSE_LENGTH;
    /** VPD pages the scan reads when page 0x00 lists them (§3.7). */
    static final int[] SCAN_VPD_PAGES = {0x80, 0x83, 0xB0, 0xB1, 0xB2};

    private static final int P = VstorPacketDescriptor.PAYLOAD_OFFSET;
    /** Shortest completion of an EXECUTE_SRB the VSC reads: the pre-Win8 packet (§3.9: at least the packet size). */
    private static final int MIN_SRB_COMPLETION = VstorPacketDescriptor.LENGTH_PRE_WIN8;

    /** One request: what to send and where its answer goes. */
    private static final class Request {
        final int lun;
        final byte[] cdb;
        final DataDirection direction;
        final byte[] dataOut;
        final int length;
        final int offset;
        final boolean probe;
        final CompletableFuture<SrbResult> future = new CompletableFuture<>();
        long[] pages = new long[0];
        boolean traced;

        Request(int lun, byte[] cdb, DataDirection direction, byte[] dataOut, int length, int offset, boolean probe) {
            this.lun = lun;
            this.cdb = cdb;
            this.direction = direction;
            this.dataOut = dataOut;
            this.length = length;
            this.offset = offset;
            this.probe = probe;
        }

        int opcode() {
            return cdb[0] & 0xFF;
        }
    }

    private final StorvscClientConfig config;
    private final GuestMemory memory;
    private final DmaPages dma;
    private final StorvscTrace trace;
    private final StorvscGuestProtocol init;
    private final CompletableFuture<VstorProtocolVersion> ready = new CompletableFuture<>();
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();

    // guarded by trace.lock()
    private ChannelEndpoint primary;
    private final List<ChannelEndpoint> subChannels = new ArrayList<>();
    private int nextChannel;
    private boolean isReady;
    private boolean closed;
    private int grantedSubChannels;
    private final Request[] slots;
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();
    private final Set<Integer> visible = new TreeSet<>();
    private final Map<Integer, StorvscLun> luns = new TreeMap<>();
    private final Set<Integer> known = new TreeSet<>();
    private final Set<Integer> probed = new HashSet<>();
    private final Set<Integer> probing = new HashSet<>();
    private boolean scanning;
    private boolean rescanWanted;
    private CompletableFuture<List<StorvscLun>> scanDone = new CompletableFuture<>();
    private CompletableFuture<List<StorvscLun>> lastScan;
    private long droppedCompletions;
    private long malformedPackets;
    private long notifications;

    /**
     * @param config how it behaves
     * @param memory guest memory (the data buffers live there)
     * @param dma    where buffer pages come from
     * @param trace  the controller's trace, shared with the VSP
     */
    public StorvscClient(StorvscClientConfig config, GuestMemory memory, DmaPages dma, StorvscTrace trace) {
        this.config = Objects.requireNonNull(config, "config");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.dma = Objects.requireNonNull(dma, "dma");
        this.trace = Objects.requireNonNull(trace, "trace");
        this.init = new StorvscGuestProtocol(config.versions(), config.onlineCpus());
        this.slots = new Request[config.slots() + 1];
    }

    @Override
    public boolean handlesCompletions() {
        return true;
    }

    // ---------------------------------------------------------------- lifecycle

    /** @param endpoint the guest's endpoint of the open primary channel */
    public void attach(ChannelEndpoint endpoint) {
        synchronized (trace.lock()) {
            if (primary != null) {
                throw new IllegalStateException("storvsc client: primary channel attached already");
            }
            primary = Objects.requireNonNull(endpoint, "endpoint");
        }
    }

    /**
     * Adds an open sub-channel: later requests are spread over it too (§3.4 step 6).
     *
     * @param endpoint the guest's endpoint of the sub-channel (its handler is this client)
     */
    public void addSubChannel(ChannelEndpoint endpoint) {
        synchronized (trace.lock()) {
            if (!closed) {
                subChannels.add(Objects.requireNonNull(endpoint, "endpoint"));
            }
        }
    }

    /**
     * Starts initialization: BEGIN_INITIALIZATION.
     *
     * @return completes with the negotiated version once the controller is ready (sub-channels requested if any);
     *     fails with {@link StorvscSessionException} if initialization fails, {@link StorvscIoException} if the channel
     *     closes first
     */
    @SpecAction(spec = "StorvscProtocol", value = "GuestBeginInit")
    public CompletableFuture<VstorProtocolVersion> start() {
        synchronized (trace.lock()) {
            if (primary == null || closed || trace.rescinded()) {
                throw new IllegalStateException("storvsc start: " + (primary == null ? "no channel" : "closed")
                        + " (expected: an open primary channel)");
            }
            VstorPacket begin = init.start();
            trace.record(StorvscActions.GUEST_BEGIN_INIT, "gvers", config.versions().stream()
                    .map(VstorProtocolVersion::value).toList(), "id", INIT_TRANSACTION_ID);
            sendInit(begin);
        }
        return ready;
    }

    /** @return completes with the negotiated version once initialization is done */
    public CompletableFuture<VstorProtocolVersion> ready() {
        return ready;
    }

    /**
     * The channel closed (the guest closed it, or the host rescinded it): every outstanding and waiting request fails
     * with {@link StorvscIoError#CLOSED}; later calls fail the same way. A rescind records {@code Rescind} (once per
     * controller). Idempotent.
     *
     * @param rescinded whether the host rescinded the channel
     */
    public void channelClosed(boolean rescinded) {
        List<Request> failed = new ArrayList<>();
        CompletableFuture<List<StorvscLun>> scan;
        synchronized (trace.lock()) {
            if (rescinded) {
                trace.rescind();
            }
            if (closed) {
                return;
            }
            closed = true;
            for (int i = 1; i < slots.length; i++) {
                if (slots[i] != null) {
                    failed.add(slots[i]);
                    if (rescinded) { // the host is gone: no DMA into these pages any more
                        freePages(slots[i]);
                    } // a guest close leaves them allocated: the host may still be reading its ring
                    slots[i] = null;
                }
            }
            failed.addAll(waiting);
            waiting.clear();
            subChannels.clear();
            scan = scanDone;
        }
        StorvscIoException e = StorvscIoException.local(StorvscIoError.CLOSED, "storvsc channel "
                + (rescinded ? "rescinded" : "closed") + " with the request outstanding");
        for (Request r : failed) {
            r.future.completeExceptionally(e);
        }
        ready.completeExceptionally(e);
        scan.completeExceptionally(e);
        closeListeners.forEach(Runnable::run);
    }

    /** @param listener runs once the client learned its channel closed */
    public void onClosed(Runnable listener) {
        closeListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    // ---------------------------------------------------------------- packets

    @Override
    public void onPacket(ChannelEndpoint endpoint, VmbusPacket packet) {
        if (packet instanceof CompletionPacket c) {
            if (c.transactionId() == INIT_TRANSACTION_ID) {
                onInitCompletion(c.payload());
            } else {
                onSrbCompletion(endpoint, c.transactionId(), c.payload());
            }
        } else if (packet instanceof InBandPacket p) {
            onNotification(p.transactionId(), p.payload());
        } else {
            synchronized (trace.lock()) {
                malformedPackets++;
            }
            throw new StorvscClientException("storvsc host packet type: " + packet.type()
                    + " (expected: COMP or DATA_INBAND)");
        }
    }

    private void sendInit(VstorPacket packet) {
        primary.send(new InBandPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, INIT_TRANSACTION_ID,
                VstorPacketCodec.encode(packet)));
    }

    @SpecAction(spec = "StorvscProtocol", value = "GuestRcvInitComplete")
    @SpecAction(spec = "StorvscProtocol", value = "GuestCreateSubChannels")
    private void onInitCompletion(byte[] p) {
        Throwable failure = null;
        boolean nowReady = false;
        synchronized (trace.lock()) {
            if (closed || trace.rescinded()) {
                return;
            }
            StorvscGuestState state = init.state();
            if (state == StorvscGuestState.IDLE || state == StorvscGuestState.READY
                    || state == StorvscGuestState.FAILED || isReady) {
                droppedCompletions++; // nothing outstanding under the init id
                throw new StorvscClientException("storvsc init completion in state " + state
                        + " (expected: an init request outstanding)");
            }
            int status = p.length >= P ? (int) u32(p, VstorPacketDescriptor.STATUS_OFFSET) : -1;
            Optional<VstorPacket> next = Optional.empty();
            try {
                next = init.onCompletion(p, p.length);
            } catch (StorvscSessionException e) {
                failure = e;
            }
            trace.record(StorvscActions.GUEST_RCV_INIT_COMPLETE, "st", StorvscTraceClasses.status(status));
            if (state == StorvscGuestState.AWAIT_SUB_CHANNELS) { // granted or not, the controller is ready
                grantedSubChannels = failure == null ? init.subChannels() : 0;
                failure = null;
                nowReady = true;
            } else if (failure == null && next.isPresent()) {
                if (next.get().operation() == VstorOperation.CREATE_SUB_CHANNELS) {
                    trace.record(StorvscActions.GUEST_CREATE_SUB_CHANNELS);
                }
                sendInit(next.get());
            } else if (failure == null) {
                nowReady = true;
            }
            if (nowReady) {
                isReady = true;
            }
        }
        if (failure != null) {
            ready.completeExceptionally(failure);
        } else if (nowReady) {
            ready.complete(init.version().orElseThrow());
            scan();
        }
    }

    @SpecAction(spec = "StorvscProtocol", value = "GuestRcvSrbComplete")
    private void onSrbCompletion(ChannelEndpoint endpoint, long tid, byte[] p) {
        List<Runnable> after = new ArrayList<>();
        StorvscClientException malformed = null;
        synchronized (trace.lock()) {
            if (closed || trace.rescinded()) {
                return;
            }
            Request r = tid >= 1 && tid < slots.length ? slots[(int) tid] : null;
            boolean shape = p.length >= MIN_SRB_COMPLETION
                    && u32(p, VstorPacketDescriptor.OPERATION_OFFSET) == VstorOperation.COMPLETE_IO.code();
            if (!shape) {
                malformedPackets++;
                malformed = new StorvscClientException("storvsc srb completion id " + Long.toUnsignedString(tid)
                        + ": " + p.length + " bytes, operation " + (p.length >= 4 ? u32(p, 0) : -1)
                        + " (expected: >= " + MIN_SRB_COMPLETION + " bytes of COMPLETE_IO)");
                if (r != null) { // fail it rather than let it wait for ever
                    slots[(int) tid] = null;
                    freePages(r);
                    StorvscClientException cause = malformed;
                    after.add(() -> r.future.completeExceptionally(new StorvscIoException(
                            StorvscIoError.MALFORMED_COMPLETION, cause.getMessage(), 0, 0, new byte[0])));
                    issueWaiting(after);
                }
            } else {
                int srb = p[P + VmScsiRequestDescriptor.SRB_STATUS_OFFSET] & 0xFF;
                boolean ok = r != null;
                if (r == null || r.traced) {
                    trace.record(StorvscActions.GUEST_RCV_SRB_COMPLETE, "id", tid, "srb",
                            StorvscTraceClasses.srb(srb), "ok", ok);
                }
                if (!ok) {
                    droppedCompletions++; // "Incorrect transaction ID" (§3.9)
                } else {
                    slots[(int) tid] = null;
                    completeLocked(r, p, srb, after);
                    issueWaiting(after);
                }
            }
        }
        after.forEach(Runnable::run);
        if (malformed != null) {
            throw malformed;
        }
    }

    /** Reads the answer of r (§3.8), updates LUN visibility, and queues the completion of its future. */
    private void completeLocked(Request r, byte[] p, int srb, List<Runnable> after) {
        int code = SrbStatus.code(srb);
        int scsi = p[P + VmScsiRequestDescriptor.SCSI_STATUS_OFFSET] & 0xFF;
        if (r.probe) {
            probing.remove(r.lun);
        }
        if (code == SrbStatus.INVALID_LUN) {
            visible.remove(r.lun);
            luns.remove(r.lun);
        } else if (r.probe) {
            visible.add(r.lun);
            known.add(r.lun);
        }
        int op = r.opcode();
        if (op == ScsiOpcode.INQUIRY || op == ScsiOpcode.MODE_SENSE_6 || op == ScsiOpcode.MODE_SENSE_10) {
            code = SrbStatus.SUCCESS; // host mishandles VPD 0x80 / mode page 0x1C: "so this won't be fatal" (§3.8)
            scsi = ScsiStatus.GOOD;
        }
        int senseLength = Math.min(p[P + VmScsiRequestDescriptor.SENSE_INFO_LENGTH_OFFSET] & 0xFF, MAX_SENSE);
        byte[] sense = scsi == ScsiStatus.CHECK_CONDITION && SrbStatus.autosenseValid(srb)
                ? java.util.Arrays.copyOfRange(p, P + VmScsiRequestDescriptor.CDB_OR_SENSE_OFFSET,
                P + VmScsiRequestDescriptor.CDB_OR_SENSE_OFFSET + senseLength) : new byte[0];
        long reported = u32(p, P + VmScsiRequestDescriptor.DATA_TRANSFER_LENGTH_OFFSET);
        boolean good = (code == SrbStatus.SUCCESS || code == SrbStatus.DATA_OVERRUN) && scsi == ScsiStatus.GOOD;
        int transferred = good ? (int) Math.min(reported, r.length) : 0;
        byte[] data = new byte[0];
        if (good && r.direction == DataDirection.READ && transferred > 0) {
            data = readBuffer(r, transferred);
        }
        freePages(r);
        int finalScsi = scsi;
        if (good) {
            SrbResult result = new SrbResult(srb, finalScsi, transferred, data);
            after.add(() -> r.future.complete(result));
        } else {
            StorvscIoException e = new StorvscIoException(code == SrbStatus.INVALID_LUN ? StorvscIoError.INVALID_LUN
                    : StorvscIoError.SRB_ERROR, "storvsc lun " + r.lun + " cdb 0x" + Integer.toHexString(op)
                    + ": srb status 0x" + Integer.toHexString(srb) + ", scsi status 0x" + Integer.toHexString(scsi)
                    + " (expected: SUCCESS, GOOD)", srb, finalScsi, sense);
            after.add(() -> r.future.completeExceptionally(e));
        }
    }

    @SpecAction(spec = "StorvscProtocol", value = "GuestRcvNotification")
    private void onNotification(long tid, byte[] p) {
        boolean rescan = false;
        synchronized (trace.lock()) {
            if (closed || trace.rescinded()) {
                return;
            }
            long op = p.length >= 4 ? u32(p, 0) : -1;
            String name = op == VstorOperation.ENUMERATE_BUS.code() ? StorvscActions.OP_ENUMERATE
                    : op == VstorOperation.REMOVE_DEVICE.code() ? StorvscActions.OP_REMOVE : null;
            if (name == null) { // COMPLETE_IO / FCHBA_DATA unsolicited, or unknown: rejected (§3.9)
                malformedPackets++;
                throw new StorvscClientException("storvsc unsolicited packet id " + Long.toUnsignedString(tid)
                        + ": operation " + op + " (expected: ENUMERATE_BUS 11 or REMOVE_DEVICE 2)");
            }
            trace.record(StorvscActions.GUEST_RCV_NOTIFICATION, "op", name, "id", tid);
            notifications++;
            probed.retainAll(probing); // every LUN not being probed may be probed again
            rescan = isReady;
        }
        if (rescan) {
            scan();
        }
    }

    // ---------------------------------------------------------------- requests

    /**
     * Reads blocks into a page-aligned buffer.
     *
     * @param lun    an identified LUN
     * @param lba    first block
     * @param blocks number of blocks, at least 1
     * @return completes with the data
     */
    public CompletableFuture<byte[]> read(int lun, long lba, int blocks) {
        return read(lun, lba, blocks, 0);
    }

    /**
     * Reads blocks (READ(16)) into a buffer starting {@code bufferOffset} bytes into its first page.
     *
     * @param lun          an identified LUN
     * @param lba          first block
     * @param blocks       number of blocks, at least 1
     * @param bufferOffset offset of the buffer in its first page, 0..4095
     * @return completes with the bytes read (fewer than asked only if the host transferred fewer)
     */
    public CompletableFuture<byte[]> read(int lun, long lba, int blocks, int bufferOffset) {
        int blockSize = blockSize(lun);
        if (blockSize < 0) {
            return notPresent(lun);
        }
        checkBlocks(blocks, blockSize);
        byte[] cdb = rw16(ScsiOpcode.READ_16, lba, blocks);
        return submit(new Request(lun, cdb, DataDirection.READ, new byte[0], blocks * blockSize, bufferOffset,
                false)).thenApply(SrbResult::data);
    }

    /**
     * Writes whole blocks from a page-aligned buffer.
     *
     * @param lun  an identified LUN
     * @param lba  first block
     * @param data the blocks (a non-empty multiple of the block size)
     * @return completes when written
     */
    public CompletableFuture<Void> write(int lun, long lba, byte[] data) {
        return write(lun, lba, data, 0);
    }

    /**
     * Writes whole blocks (WRITE(16)) from a buffer starting {@code bufferOffset} bytes into its first page.
     *
     * @param lun          an identified LUN
     * @param lba          first block
     * @param data         the blocks (a non-empty multiple of the block size)
     * @param bufferOffset offset of the buffer in its first page, 0..4095
     * @return completes when written
     */
    public CompletableFuture<Void> write(int lun, long lba, byte[] data, int bufferOffset) {
        int blockSize = blockSize(lun);
        if (blockSize < 0) {
            return notPresent(lun);
        }
        if (data.length == 0 || data.length % blockSize != 0) {
            throw new IllegalArgumentException("write length: " + data.length + " (expected: a non-empty multiple of "
                    + blockSize + ")");
        }
        int blocks = data.length / blockSize;
        checkBlocks(blocks, blockSize);
        byte[] cdb = rw16(ScsiOpcode.WRITE_16, lba, blocks);
        return submit(new Request(lun, cdb, DataDirection.WRITE, data.clone(), data.length, bufferOffset, false))
                .thenApply(r -> null);
    }

    /**
     * SYNCHRONIZE CACHE(10) of the whole LUN.
     *
     * @param lun a present LUN
     * @return completes when the host flushed
     */
    public CompletableFuture<Void> flush(int lun) {
        byte[] cdb = new byte[10];
        cdb[0] = (byte) ScsiOpcode.SYNCHRONIZE_CACHE_10;
        return submit(new Request(lun, cdb, DataDirection.NONE, new byte[0], 0, 0, false)).thenApply(r -> null);
    }

    /**
     * UNMAP of block ranges.
     *
     * @param lun    a present LUN
     * @param ranges 1..256 ranges
     * @return completes when the host unmapped them
     */
    public CompletableFuture<Void> unmap(int lun, List<UnmapRange> ranges) {
        if (ranges.isEmpty() || ranges.size() > 256) {
            throw new IllegalArgumentException("unmap ranges: " + ranges.size() + " (expected: 1..256)");
        }
        byte[] list = new byte[8 + 16 * ranges.size()];
        put16be(list, 0, list.length - 2);
        put16be(list, 2, 16 * ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            put64be(list, 8 + 16 * i, ranges.get(i).lba());
            put32be(list, 8 + 16 * i + 8, ranges.get(i).blocks());
        }
        byte[] cdb = new byte[10];
        cdb[0] = (byte) ScsiOpcode.UNMAP;
        put16be(cdb, 7, list.length);
        return submit(new Request(lun, cdb, DataDirection.WRITE, list, list.length, 0, false)).thenApply(r -> null);
    }

    /**
     * Sends any CDB as I/O to a present LUN.
     *
     * @param lun          the LUN
     * @param cdb          1..16 bytes
     * @param direction    data direction
     * @param dataOut      data for {@link DataDirection#WRITE} (else empty)
     * @param dataInLength buffer length for {@link DataDirection#READ} (else 0)
     * @param bufferOffset offset of the buffer in its first page
     * @return completes with the answer, or fails with {@link StorvscIoException}
     */
    public CompletableFuture<SrbResult> execute(int lun, byte[] cdb, DataDirection direction, byte[] dataOut,
            int dataInLength, int bufferOffset) {
        int length = direction == DataDirection.WRITE ? dataOut.length : direction == DataDirection.READ
                ? dataInLength : 0;
        return submit(new Request(lun, cdb.clone(), direction, dataOut.clone(), length, bufferOffset, false));
    }

    private CompletableFuture<SrbResult> submit(Request r) {
        if (r.cdb.length < 1 || r.cdb.length > VmScsiRequestDescriptor.CDB_MAX_LENGTH) {
            throw new IllegalArgumentException("cdb: " + r.cdb.length + " bytes (expected: 1..16)");
        }
        if (r.offset < 0 || r.offset > GpaRange.MAX_BYTE_OFFSET) {
            throw new IllegalArgumentException("buffer offset: " + r.offset + " (expected: 0..4095)");
        }
        if (r.lun < 0 || r.lun > 0xFF) {
            throw new IllegalArgumentException("lun: " + r.lun + " (expected: 0..255)");
        }
        List<Runnable> after = new ArrayList<>();
        synchronized (trace.lock()) {
            if (freeSlot() != 0 && waiting.isEmpty()) {
                issueLocked(r, after);
            } else if (refusal(r) != null) {
                StorvscIoException e = refusal(r);
                after.add(() -> r.future.completeExceptionally(e));
            } else {
                waiting.add(r);
            }
        }
        after.forEach(Runnable::run);
        return r.future;
    }

    /** Why r cannot be sent now (closed, not ready, LUN not visible), or null. */
    private StorvscIoException refusal(Request r) {
        if (closed || trace.rescinded()) {
            return StorvscIoException.local(StorvscIoError.CLOSED, "storvsc lun " + r.lun + ": channel closed");
        }
        if (!isReady) {
            return StorvscIoException.local(StorvscIoError.NOT_READY, "storvsc lun " + r.lun
                    + ": controller not initialized (" + init.state() + ")");
        }
        if (!r.probe && !visible.contains(r.lun)) {
            return StorvscIoException.local(StorvscIoError.INVALID_LUN, "storvsc lun " + r.lun
                    + ": not present (expected: one of " + visible + ")");
        }
        return null;
    }

    /** Sends r under a free slot (the caller checked there is one), or fails it. */
    @SpecAction(spec = "StorvscProtocol", value = "GuestProbe")
    @SpecAction(spec = "StorvscProtocol", value = "GuestIssueIo")
    private void issueLocked(Request r, List<Runnable> after) {
        StorvscIoException refused = refusal(r);
        if (refused != null) {
            after.add(() -> r.future.completeExceptionally(refused));
            return;
        }
        if (r.probe && probed.contains(r.lun)) {
            after.add(() -> r.future.complete(null)); // probed since the last notification: not again
            return;
        }
        if (r.length > 0) {
            try {
                r.pages = dma.allocate((int) GpaRange.pfnCount(r.length, r.offset));
            } catch (IllegalStateException e) {
                StorvscIoException none = StorvscIoException.local(StorvscIoError.NO_BUFFER, "storvsc lun " + r.lun
                        + ": " + e.getMessage());
                after.add(() -> r.future.completeExceptionally(none));
                return;
            }
            if (r.direction == DataDirection.WRITE) {
                writeBuffer(r);
            }
        }
        int slot = freeSlot();
        ChannelEndpoint channel = r.probe ? primary : nextChannel();
        r.traced = channel == primary;
        VstorPacketForm form = init.version().orElseThrow().form();
        int flags = SrbFlags.DISABLE_SYNCH_TRANSFER | (r.direction == DataDirection.READ ? SrbFlags.DATA_IN
                : r.direction == DataDirection.WRITE ? SrbFlags.DATA_OUT : SrbFlags.NO_DATA_TRANSFER);
        VmScsiRequest srb = VmScsiRequest.request(config.pathId(), config.targetId(), r.lun, r.cdb, r.direction,
                r.length, form, new VmScsiRequest.Win8Extension(0, VmScsiRequest.Win8Extension.SP_UNTAGGED,
                        VmScsiRequest.Win8Extension.SRB_SIMPLE_TAG_REQUEST, flags, SRB_TIMEOUT_SECONDS, 0));
        byte[] bytes = VstorPacketCodec.encode(VstorPacket.request(form, VstorOperation.EXECUTE_SRB, srb));
        if (r.traced && r.probe) {
            trace.record(StorvscActions.GUEST_PROBE, "id", (long) slot, "lun", r.lun);
        } else if (r.traced) {
            trace.record(StorvscActions.GUEST_ISSUE_IO, "id", (long) slot, "lun", r.lun, "cdb",
                    StorvscTraceClasses.cdbClass(r.cdb));
        }
        if (r.probe) {
            probed.add(r.lun);
            probing.add(r.lun);
        }
        slots[slot] = r;
        if (r.length > 0) {
            channel.send(new GpaDirectPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, slot,
                    List.of(new GpaRange(r.length, r.offset, r.pages)), bytes));
        } else {
            channel.send(new InBandPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, slot, bytes));
        }
    }

    private void issueWaiting(List<Runnable> after) {
        while (!waiting.isEmpty() && freeSlot() != 0) {
            issueLocked(waiting.poll(), after);
        }
    }

    private ChannelEndpoint nextChannel() {
        int n = subChannels.size() + 1;
        int i = nextChannel++ % n;
        if (nextChannel >= n) {
            nextChannel = 0;
        }
        return i == 0 ? primary : subChannels.get(i - 1);
    }

    private int freeSlot() {
        for (int i = 1; i < slots.length; i++) {
            if (slots[i] == null) {
                return i;
            }
        }
        return 0;
    }

    private void writeBuffer(Request r) {
        int done = 0;
        long pos = r.offset;
        while (done < r.length) {
            int page = (int) (pos / GuestMemory.PAGE_SIZE);
            int inPage = (int) (pos % GuestMemory.PAGE_SIZE);
            int n = Math.min(r.length - done, GuestMemory.PAGE_SIZE - inPage);
            memory.write((r.pages[page] << GuestMemory.PAGE_SHIFT) + inPage, r.dataOut, done, n);
            done += n;
            pos += n;
        }
    }

    private byte[] readBuffer(Request r, int length) {
        byte[] data = new byte[length];
        int done = 0;
        long pos = r.offset;
        while (done < length) {
            int page = (int) (pos / GuestMemory.PAGE_SIZE);
            int inPage = (int) (pos % GuestMemory.PAGE_SIZE);
            int n = Math.min(length - done, GuestMemory.PAGE_SIZE - inPage);
            memory.read((r.pages[page] << GuestMemory.PAGE_SHIFT) + inPage, data, done, n);
            done += n;
            pos += n;
        }
        return data;
    }

    private void freePages(Request r) {
        if (r.pages.length > 0) {
            dma.free(r.pages);
            r.pages = new long[0];
        }
    }

    // ---------------------------------------------------------------- scan

    /**
     * Scans the controller (see the class comment); a scan asked for while one runs runs again after it.
     *
     * @return completes with the identified present LUNs when the scan (and any rescan asked for meanwhile) ended
     */
    public CompletableFuture<List<StorvscLun>> scan() {
        CompletableFuture<List<StorvscLun>> f;
        synchronized (trace.lock()) {
            if (closed) {
                return CompletableFuture.failedFuture(StorvscIoException.local(StorvscIoError.CLOSED,
                        "storvsc scan: channel closed"));
            }
            if (scanning) {
                rescanWanted = true;
                return scanDone;
            }
            scanning = true;
            f = scanDone;
        }
        runScan();
        return f;
    }

    /** @return completes when the running scan ends, or with the last scan's result, or when the first scan ends */
    public CompletableFuture<List<StorvscLun>> scanned() {
        synchronized (trace.lock()) {
            return scanning || lastScan == null ? scanDone : lastScan;
        }
    }

    private void runScan() {
        Set<Integer> targets;
        synchronized (trace.lock()) {
            targets = new TreeSet<>(known);
        }
        targets.add(0);
        probeEach(targets, new HashSet<>()).whenComplete((v, failure) -> scanEnded(failure));
    }

    /** Probes and identifies the lowest target not done yet; LUN 0 adds the others (REPORT LUNS, or sequential). */
    private CompletableFuture<Void> probeEach(Set<Integer> targets, Set<Integer> done) {
        Integer next = null;
        for (int t : targets) {
            if (!done.contains(t)) {
                next = t;
                break;
            }
        }
        if (next == null) {
            return CompletableFuture.completedFuture(null);
        }
        int lun = next;
        done.add(lun);
        return probe(lun).thenCompose(present -> {
            if (lun != 0 || config.deviceClass() == StorvscDeviceClass.IDE) {
                return present ? identify(lun) : CompletableFuture.completedFuture(null);
            }
            if (!present) {
                for (int l = 1; l < config.scanLimit(); l++) {
                    targets.add(l);
                }
                return CompletableFuture.completedFuture(null);
            }
            return reportLuns().thenAccept(targets::addAll).exceptionally(e -> null)
                    .thenCompose(v -> identify(0));
        }).exceptionally(e -> {
            if (isClosedFailure(e)) {
                throw e instanceof java.util.concurrent.CompletionException c ? c
                        : new java.util.concurrent.CompletionException(e);
            }
            return null; // a LUN that fails to identify stays unidentified; the scan goes on
        }).thenCompose(v -> probeEach(targets, done));
    }

    private void scanEnded(Throwable failure) {
        CompletableFuture<List<StorvscLun>> finished;
        List<StorvscLun> found;
        synchronized (trace.lock()) {
            luns.keySet().retainAll(visible);
            if (rescanWanted && !closed && failure == null) {
                rescanWanted = false;
                finished = null;
                found = null;
            } else {
                rescanWanted = false;
                scanning = false;
                finished = scanDone;
                lastScan = finished;
                scanDone = new CompletableFuture<>();
                found = List.copyOf(luns.values());
            }
        }
        if (finished == null) {
            runScan(); // a notification arrived meanwhile: scan again, the same future completes after it
        } else if (failure != null) {
            finished.completeExceptionally(failure);
        } else {
            finished.complete(found);
        }
    }

    private static boolean isClosedFailure(Throwable e) {
        Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return c instanceof StorvscIoException s && s.reason() == StorvscIoError.CLOSED;
    }

    /** TEST UNIT READY as the scan probe; completes with whether the LUN is present (visible). */
    private CompletableFuture<Boolean> probe(int lun) {
        byte[] cdb = new byte[6]; // TEST UNIT READY
        Request r = new Request(lun, cdb, DataDirection.NONE, new byte[0], 0, 0, true);
        return submit(r).handle((res, failure) -> {
            if (failure != null && isClosedFailure(failure)) {
                throw new java.util.concurrent.CompletionException(failure);
            }
            synchronized (trace.lock()) {
                return visible.contains(lun);
            }
        });
    }

    private CompletableFuture<List<Integer>> reportLuns() {
        int allocation = 8 + 8 * 256;
        byte[] cdb = new byte[12];
        cdb[0] = (byte) ScsiOpcode.REPORT_LUNS;
        put32be(cdb, 6, allocation);
        return execute(0, cdb, DataDirection.READ, new byte[0], allocation, 0).thenApply(res -> {
            byte[] d = res.data();
            List<Integer> found = new ArrayList<>();
            if (d.length < 8) {
                return found;
            }
            long listLength = Math.min(u32be(d, 0), d.length - 8L);
            for (int i = 0; i + 8 <= listLength; i += 8) {
                int lun = (d[8 + i] & 0x3F) << 8 | (d[9 + i] & 0xFF);
                if (lun < 256) {
                    found.add(lun);
                }
            }
            return found;
        });
    }

    private CompletableFuture<Void> identify(int lun) {
        byte[] std = inquiry(false, 0, 96);
        byte[] vpd0 = inquiry(true, 0, 255);
        return execute(lun, std, DataDirection.READ, new byte[0], 96, 0).thenCompose(s -> {
            byte[] d = s.data();
            String vendor = d.length >= 16 ? ascii(d, 8, 8) : "";
            String product = d.length >= 32 ? ascii(d, 16, 16) : "";
            return execute(lun, vpd0, DataDirection.READ, new byte[0], 255, 0).thenCompose(v -> {
                byte[] pages = v.data();
                List<Integer> listed = new ArrayList<>();
                int n = pages.length >= 4 ? Math.min(pages[3] & 0xFF, pages.length - 4) : 0;
                for (int i = 0; i < n; i++) {
                    listed.add(pages[4 + i] & 0xFF);
                }
                CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
                for (int page : SCAN_VPD_PAGES) {
                    if (listed.contains(page)) {
                        chain = chain.thenCompose(x -> execute(lun, inquiry(true, page, 255), DataDirection.READ,
                                new byte[0], 255, 0).thenApply(r -> null));
                    }
                }
                return chain.thenCompose(x -> readCapacity(lun, vendor, product, listed));
            });
        });
    }

    private CompletableFuture<Void> readCapacity(int lun, String vendor, String product, List<Integer> vpd) {
        byte[] rc10 = new byte[10];
        rc10[0] = (byte) ScsiOpcode.READ_CAPACITY_10;
        byte[] rc16 = new byte[16];
        rc16[0] = (byte) ScsiOpcode.SERVICE_ACTION_IN_16;
        rc16[1] = (byte) ScsiOpcode.SA_READ_CAPACITY_16;
        put32be(rc16, 10, 32);
        return execute(lun, rc10, DataDirection.READ, new byte[0], 8, 0).thenCompose(a ->
                execute(lun, rc16, DataDirection.READ, new byte[0], 32, 0).thenAccept(b -> {
                    byte[] d10 = a.data();
                    byte[] d16 = b.data();
                    long blocks;
                    int blockSize;
                    if (d16.length >= 12) {
                        blocks = u64be(d16, 0) + 1;
                        blockSize = (int) u32be(d16, 8);
                    } else if (d10.length >= 8) {
                        blocks = u32be(d10, 0) + 1;
                        blockSize = (int) u32be(d10, 4);
                    } else {
                        return;
                    }
                    if (blockSize <= 0) {
                        return;
                    }
                    synchronized (trace.lock()) {
                        if (visible.contains(lun)) {
                            luns.put(lun, new StorvscLun(lun, blockSize, blocks, vendor, product, vpd));
                        }
                    }
                }));
    }

    private static byte[] inquiry(boolean evpd, int page, int allocation) {
        byte[] cdb = new byte[6];
        cdb[0] = (byte) ScsiOpcode.INQUIRY;
        cdb[1] = (byte) (evpd ? 1 : 0);
        cdb[2] = (byte) page;
        put16be(cdb, 3, allocation);
        return cdb;
    }

    // ---------------------------------------------------------------- state

    /** @return the identified present LUNs, ascending */
    public List<StorvscLun> luns() {
        synchronized (trace.lock()) {
            List<StorvscLun> out = new ArrayList<>();
            for (StorvscLun l : luns.values()) {
                if (visible.contains(l.lun())) {
                    out.add(l);
                }
            }
            return out;
        }
    }

    /** @param lun a LUN @return its identification if present and identified */
    public Optional<StorvscLun> lun(int lun) {
        synchronized (trace.lock()) {
            return visible.contains(lun) ? Optional.ofNullable(luns.get(lun)) : Optional.empty();
        }
    }

    /** @return the initialization state machine's state */
    public StorvscGuestState initState() {
        synchronized (trace.lock()) {
            return init.state();
        }
    }

    /** @return how many versions of its offer list the guest has sent (the spec's {@code vidx}) */
    public int versionsTried() {
        synchronized (trace.lock()) {
            return init.versionsTried();
        }
    }

    /** @return the negotiated version, empty before the host accepted one */
    public Optional<VstorProtocolVersion> version() {
        synchronized (trace.lock()) {
            return init.version();
        }
    }

    /** @return the negotiated channel properties, empty before QUERY_PROPERTIES was answered */
    public Optional<StorageChannelProperties> properties() {
        synchronized (trace.lock()) {
            return init.properties();
        }
    }

    /**
     * @return the request table, slot 1..K in order: empty for a free slot, else what the busy slot waits for
     */
    public List<Optional<OutstandingRequest>> slotTable() {
        synchronized (trace.lock()) {
            List<Optional<OutstandingRequest>> table = new ArrayList<>(slots.length - 1);
            for (int i = 1; i < slots.length; i++) {
                Request r = slots[i];
                table.add(r == null ? Optional.empty()
                        : Optional.of(new OutstandingRequest(i, r.lun, r.probe,
                                r.cdb.length > 0 ? r.cdb[0] & 0xFF : -1)));
            }
            return table;
        }
    }

    /** @return the scan's state: LUNs probed since the last notification, probes in flight, scan running/wanted */
    public ScanState scanState() {
        synchronized (trace.lock()) {
            return new ScanState(Set.copyOf(probed), Set.copyOf(probing), scanning, rescanWanted);
        }
    }

    /**
     * A busy slot of the request table.
     *
     * @param id     the transaction id (slot number)
     * @param lun    the LUN
     * @param probe  whether it is a scan probe (TEST UNIT READY)
     * @param opcode the CDB's operation code, or -1 for an empty CDB
     */
    public record OutstandingRequest(int id, int lun, boolean probe, int opcode) {
    }

    /**
     * Where the guest's LUN scan stands.
     *
     * @param probed      LUNs probed since the last ENUMERATE_BUS / REMOVE_DEVICE
     * @param probing     LUNs whose probe is in flight
     * @param scanning    a scan is running
     * @param rescanWanted another scan is due when the running one ends (a notification arrived meanwhile)
     */
    public record ScanState(Set<Integer> probed, Set<Integer> probing, boolean scanning, boolean rescanWanted) {
    }

    /** @return the LUNs the guest currently shows (probed present, not removed since) */
    public Set<Integer> visibleLuns() {
        synchronized (trace.lock()) {
            return Set.copyOf(visible);
        }
    }

    /** @return completions dropped because their id was not outstanding (§3.9) */
    public long droppedCompletions() {
        synchronized (trace.lock()) {
            return droppedCompletions;
        }
    }

    /** @return host packets dropped as malformed (too short, wrong operation, unknown unsolicited op) */
    public long malformedPackets() {
        synchronized (trace.lock()) {
            return malformedPackets;
        }
    }

    /** @return ENUMERATE_BUS / REMOVE_DEVICE notifications read */
    public long notifications() {
        synchronized (trace.lock()) {
            return notifications;
        }
    }

    /** @return requests sent and not answered */
    public int outstanding() {
        synchronized (trace.lock()) {
            int n = 0;
            for (int i = 1; i < slots.length; i++) {
                if (slots[i] != null) {
                    n++;
                }
            }
            return n;
        }
    }

    /** @return sub-channels the host granted (0 if none asked or refused) */
    public int grantedSubChannels() {
        synchronized (trace.lock()) {
            return grantedSubChannels;
        }
    }

    /** @return sub-channels added with {@link #addSubChannel} */
    public int openSubChannels() {
        synchronized (trace.lock()) {
            return subChannels.size();
        }
    }

    /** @return whether initialization finished */
    public boolean isReady() {
        synchronized (trace.lock()) {
            return isReady;
        }
    }

    /** @return whether the channel closed */
    public boolean isClosed() {
        synchronized (trace.lock()) {
            return closed;
        }
    }

    /** @return the configuration */
    public StorvscClientConfig config() {
        return config;
    }

    /** @return the primary channel's endpoint (null before {@link #attach}) */
    public ChannelEndpoint primaryEndpoint() {
        synchronized (trace.lock()) {
            return primary;
        }
    }

    private int blockSize(int lun) {
        synchronized (trace.lock()) {
            StorvscLun l = visible.contains(lun) ? luns.get(lun) : null;
            return l == null ? -1 : l.blockSize();
        }
    }

    private static <T> CompletableFuture<T> notPresent(int lun) {
        return CompletableFuture.failedFuture(StorvscIoException.local(StorvscIoError.INVALID_LUN, "storvsc lun "
                + lun + ": not present or not identified"));
    }

    private static void checkBlocks(int blocks, int blockSize) {
        if (blocks < 1 || (long) blocks * blockSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("blocks: " + blocks + " (expected: >= 1, buffer < 2 GiB)");
        }
    }

    private static byte[] rw16(int opcode, long lba, int blocks) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) opcode;
        put64be(cdb, 2, lba);
        put32be(cdb, 10, blocks);
        return cdb;
    }

    private static String ascii(byte[] b, int at, int n) {
        return new String(b, at, n, StandardCharsets.US_ASCII).trim();
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static long u32be(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
    }

    private static long u64be(byte[] b, int at) {
        return u32be(b, at) << 32 | u32be(b, at + 4);
    }

    private static void put16be(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void put32be(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (24 - 8 * i));
        }
    }

    private static void put64be(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    @Override
    public String toString() {
        synchronized (trace.lock()) {
            return "StorvscClient[" + config.deviceClass() + ", " + init.state() + (closed ? ", closed" : "")
                    + ", visible " + visible + ", outstanding " + outstanding() + ", waiting " + waiting.size() + "]";
        }
    }
}
