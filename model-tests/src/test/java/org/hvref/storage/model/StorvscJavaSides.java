package org.hvref.storage.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.CompletionPacket;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.RingDoorbell;
import org.hvref.ring.RingDrainLoop;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;
import org.hvref.ring.VmbusPacket;
import org.hvref.ring.WriteStatus;
import org.hvref.storage.protocol.StorageChannelProperties;
import org.hvref.storage.protocol.StorvscDeviceClass;
import org.hvref.storage.protocol.VmScsiRequestDescriptor;
import org.hvref.storage.protocol.VstorOperation;
import org.hvref.storage.protocol.VstorPacket;
import org.hvref.storage.protocol.VstorPacketCodec;
import org.hvref.storage.protocol.VstorPacketDescriptor;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.hvref.storage.scsi.ScsiDisk;
import org.hvref.storage.scsi.ScsiDiskIdentity;
import org.hvref.storage.scsi.ScsiTarget;
import org.hvref.storage.session.StorvscTrace;
import org.hvref.storage.session.StorvscTraceClasses;
import org.hvref.storage.vsc.DmaPages;
import org.hvref.storage.vsc.StorvscClient;
import org.hvref.storage.vsc.StorvscClientConfig;
import org.hvref.storage.vsp.StorvscHost;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;

/**
 * The unmodified Java VSP ({@link StorvscHost}) and VSC ({@link StorvscClient}) of one SCSI controller, each on a real
 * {@link ChannelEndpoint} over real rings in one guest memory, sharing one {@link StorvscTrace}, driven one
 * StorvscProtocol step at a time. The test stands between the two endpoints: what one side writes into its outgoing
 * ring is read out into a FIFO (the spec's {@code g2h} / {@code h2g}), and a delivery writes the head packet into the
 * other side's incoming ring and interrupts that endpoint, so exactly one packet is handled per step. {@link
 * #abstraction()} reads the packets in flight and both sides back into StorvscProtocol's variables (and the Java scan
 * state of MCStorvscProtocolMbt).
 */
final class StorvscJavaSides {
    /** Ring data size: 2 pages per ring. */
    static final int RING_DATA = 2 * GuestMemory.PAGE_SIZE;
    /** Guest pages the VSC's data buffers come from. */
    static final int DMA_PAGES = 16;
    /** Size of the disks attached (64 KiB of 512-byte sectors). */
    static final int DISK_BYTES = 64 * 1024;

    /** A packet in flight: the decoded VMBus packet, the spec's ghost request serial, the operation it answers. */
    private record InFlight(VmbusPacket packet, long serial, VstorOperation answers) {
    }

    private final RecordingTracer tracer = new RecordingTracer();
    private final StorvscTrace trace = new StorvscTrace(tracer);
    private final GuestMemory memory;
    private final ScsiTarget target = new ScsiTarget();
    private final StorvscHost host;
    private final StorvscClient client;
    private final ChannelEndpoint hostEndpoint;
    private final ChannelEndpoint guestEndpoint;
    private final Pipe g2h;
    private final Pipe h2g;
    private final List<Long> hostVersions;
    /** Ghost serial of the request each slot id carries (the spec's slot[i].n). */
    private final Map<Long, Long> slotSerial = new TreeMap<>();
    private long nsrb;
    private int disks;

    /** One direction: the sender's ring read out by the test, the receiver's ring written by the test. */
    private static final class Pipe {
        final RingDrainLoop out;
        final RingDoorbell bell = new RingDoorbell();
        final RingWriter in;
        final Deque<InFlight> queue = new ArrayDeque<>();

        Pipe(RingLayout senderRing, RingLayout receiverRing) {
            out = new RingDrainLoop(new RingReader(senderRing), () -> { });
            in = new RingWriter(receiverRing);
        }

        List<VmbusPacket> drain() {
            List<VmbusPacket> got = new ArrayList<>();
            bell.raise();
            out.drain(bell, 64, view -> got.add(view.decode()));
            return got;
        }
    }

    /**
     * @param hostVersions the versions the VSP accepts (the spec's hostVersions, an initial-state choice)
     * @param multiChannel whether the VSP offers sub-channels (HostMultiChannel)
     * @param diskAtLun0   whether a disk is attached at LUN 0 at start (InitialKind)
     * @param guestVersions the VSC's versions, newest first (GuestVersions)
     * @param subChannels  whether the VSC asks for sub-channels (GuestSubChannels: two CPUs, else one)
     */
    StorvscJavaSides(List<Long> hostVersions, boolean multiChannel, boolean diskAtLun0, List<Long> guestVersions,
                     boolean subChannels) {
        this.hostVersions = List.copyOf(hostVersions);
        int ringPages = 1 + RING_DATA / GuestMemory.PAGE_SIZE;
        memory = GuestMemory.heap(4 * ringPages + DMA_PAGES);
        RingLayout[] rings = new RingLayout[4];
        for (int r = 0; r < 4; r++) {
            rings[r] = RingLayout.contiguous(memory, (long) r * ringPages * GuestMemory.PAGE_SIZE, RING_DATA);
            rings[r].initialize(true);
        }
        // rings[0]: guest writes, test reads; rings[1]: test writes, host reads; rings[2]: host writes, test reads;
        // rings[3]: test writes, guest reads
        g2h = new Pipe(rings[0], rings[1]);
        h2g = new Pipe(rings[2], rings[3]);
        if (diskAtLun0) {
            target.attach(0, newDisk());
        }
        host = new StorvscHost(StorvscDeviceClass.SCSI, versions(hostVersions), multiChannel ? 1 : 0, target, memory,
            trace, -1);
        StorvscClientConfig config = new StorvscClientConfig(StorvscDeviceClass.SCSI, versions(guestVersions), 1,
            subChannels ? 2 : 1, 1, 0, 0);
        client = new StorvscClient(config, memory, new PagePool(4L * ringPages, DMA_PAGES), trace);
        hostEndpoint = new ChannelEndpoint(new RingWriter(rings[2]), new RingReader(rings[1]), () -> { }, host);
        guestEndpoint = new ChannelEndpoint(new RingWriter(rings[0]), new RingReader(rings[3]), () -> { }, client);
        host.opened(hostEndpoint);
        client.attach(guestEndpoint);
    }

    private static List<VstorProtocolVersion> versions(List<Long> values) {
        return values.stream().map(v -> new VstorProtocolVersion(v.intValue())).toList();
    }

    private ScsiDisk newDisk() {
        disks++;
        return new ScsiDisk(new MemoryDisk(DISK_BYTES), new ScsiDiskIdentity(new UUID(0x5107L, disks),
            "HVREF-MBT-" + disks));
    }

    /** @return every event recorded so far */
    List<TraceEvent> events() {
        return tracer.events();
    }

    /**
     * Makes the Java call of one StorvscProtocol action (the environment's part: user calls, deliveries, host test
     * hooks); the guest's own steps (probe, I/O, sub-channel request) happen inside these calls.
     *
     * @param action the action name
     * @param stray  the transaction id of HostStrayComplete (else ignored)
     */
    void perform(String action, long stray) {
        switch (action) {
            case "GuestBeginInit" -> client.start();
            case "HostRcvBegin", "HostRcvVersion", "HostRcvProps", "HostRcvEnd", "HostRcvSubChannels",
                 "HostRcvSrb" -> deliverToHost();
            case "GuestRcvInitComplete", "GuestRcvSrbComplete", "GuestRcvNotification" -> deliverToGuest();
            case "HostHotAdd" -> host.hotAdd(0, newDisk());
            case "HostHotRemove" -> host.hotRemove(0);
            case "HostStrayComplete" -> host.sendStrayCompletionForTests(stray);
            case "Rescind" -> {
                client.channelClosed(true);
                g2h.queue.clear(); // packets in flight are lost with the channel
                h2g.queue.clear();
            }
            default -> throw new IllegalArgumentException("action: " + action + " (expected: an environment step)");
        }
        pump();
    }

    private void deliverToHost() {
        InFlight p = g2h.queue.poll();
        if (p == null) {
            throw new IllegalStateException("host receive: nothing in flight guest -> host");
        }
        int before = h2g.queue.size();
        write(g2h, p.packet());
        hostEndpoint.onInterrupt();
        VstorOperation op = VstorOperation.of((int) u32(p.packet().payload(), 0)).orElseThrow();
        for (VmbusPacket answer : h2g.drain()) {
            boolean itsAnswer = answer instanceof CompletionPacket && answer.transactionId()
                == p.packet().transactionId();
            h2g.queue.add(new InFlight(answer, itsAnswer ? p.serial() : 0, itsAnswer ? op : null));
        }
        if (h2g.queue.size() > before + 1) {
            throw new IllegalStateException("host receive: " + (h2g.queue.size() - before) + " answers to " + op
                + " (expected: at most 1)");
        }
    }

    private void deliverToGuest() {
        InFlight p = h2g.queue.poll();
        if (p == null) {
            throw new IllegalStateException("guest receive: nothing in flight host -> guest");
        }
        write(h2g, p.packet());
        guestEndpoint.onInterrupt();
    }

    private static void write(Pipe pipe, VmbusPacket packet) {
        WriteStatus s = pipe.in.tryWrite(packet);
        if (s == WriteStatus.FULL) {
            throw new IllegalStateException("test ring write: " + s + " (expected: written)");
        }
    }

    /** Reads what either side wrote into its outgoing ring into the FIFOs. */
    private void pump() {
        for (VmbusPacket p : g2h.drain()) {
            long serial = 0;
            if (u32(p.payload(), 0) == VstorOperation.EXECUTE_SRB.code()) {
                serial = ++nsrb;
                slotSerial.put(p.transactionId(), serial);
            }
            g2h.queue.add(new InFlight(p, serial, null));
        }
        for (VmbusPacket p : h2g.drain()) {
            h2g.queue.add(new InFlight(p, 0, null));
        }
    }

    // ---------------------------------------------------------------- abstraction

    /** @return StorvscProtocol's variables (and the Java scan state) as read from the Java sides and the FIFOs */
    Map<String, Object> abstraction() {
        Map<String, Object> v = new TreeMap<>();
        v.put("hostVersions", new HashSet<>(hostVersions));
        v.put("g2h", g2h.queue.stream().map(StorvscJavaSides::guestPacket).toList());
        v.put("h2g", h2g.queue.stream().map(StorvscJavaSides::hostPacket).toList());
        boolean rescinded = trace.rescinded();
        v.put("gstate", client.isClosed() ? "closed" : switch (client.initState()) {
            case IDLE -> "idle";
            case AWAIT_BEGIN -> "waitBegin";
            case AWAIT_VERSION -> "waitVersion";
            case AWAIT_PROPERTIES -> "waitProps";
            case AWAIT_END -> "waitEnd";
            case AWAIT_SUB_CHANNELS -> "waitSub";
            case READY -> "ready";
            case FAILED -> "failed";
        });
        v.put("vidx", (long) client.versionsTried());
        v.put("version", client.version().map(x -> (long) x.value()).orElse(0L));
        v.put("multi", client.properties().map(StorageChannelProperties::supportsMultiChannel).orElse(false));
        v.put("subch", client.grantedSubChannels() > 0);
        List<Map<String, Object>> table = new ArrayList<>();
        for (Optional<StorvscClient.OutstandingRequest> slot : client.slotTable()) {
            Map<String, Object> s = new TreeMap<>();
            if (slot.isEmpty()) {
                s.put("st", "free");
            } else {
                StorvscClient.OutstandingRequest r = slot.get();
                s.put("st", "busy");
                s.put("n", slotSerial.get((long) r.id()));
                s.put("lun", (long) r.lun());
                s.put("kind", r.probe() ? "probe" : StorvscTraceClasses.cdbClass(new byte[] {(byte) r.opcode()}));
            }
            table.add(s);
        }
        v.put("slot", table);
        v.put("nsrb", nsrb);
        Set<Long> visible = new HashSet<>();
        client.visibleLuns().forEach(l -> visible.add((long) l));
        v.put("visible", visible);
        StorvscClient.ScanState scan = client.scanState();
        Set<Integer> probed = scan.probed();
        Set<Integer> probing = scan.probing();
        Map<Object, Object> probe = new TreeMap<>();
        probe.put(0L, probing.contains(0) ? "pending" : probed.contains(0) ? "done" : "none");
        v.put("probe", probe);
        v.put("strayOk", false); // the VSC accepts no completion for an id it has not outstanding (checked below)
        v.put("hstate", rescinded ? "gone" : switch (host.state()) {
            case BEGIN -> "begin";
            case QUERY_VERSION -> "queryVersion";
            case QUERY_PROPERTIES -> "queryProps";
            case END_INITIALIZATION -> "endInit";
            case READY -> "ready";
        });
        v.put("hversion", host.version().map(x -> (long) x.value()).orElse(0L));
        Map<Object, Object> kind = new TreeMap<>();
        kind.put(0L, target.hasLun(0) ? "disk" : "none");
        v.put("kind", kind);
        v.put("rescinded", rescinded);
        v.put("scanning", scan.scanning());
        v.put("rescan", scan.rescanWanted());
        v.put("due", "none"); // the Java guest takes its own steps inside the call that makes them due
        return v;
    }

    /** The variables {@link #abstraction()} reads; the rest (results, gone, lunSrb, counters) are the spec's ghosts. */
    static final Set<String> COMPARED = new TreeSet<>(List.of("hostVersions", "g2h", "h2g", "gstate", "vidx",
        "version", "multi", "subch", "slot", "nsrb", "visible", "probe", "strayOk", "hstate", "hversion", "kind",
        "rescinded", "scanning", "rescan", "due"));

    /**
     * The compared variables of a TLC state; a free slot keeps only its status (the spec leaves the old request's
     * fields in it, the Java table forgets them).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> project(Map<String, Object> tlc) {
        Map<String, Object> v = new TreeMap<>();
        for (String k : COMPARED) {
            if (!tlc.containsKey(k)) {
                throw new IllegalArgumentException("TLC state: no variable " + k + " (expected: MCStorvscProtocolMbt)");
            }
            v.put(k, tlc.get(k));
        }
        List<Map<String, Object>> table = new ArrayList<>();
        for (Object o : (List<Object>) tlc.get("slot")) {
            Map<String, Object> s = (Map<String, Object>) o;
            table.add("free".equals(s.get("st")) ? Map.of("st", "free") : s);
        }
        v.put("slot", table);
        return v;
    }

    /** A guest packet as the spec's Pkt record. */
    private static Map<String, Object> guestPacket(InFlight f) {
        byte[] b = f.packet().payload();
        long code = u32(b, 0);
        Map<String, Object> m = pkt(opName(code), f.packet().transactionId(), f.packet().completionRequested());
        if (code == VstorOperation.QUERY_PROTOCOL_VERSION.code()) {
            m.put("v", (long) u16(b, VstorPacketDescriptor.PAYLOAD_OFFSET));
        }
        if (code == VstorOperation.EXECUTE_SRB.code()) {
            int srb = VstorPacketDescriptor.PAYLOAD_OFFSET;
            m.put("n", f.serial());
            m.put("lun", (long) (b[srb + VmScsiRequestDescriptor.LUN_OFFSET] & 0xFF));
            byte opcode = b[srb + VmScsiRequestDescriptor.CDB_OR_SENSE_OFFSET];
            // opcode 0: TEST UNIT READY, the scan's probe
            m.put("cdb", opcode == 0 ? "probe" : StorvscTraceClasses.cdbClass(new byte[] {opcode}));
        }
        return m;
    }

    /** A host packet as the spec's Pkt record. */
    private static Map<String, Object> hostPacket(InFlight f) {
        VmbusPacket p = f.packet();
        byte[] b = p.payload();
        if (p instanceof InBandPacket) {
            return pkt(opName(u32(b, 0)), p.transactionId(), p.completionRequested());
        }
        Map<String, Object> m = pkt("complete", p.transactionId(), p.completionRequested());
        int status = (int) u32(b, VstorPacketDescriptor.STATUS_OFFSET);
        boolean srbAnswer = f.answers() == null || f.answers() == VstorOperation.EXECUTE_SRB; // an SRB's or a stray
        // an SRB completion's vstor status follows its SRB status (VstorStatus.ofSrbStatus); the spec's st is the
        // class CONTRACT.md names: invalidState or success
        m.put("st", srbAnswer ? StorvscTraceClasses.srbCompletionStatus(status) : StorvscTraceClasses.status(status));
        m.put("n", f.serial());
        if (srbAnswer) {
            m.put("srb", StorvscTraceClasses.srb(b[VstorPacketDescriptor.PAYLOAD_OFFSET
                + VmScsiRequestDescriptor.SRB_STATUS_OFFSET] & 0xFF));
        }
        if (f.answers() == VstorOperation.QUERY_PROPERTIES && status == 0) {
            VstorPacket props = VstorPacketCodec.decodeCompletion(b, b.length, VstorOperation.QUERY_PROPERTIES);
            m.put("multi", props.payload() instanceof StorageChannelProperties c && c.supportsMultiChannel());
        }
        return m;
    }

    private static Map<String, Object> pkt(String op, long id, boolean cr) {
        Map<String, Object> m = new TreeMap<>();
        m.put("op", op);
        m.put("id", id);
        m.put("cr", cr);
        m.put("v", 0L);
        m.put("n", 0L);
        m.put("lun", 0L);
        m.put("cdb", "io");
        m.put("st", "success");
        m.put("srb", "success");
        m.put("multi", false);
        return m;
    }

    private static String opName(long code) {
        VstorOperation op = VstorOperation.of((int) code).orElseThrow(() -> new IllegalStateException(
            "vstor operation: " + code + " (expected: a known one)"));
        return switch (op) {
            case BEGIN_INITIALIZATION -> "begin";
            case QUERY_PROTOCOL_VERSION -> "version";
            case QUERY_PROPERTIES -> "props";
            case END_INITIALIZATION -> "end";
            case CREATE_SUB_CHANNELS -> "subch";
            case EXECUTE_SRB -> "srb";
            case COMPLETE_IO -> "complete";
            case ENUMERATE_BUS -> "enumerate";
            case REMOVE_DEVICE -> "remove";
            default -> throw new IllegalStateException("vstor operation: " + op + " (expected: one StorvscProtocol "
                + "models)");
        };
    }

    /**
     * Makes a call the spec forbids in the current state; it must be refused: an exception, no event, no packet, no
     * change of the abstract state.
     *
     * @param call "start", "hotAdd", "hotRemove" or "stray"
     * @return null if refused so, else what went wrong
     */
    String refused(String call) {
        Map<String, Object> before = abstraction();
        int events = tracer.events().size();
        RuntimeException thrown = null;
        try {
            switch (call) {
                case "start" -> client.start();
                case "hotAdd" -> host.hotAdd(0, newDisk());
                case "hotRemove" -> host.hotRemove(0);
                case "stray" -> host.sendStrayCompletionForTests(7);
                default -> throw new IllegalArgumentException("call: " + call);
            }
        } catch (IllegalStateException | IllegalArgumentException e) { // wrong state; an occupied LUN
            thrown = e;
        }
        pump();
        Map<String, Object> after = abstraction();
        if (thrown != null && tracer.events().size() == events && before.equals(after)) {
            return null;
        }
        return call + (thrown == null ? " returned normally" : " threw " + thrown) + ", recorded "
            + tracer.events().subList(events, tracer.events().size()) + (before.equals(after) ? ""
            : ", changed the state to " + after) + " (expected: refused, nothing recorded, sent or changed)";
    }

    /** @return completions the VSC dropped because their id was not outstanding */
    long droppedCompletions() {
        return client.droppedCompletions();
    }

    /** @return guest packets the VSP refused, plus protocol errors either endpoint recorded */
    long refusals() {
        return host.refusedPackets() + hostEndpoint.protocolErrors() + guestEndpoint.protocolErrors()
            + client.malformedPackets();
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    @Override
    public String toString() {
        return "java " + abstraction() + "\n  host " + host + "\n  guest " + client;
    }

    /** Guest pages [first, first + count) handed out to the VSC's buffers. */
    private static final class PagePool implements DmaPages {
        private final Deque<Long> free = new ArrayDeque<>();

        PagePool(long first, int count) {
            for (int i = 0; i < count; i++) {
                free.add(first + i);
            }
        }

        @Override
        public long[] allocate(int count) {
            if (count < 1 || count > free.size()) {
                throw new IllegalStateException("dma pages: " + count + " wanted, " + free.size()
                    + " free (expected: 1.." + free.size() + ")");
            }
            long[] out = new long[count];
            for (int i = 0; i < count; i++) {
                out[i] = free.poll();
            }
            return out;
        }

        @Override
        public void free(long[] pages) {
            for (long p : pages) {
                free.add(p);
            }
        }
    }

    /** A raw disk in a byte array. */
    private static final class MemoryDisk implements DiskImage {
        private final byte[] bytes;

        MemoryDisk(int size) {
            bytes = new byte[size];
        }

        @Override
        public DiskFormat format() {
            return DiskFormat.RAW;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public int logicalSectorSize() {
            return 512;
        }

        @Override
        public boolean readOnly() {
            return false;
        }

        @Override
        public void read(long offset, byte[] dst, int dstOff, int length) {
            System.arraycopy(bytes, (int) offset, dst, dstOff, length);
        }

        @Override
        public void write(long offset, byte[] src, int srcOff, int length) {
            System.arraycopy(src, srcOff, bytes, (int) offset, length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
