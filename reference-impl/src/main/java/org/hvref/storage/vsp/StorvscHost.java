package org.hvref.storage.vsp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.device.ChannelPacketHandler;
import org.hvref.channel.protocol.OpaqueBytes;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.CompletionPacket;
import org.hvref.ring.GpaDirectPacket;
import org.hvref.ring.GpaRange;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.VmbusPacket;
import org.hvref.storage.protocol.DataDirection;
import org.hvref.storage.protocol.OpaquePayload;
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
import org.hvref.storage.protocol.VstorStatus;
import org.hvref.storage.scsi.ScsiDisk;
import org.hvref.storage.scsi.ScsiResult;
import org.hvref.storage.scsi.ScsiTarget;
import org.hvref.storage.session.StorvscActions;
import org.hvref.storage.session.StorvscHostEvent;
import org.hvref.storage.session.StorvscHostProtocol;
import org.hvref.storage.session.StorvscHostState;
import org.hvref.storage.session.StorvscHostStep;
import org.hvref.storage.session.StorvscTrace;
import org.hvref.storage.session.StorvscTraceClasses;
import org.hvref.trace.SpecAction;

/**
 * The VSP of one StorVSC controller (devices-net-storage-pci.md §3.4–§3.6): the packet handler of its primary channel
 * (and, through {@link #subChannelHandler}, of its sub-channels).
 *
 * <p>Init packets go through the sans-IO {@link StorvscHostProtocol}. EXECUTE_SRB (§3.5, openvmm rules): the packet
 * must ask for a completion; data moves only through a GPA-direct packet with exactly one range whose length is at
 * least data_transfer_length (no more than max_transfer_bytes), read from / written into the guest pages of the range
 * (offset into the first page; later pages from offset 0); the {@link ScsiTarget} runs the CDB; the COMPLETE_IO has
 * the same transaction id, the negotiated packet size (12 + SRB size: 64 or 48 bytes), srb_status (INVALID_LUN 0x20
 * for an absent LUN, SUCCESS, DATA_OVERRUN, or ERROR for a CHECK CONDITION, | AUTOSENSE_VALID 0x80 with sense),
 * scsi_status, data_transfer_length = bytes moved and the sense in the form's size (20 or 18 bytes). A refused packet
 * is answered (if it asked for an answer) with INVALID_PARAMETER and SRB INVALID_REQUEST, then thrown as a
 * {@link StorvscHostException} that the endpoint records; the channel keeps working.
 *
 * <p>Trace (storvsc/CONTRACT.md): each step runs under {@link StorvscTrace#lock()}: decide, record, hand the answer
 * to the endpoint. Refused packets, resets and sub-channel traffic record nothing (not modelled). After a rescind the
 * VSP ignores everything. Thread-safe.
 */
public final class StorvscHost implements ChannelPacketHandler {
    /** How many refused packets {@link #recentErrors()} keeps. */
    public static final int RECENT_ERRORS = 16;

    private final StorvscDeviceClass deviceClass;
    private final List<VstorProtocolVersion> accepted;
    private final int maxSubChannels;
    private final StorvscHostProtocol protocol;
    private final ScsiTarget target;
    private final GuestMemory memory;
    private final StorvscTrace trace;
    private final int forcedPathId;
    private final long maxTransferBytes;

    // guarded by trace.lock()
    private ChannelEndpoint primary;
    private IntConsumer subChannelsRequested = n -> { };
    private UnaryOperator<byte[]> srbCompletionTamper = UnaryOperator.identity();
    private final ArrayDeque<StorvscHostException> recent = new ArrayDeque<>();
    private long refused;
    private long srbsCompleted;
    private long subChannelSrbs;
    private final java.util.Map<Integer, Long> opcodes = new java.util.TreeMap<>();

    /**
     * A VSP announcing openvmm's max transfer (256 KiB, §3.4).
     *
     * @param deviceClass    SCSI or IDE (IDE: no sub-channels, §3.6)
     * @param accepted       versions it accepts
     * @param maxSubChannels sub-channels it offers from 5.1 on (0 for none; 0 for IDE)
     * @param target         the SCSI target with the attached disks
     * @param memory         guest memory, for the data buffers
     * @param trace          the controller's StorvscProtocol trace
     * @param forcedPathId   the path id written into every SRB answer (IDE: the channel, §3.6), or -1 to echo it
     */
    public StorvscHost(StorvscDeviceClass deviceClass, List<VstorProtocolVersion> accepted, int maxSubChannels,
            ScsiTarget target, GuestMemory memory, StorvscTrace trace, int forcedPathId) {
        this.deviceClass = Objects.requireNonNull(deviceClass, "deviceClass");
        this.accepted = List.copyOf(accepted);
        this.maxSubChannels = maxSubChannels;
        this.maxTransferBytes = StorageChannelProperties.OPENVMM_MAX_TRANSFER_BYTES;
        this.protocol = new StorvscHostProtocol(deviceClass, this.accepted, maxSubChannels, maxTransferBytes);
        this.target = Objects.requireNonNull(target, "target");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.trace = Objects.requireNonNull(trace, "trace");
        if (forcedPathId < -1 || forcedPathId > 0xFF) {
            throw new IllegalArgumentException("forced path id: " + forcedPathId + " (expected: -1 or 0..255)");
        }
        this.forcedPathId = forcedPathId;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * The primary channel opened: answers go to this endpoint, notifications too.
     *
     * @param endpoint the host's endpoint of the primary channel
     */
    public void opened(ChannelEndpoint endpoint) {
        synchronized (trace.lock()) {
            primary = Objects.requireNonNull(endpoint, "endpoint");
            protocol.reset();
        }
    }

    /** The primary channel closed: back to BEGIN (§3.4 "Closing the primary channel resets the VSP"). */
    public void closed() {
        synchronized (trace.lock()) {
            primary = null;
            protocol.reset();
        }
    }

    /** @param listener told (under the trace lock) the count of an accepted CREATE_SUB_CHANNELS, to offer them */
    public void onSubChannelsRequested(IntConsumer listener) {
        synchronized (trace.lock()) {
            subChannelsRequested = Objects.requireNonNull(listener, "listener");
        }
    }

    // ---------------------------------------------------------------- packets

    /** @return true: a completion from the guest reaches {@link #onPacket} and is refused (the VSP sends no requests) */
    @Override
    public boolean handlesCompletions() {
        return true;
    }

    @Override
    public void onPacket(ChannelEndpoint endpoint, VmbusPacket packet) {
        StorvscHostException refusal;
        synchronized (trace.lock()) {
            if (trace.rescinded()) {
                return;
            }
            refusal = onPrimaryPacket(endpoint, packet);
            if (refusal != null) {
                remember(refusal);
            }
        }
        if (refusal != null) {
            throw refusal; // recorded by the endpoint as a protocol error; the channel keeps working
        }
    }

    /**
     * The packet handler of a sub-channel (§3.4 step 6): EXECUTE_SRB only, and only once the primary is READY (else
     * INVALID_DEVICE_STATE); any other operation INVALID_DEVICE_STATE. Records no events (sub-channel I/O is not in
     * StorvscProtocol, storvsc/CONTRACT.md "Not modelled").
     *
     * @param index the sub-channel's index (1..)
     * @return its handler
     */
    public ChannelPacketHandler subChannelHandler(int index) {
        if (index < 1) {
            throw new IllegalArgumentException("sub-channel index: " + index + " (expected: >= 1)");
        }
        return (endpoint, packet) -> {
            StorvscHostException refusal;
            synchronized (trace.lock()) {
                if (trace.rescinded()) {
                    return;
                }
                refusal = onSubChannelPacket(endpoint, packet);
                if (refusal != null) {
                    remember(refusal);
                }
            }
            if (refusal != null) {
                throw refusal;
            }
        };
    }

    private StorvscHostException onSubChannelPacket(ChannelEndpoint endpoint, VmbusPacket packet) {
        StorvscHostException basic = checkTransactional(packet);
        if (basic != null) {
            return basic;
        }
        byte[] p = packet.payload();
        if (operation(p) != VstorOperation.EXECUTE_SRB.code() || protocol.state() != StorvscHostState.READY) {
            VstorPacketForm form = protocol.version().map(VstorProtocolVersion::form).orElse(VstorPacketForm.WIN8);
            send(endpoint, packet.transactionId(), VstorPacket.completion(form, VstorStatus.INVALID_DEVICE_STATE,
                    OpaquePayload.zeros(form)));
            return null;
        }
        return executeSrb(endpoint, packet, p, false);
    }

    private StorvscHostException onPrimaryPacket(ChannelEndpoint endpoint, VmbusPacket packet) {
        StorvscHostException basic = checkTransactional(packet);
        if (basic != null) {
            return basic;
        }
        byte[] p = packet.payload();
        int op = operation(p);
        if (op == VstorOperation.EXECUTE_SRB.code()) {
            return executeSrb(endpoint, packet, p, true);
        }
        long tid = packet.transactionId();
        if (!(packet instanceof InBandPacket)) {
            VstorPacketForm form = currentForm();
            send(endpoint, tid, VstorPacket.completion(form, VstorStatus.INVALID_PARAMETER, OpaquePayload.zeros(form)));
            return new StorvscHostException(StorvscHostError.BAD_RANGE_COUNT, "storvsc " + opName(op) + " packet: "
                    + packet.type() + " (expected: DATA_INBAND; page ranges only with EXECUTE_SRB)");
        }
        StorvscHostStep step = protocol.onPacket(p, p.length);
        VstorPacket answer = step.completion().orElseThrow();
        if (step.rejected().isPresent()) {
            send(endpoint, tid, answer);
            return new StorvscHostException(StorvscHostError.MALFORMED, step.rejected().get().getMessage());
        }
        recordInitStep(op, p, answer);
        send(endpoint, tid, answer);
        if (step.event() instanceof StorvscHostEvent.SubChannelsRequested r) {
            subChannelsRequested.accept(r.count());
        }
        return null;
    }

    @SpecAction(spec = "StorvscProtocol", value = "HostRcvBegin")
    @SpecAction(spec = "StorvscProtocol", value = "HostRcvVersion")
    @SpecAction(spec = "StorvscProtocol", value = "HostRcvProps")
    @SpecAction(spec = "StorvscProtocol", value = "HostRcvEnd")
    @SpecAction(spec = "StorvscProtocol", value = "HostRcvSubChannels")
    private void recordInitStep(int op, byte[] p, VstorPacket answer) {
        String st = StorvscTraceClasses.status(answer.status());
        if (op == VstorOperation.BEGIN_INITIALIZATION.code()) {
            trace.record(StorvscActions.HOST_RCV_BEGIN, "hvers", accepted.stream().map(VstorProtocolVersion::value)
                    .toList(), "multi", maxSubChannels > 0, "disks", target.luns(), "dvds", List.of(), "st", st);
        } else if (op == VstorOperation.QUERY_PROTOCOL_VERSION.code()) {
            trace.record(StorvscActions.HOST_RCV_VERSION, "v", u16(p, VstorPacketDescriptor.PAYLOAD_OFFSET),
                    "st", st);
        } else if (op == VstorOperation.QUERY_PROPERTIES.code()) {
            boolean multi = answer.payload() instanceof StorageChannelProperties props && props.supportsMultiChannel();
            trace.record(StorvscActions.HOST_RCV_PROPS, "st", st, "multi", multi);
        } else if (op == VstorOperation.END_INITIALIZATION.code()) {
            trace.record(StorvscActions.HOST_RCV_END, "st", st);
        } else if (op == VstorOperation.CREATE_SUB_CHANNELS.code()) {
            trace.record(StorvscActions.HOST_RCV_SUB_CHANNELS, "st", st);
        } // resets, FCHBA_DATA and host-only operations are not modelled
    }

    // ---------------------------------------------------------------- EXECUTE_SRB

    @SpecAction(spec = "StorvscProtocol", value = "HostRcvSrb")
    private StorvscHostException executeSrb(ChannelEndpoint endpoint, VmbusPacket packet, byte[] p, boolean traced) {
        long tid = packet.transactionId();
        if (protocol.state() != StorvscHostState.READY) {
            StorvscHostStep step = protocol.onPacket(p, p.length); // INVALID_DEVICE_STATE, state unchanged
            VstorPacket answer = step.completion().orElseThrow();
            if (step.rejected().isPresent()) {
                send(endpoint, tid, answer);
                return new StorvscHostException(StorvscHostError.MALFORMED, step.rejected().get().getMessage());
            }
            if (traced) {
                trace.record(StorvscActions.HOST_RCV_SRB, "id", tid, "lun", p.length > VstorPacketDescriptor
                        .PAYLOAD_OFFSET + VmScsiRequestDescriptor.LUN_OFFSET ? p[VstorPacketDescriptor.PAYLOAD_OFFSET
                        + VmScsiRequestDescriptor.LUN_OFFSET] & 0xFF : 0, "srb", "error", "st",
                        StorvscTraceClasses.status(answer.status()));
            }
            send(endpoint, tid, answer);
            return null;
        }
        StorvscHostStep step = protocol.onPacket(p, p.length);
        VstorPacketForm form = protocol.version().orElseThrow().form();
        if (step.rejected().isPresent()) {
            send(endpoint, tid, step.completion().orElseThrow());
            return new StorvscHostException(StorvscHostError.MALFORMED, step.rejected().get().getMessage());
        }
        VmScsiRequest srb = ((StorvscHostEvent.ExecuteSrb) step.event()).srb();
        List<GpaRange> ranges = packet instanceof GpaDirectPacket g ? g.ranges() : List.of();
        StorvscHostException bad = checkBuffer(srb, ranges);
        if (bad != null) {
            send(endpoint, tid, refusal(form, srb));
            return bad;
        }
        int length = (int) srb.dataTransferLength();
        boolean moves = length > 0 && srb.dataIn() != DataDirection.NONE;
        byte[] out = moves && srb.dataIn() == DataDirection.WRITE ? readGuest(ranges.get(0), length) : new byte[0];
        int in = moves && srb.dataIn() == DataDirection.READ ? length : 0;
        ScsiResult result = target.execute(srb.lun(), srb.cdb(), out, in);
        if (result.dataIn().length > 0) {
            writeGuest(ranges.get(0), result.dataIn());
        }
        VmScsiRequest done = answered(srb, result, form);
        VstorPacket answer = protocol.srbCompletion(done);
        if (traced) {
            trace.record(StorvscActions.HOST_RCV_SRB, "id", tid, "lun", srb.lun(), "srb",
                    StorvscTraceClasses.srb(done.srbStatus()), "st",
                    StorvscTraceClasses.srbCompletionStatus(answer.status()));
        }
        srbsCompleted++;
        if (!traced) {
            subChannelSrbs++;
        }
        opcodes.merge(srb.cdbLength() > 0 ? srb.cdb()[0] & 0xFF : -1, 1L, Long::sum);
        endpoint.complete(tid, srbCompletionTamper.apply(VstorPacketCodec.encode(answer)));
        return null;
    }

    /** §3.5: one range of at least data_transfer_length bytes when data moves, within max_transfer_bytes. */
    private StorvscHostException checkBuffer(VmScsiRequest srb, List<GpaRange> ranges) {
        long length = srb.dataTransferLength();
        boolean moves = length > 0 && srb.dataIn() != DataDirection.NONE;
        if (ranges.size() > 1) {
            return new StorvscHostException(StorvscHostError.BAD_RANGE_COUNT, "storvsc srb gpa ranges: "
                    + ranges.size() + " (expected: at most 1)");
        }
        if (!moves) {
            return null;
        }
        if (ranges.isEmpty()) {
            return new StorvscHostException(StorvscHostError.MISSING_RANGE, "storvsc srb gpa ranges: 0 for "
                    + length + " data bytes " + srb.dataIn() + " (expected: one GPA-direct range)");
        }
        if (length > maxTransferBytes) {
            return new StorvscHostException(StorvscHostError.TRANSFER_TOO_LONG, "storvsc srb data transfer length: "
                    + length + " (expected: <= " + maxTransferBytes + ")");
        }
        GpaRange r = ranges.get(0);
        if (r.byteCount() < length) {
            return new StorvscHostException(StorvscHostError.SHORT_RANGE, "storvsc srb gpa range: " + r.byteCount()
                    + " bytes (expected: >= data transfer length " + length + ")");
        }
        long pages = GpaRange.pfnCount(length, r.byteOffset());
        long[] pfns = r.pfns();
        for (int i = 0; i < pages; i++) {
            if (pfns[i] < 0 || pfns[i] >= memory.pages()) {
                return new StorvscHostException(StorvscHostError.BAD_PFN, "storvsc srb gpa range pfn[" + i + "]: 0x"
                        + Long.toHexString(pfns[i]) + " (expected: < 0x" + Integer.toHexString(memory.pages())
                        + ", inside guest memory)");
            }
        }
        return null;
    }

    private byte[] readGuest(GpaRange r, int length) {
        byte[] data = new byte[length];
        long[] pfns = r.pfns();
        int done = 0;
        long pos = r.byteOffset();
        while (done < length) {
            int page = (int) (pos / GuestMemory.PAGE_SIZE);
            int inPage = (int) (pos % GuestMemory.PAGE_SIZE);
            int n = Math.min(length - done, GuestMemory.PAGE_SIZE - inPage);
            memory.read((pfns[page] << GuestMemory.PAGE_SHIFT) + inPage, data, done, n);
            done += n;
            pos += n;
        }
        return data;
    }

    private void writeGuest(GpaRange r, byte[] data) {
        long[] pfns = r.pfns();
        int done = 0;
        long pos = r.byteOffset();
        while (done < data.length) {
            int page = (int) (pos / GuestMemory.PAGE_SIZE);
            int inPage = (int) (pos % GuestMemory.PAGE_SIZE);
            int n = Math.min(data.length - done, GuestMemory.PAGE_SIZE - inPage);
            memory.write((pfns[page] << GuestMemory.PAGE_SHIFT) + inPage, data, done, n);
            done += n;
            pos += n;
        }
    }

    private VmScsiRequest answered(VmScsiRequest srb, ScsiResult result, VstorPacketForm form) {
        int status;
        if (result.invalidLun()) {
            status = SrbStatus.INVALID_LUN;
        } else if (result.good()) {
            status = result.overrun() ? SrbStatus.DATA_OVERRUN : SrbStatus.SUCCESS;
        } else {
            status = SrbStatus.ERROR;
        }
        if (result.sense() != null) {
            status |= SrbStatus.AUTOSENSE_VALID;
        }
        byte[] sense = java.util.Arrays.copyOf(result.senseData(form.senseLength()),
                VmScsiRequestDescriptor.CDB_OR_SENSE_LENGTH);
        int pathId = forcedPathId >= 0 ? forcedPathId : srb.pathId();
        return new VmScsiRequest(status, result.status(), srb.portNumber(), pathId, srb.targetId(), srb.lun(),
                srb.cdbLength(), form.senseLength(), srb.dataIn(), 0, result.transferred(), OpaqueBytes.of(sense),
                srb.extension());
    }

    private VstorPacket refusal(VstorPacketForm form, VmScsiRequest srb) {
        VmScsiRequest r = new VmScsiRequest(SrbStatus.INVALID_REQUEST, 0, srb.portNumber(), srb.pathId(),
                srb.targetId(), srb.lun(), srb.cdbLength(), form.senseLength(), srb.dataIn(), 0, 0,
                OpaqueBytes.zeros(VmScsiRequestDescriptor.CDB_OR_SENSE_LENGTH), srb.extension());
        return VstorPacket.completion(form, VstorStatus.INVALID_PARAMETER, r);
    }

    // ---------------------------------------------------------------- hot plug, test hooks

    /**
     * Attaches a disk at a free LUN, then sends ENUMERATE_BUS (trans id 0, no completion, §3.5).
     *
     * @param lun  0..255, free
     * @param disk the disk
     * @throws IllegalStateException before READY, below protocol 4.2 (openvmm notifies only from WIN7), or after a
     *                               rescind
     */
    @SpecAction(spec = "StorvscProtocol", value = "HostHotAdd")
    public void hotAdd(int lun, ScsiDisk disk) {
        synchronized (trace.lock()) {
            checkCanNotify("hot add");
            target.attach(lun, disk);
            trace.record(StorvscActions.HOST_HOT_ADD, "lun", lun, "id", 0L);
            notifyGuest(VstorOperation.ENUMERATE_BUS);
        }
    }

    /**
     * Detaches the disk at a LUN, then sends REMOVE_DEVICE (trans id 0, no completion, §3.5).
     *
     * @param lun an attached LUN
     * @throws IllegalStateException before READY, below 4.2, after a rescind, or if nothing is attached there
     */
    @SpecAction(spec = "StorvscProtocol", value = "HostHotRemove")
    public void hotRemove(int lun) {
        synchronized (trace.lock()) {
            checkCanNotify("hot remove");
            if (!target.hasLun(lun)) {
                throw new IllegalStateException("hot remove lun: " + lun + " (expected: one of " + target.luns()
                        + ")");
            }
            target.detach(lun);
            trace.record(StorvscActions.HOST_HOT_REMOVE, "lun", lun, "id", 0L);
            notifyGuest(VstorOperation.REMOVE_DEVICE);
        }
    }

    private void checkCanNotify(String what) {
        if (trace.rescinded() || primary == null || protocol.state() != StorvscHostState.READY
                || !protocol.version().orElseThrow().isAtLeast(VstorProtocolVersion.WIN7)) {
            throw new IllegalStateException(what + ": VSP " + protocol.state() + (trace.rescinded() ? ", rescinded"
                    : "") + (primary == null ? ", channel closed" : "") + " (expected: READY at version >= 4.2)");
        }
    }

    private void notifyGuest(VstorOperation op) {
        VstorPacketForm form = protocol.version().orElseThrow().form();
        primary.send(new InBandPacket(0, 0, VstorPacketCodec.encode(new VstorPacket(form, op, 0, VstorStatus.SUCCESS,
                OpaquePayload.zeros(form)))));
    }

    /**
     * TEST HOOK (test hosts only; a correct VSP never does this): sends a COMPLETE_IO with SRB SUCCESS for a
     * transaction id the guest has not outstanding (0 or outside its table), recording HostStrayComplete.
     *
     * @param transactionId the id (the caller makes sure it is not outstanding)
     * @throws IllegalStateException before READY or after a rescind
     */
    @SpecAction(spec = "StorvscProtocol", value = "HostStrayComplete")
    public void sendStrayCompletionForTests(long transactionId) {
        synchronized (trace.lock()) {
            if (trace.rescinded() || primary == null || protocol.state() != StorvscHostState.READY) {
                throw new IllegalStateException("stray completion: VSP " + protocol.state()
                        + " (expected: READY, channel open)");
            }
            VstorPacketForm form = protocol.version().orElseThrow().form();
            VmScsiRequest ok = new VmScsiRequest(SrbStatus.SUCCESS, 0, 0, 0, 0, 0, 0, form.senseLength(),
                    DataDirection.NONE, 0, 0, OpaqueBytes.zeros(VmScsiRequestDescriptor.CDB_OR_SENSE_LENGTH),
                    form == VstorPacketForm.WIN8 ? VmScsiRequest.Win8Extension.ZERO : null);
            trace.record(StorvscActions.HOST_STRAY_COMPLETE, "id", transactionId);
            primary.send(new CompletionPacket(0, transactionId, VstorPacketCodec.encode(
                    VstorPacket.completion(form, VstorStatus.SUCCESS, ok))));
        }
    }

    /**
     * TEST HOOK (hostile-host tests only): rewrites the encoded bytes of every later EXECUTE_SRB completion, e.g. to
     * put sense_info_length 255 or an oversized data_transfer_length into them.
     *
     * @param tamper maps the encoded vstor packet to the bytes sent
     */
    public void tamperSrbCompletionsForTests(UnaryOperator<byte[]> tamper) {
        synchronized (trace.lock()) {
            srbCompletionTamper = Objects.requireNonNull(tamper, "tamper");
        }
    }

    // ---------------------------------------------------------------- helpers, state

    private StorvscHostException checkTransactional(VmbusPacket packet) {
        if (packet instanceof CompletionPacket) {
            return new StorvscHostException(StorvscHostError.COMPLETION_FROM_GUEST, "storvsc guest packet: "
                    + "completion id " + Long.toUnsignedString(packet.transactionId()) + " (expected: a request)");
        }
        if (!(packet instanceof InBandPacket) && !(packet instanceof GpaDirectPacket)) {
            return new StorvscHostException(StorvscHostError.UNSUPPORTED_PACKET_TYPE, "storvsc guest packet type: "
                    + packet.type() + " (expected: DATA_INBAND or DATA_USING_GPA_DIRECT)");
        }
        if (!packet.completionRequested()) {
            return new StorvscHostException(StorvscHostError.NOT_TRANSACTIONAL, "storvsc guest packet flags: "
                    + packet.flags() + ", id " + Long.toUnsignedString(packet.transactionId())
                    + " (expected: COMPLETION_REQUESTED, openvmm NotTransactional)");
        }
        return null;
    }

    private void send(ChannelEndpoint endpoint, long tid, VstorPacket answer) {
        endpoint.complete(tid, VstorPacketCodec.encode(answer));
    }

    private void remember(StorvscHostException e) {
        refused++;
        if (recent.size() == RECENT_ERRORS) {
            recent.poll();
        }
        recent.add(e);
    }

    private VstorPacketForm currentForm() {
        return protocol.version().map(VstorProtocolVersion::form).orElse(VstorPacketForm.WIN8);
    }

    private static int operation(byte[] p) {
        return p.length >= VstorPacketDescriptor.OPERATION_LENGTH ? (int) u32(p, 0) : -1;
    }

    private static String opName(int op) {
        return VstorOperation.of(op).map(Enum::name).orElse("operation " + op);
    }

    private static int u16(byte[] b, int at) {
        return at + 2 <= b.length ? (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 : 0;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    /** @return the VSP's protocol state */
    public StorvscHostState state() {
        synchronized (trace.lock()) {
            return protocol.state();
        }
    }

    /** @return the negotiated version, if any */
    public java.util.Optional<VstorProtocolVersion> version() {
        synchronized (trace.lock()) {
            return protocol.version();
        }
    }

    /** @return the controller class */
    public StorvscDeviceClass deviceClass() {
        return deviceClass;
    }

    /** @return the SCSI target */
    public ScsiTarget target() {
        return target;
    }

    /** @return guest packets refused so far */
    public long refusedPackets() {
        synchronized (trace.lock()) {
            return refused;
        }
    }

    /** @return EXECUTE_SRBs completed by the target so far (all channels) */
    public long srbsCompleted() {
        synchronized (trace.lock()) {
            return srbsCompleted;
        }
    }

    /** @return EXECUTE_SRBs completed on sub-channels so far */
    public long subChannelSrbs() {
        synchronized (trace.lock()) {
            return subChannelSrbs;
        }
    }

    /** @return how many completed EXECUTE_SRBs carried each CDB opcode (all channels) */
    public java.util.Map<Integer, Long> opcodeCounts() {
        synchronized (trace.lock()) {
            return java.util.Map.copyOf(opcodes);
        }
    }

    /** @return the last {@link #RECENT_ERRORS} refusals, oldest first */
    public List<StorvscHostException> recentErrors() {
        synchronized (trace.lock()) {
            return new ArrayList<>(recent);
        }
    }

    @Override
    public String toString() {
        return "StorvscHost[" + deviceClass + ", " + state() + ", luns " + target.luns() + "]";
    }
}
