package org.hvref.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.hvref.memory.GuestMemory;
import org.hvref.ring.BatchResult;
import org.hvref.ring.CompletionPacket;
import org.hvref.ring.GpaDirectPacket;
import org.hvref.ring.GpaRange;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.PacketCodec;
import org.hvref.ring.PacketDescriptor;
import org.hvref.ring.RawPacket;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;
import org.hvref.ring.TransferPageRange;
import org.hvref.ring.TransferPagesPacket;
import org.hvref.ring.VmbusPacket;
import org.hvref.ring.WriteStatus;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ring images pass both ways between the Java ring ({@link RingWriter}, {@link RingReader}) and DPDK 22.11's VMBus
 * ring code (through our C peer, {@link DpdkRingPeer}): packets Java writes are read back exactly by DPDK, packets
 * DPDK writes are read back exactly by Java, and both sides take the same signalling decisions for the same
 * sequence of control-page states. Random scenarios use fixed seeds, named in every failure message.
 *
 * <p>Needs gcc and Debian's libdpdk-dev unpacked by {@code .ci/fetch-dpdk.sh}; without them every test fails
 * (never skips) and says so.
 */
class DpdkRingInteropTest {

    private static final int CONTROL_PAGE = 4096;
    private static final int DESCRIPTOR = PacketDescriptor.LENGTH;
    private static final int TRAILER = PacketDescriptor.TRAILER_LENGTH;
    private static final int TYPE_INBAND = 0x6;
    private static final int TYPE_COMPLETION = 0xB;
    private static final int DPDK_EAGAIN = -11;
    private static final HexFormat HEX = HexFormat.of();

    private static DpdkRingPeer peer;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildPeer() {
        peer = DpdkRingPeer.build();
    }

    // ------------------------------------------------------------------ DPDK alone, against the fact sheet

    @Test
    void shouldFrameDpdkPacketsAsTheFactSheetDescribes() throws IOException {
        Path image = emptyImage("framing.img", 4096);
        DpdkRingPeer.Result r = peer.write(image, List.of(
                "inband 6 1 7 0102030405",   // 5 payload bytes: len8 = 3, 3 bytes of zero pad
                "inband 11 0 9 -"));         // a completion without payload: len8 = 2
        assertEquals(0, r.exitStatus(), r.stderr());
        ByteBuffer data = dataRegion(image);
        // packet 1 at offset 0
        assertEquals(6, data.getShort(0));                        // offset 0: type
        assertEquals(2, data.getShort(2));                        // offset 2: offset8
        assertEquals(3, data.getShort(4));                        // offset 4: len8
        assertEquals(1, data.getShort(6));                        // offset 6: flags (completion requested)
        assertEquals(7L, data.getLong(8));                        // offset 8: transaction id
        assertEquals(0x0000000504030201L, data.getLong(16));      // offset 16: payload + zero pad
        assertEquals(0L, data.getLong(24));                       // offset 24: trailer (start 0) << 32
        // packet 2 at offset 32: type 0xB, offset8 2, len8 2, flags 0
        assertEquals(0x0000_0002_0002_000bL, data.getLong(32));
        assertEquals(9L, data.getLong(40));                       // offset 40: transaction id
        assertEquals(32L << 32, data.getLong(48));                // offset 48: trailer, start 32 in the high half
        assertEquals(56, r.finalState().get("writeIndex").asInt());
        assertEquals(List.of(true, false), r.op("inband").stream().map(l -> l.get("needSignal").asBoolean()).toList(),
                "DPDK signals only the empty -> non-empty write");
    }

    // ------------------------------------------------------------------ Java writes, DPDK reads

    @ParameterizedTest(name = "traced={0}")
    @ValueSource(booleans = {false, true})
    void shouldLetDpdkReadExactlyWhatJavaWrites(boolean traced) throws IOException {
        final long seed = 0x5EED_0001L;
        final int dataSize = 8192;
        Random rnd = new Random(seed);
        Path image = emptyImage("java-to-dpdk.img", dataSize);
        int packets = 0;
        int wrapped = 0;
        int exactFills = 0;
        try (GuestMemory memory = GuestMemory.mapped(image, pages(dataSize))) {
            RingLayout layout = RingLayout.contiguous(memory, 0, dataSize);
            layout.initialize(false);
            RingWriter writer = new RingWriter(layout, tracer(traced));
            for (int round = 0; round < 12; round++) {
                String where = "seed=0x" + Long.toHexString(seed) + " traced=" + traced + " round=" + round;
                List<int[]> starts = new ArrayList<>();   // {start offset} per packet, parallel to sent
                List<byte[]> sent = new ArrayList<>();
                while (true) {
                    VmbusPacket packet = randomPacket(rnd, round % 3 == 0 ? 2000 : 300);
                    byte[] encoded = PacketCodec.encode(packet);
                    int start = writer.writeIndex();
                    WriteStatus status = writer.tryWrite(packet);
                    if (!status.written()) {
                        break;
                    }
                    starts.add(new int[] {start});
                    sent.add(encoded);
                }
                if (round % 2 == 0) {
                    // fill the ring exactly: a packet of free - 8 ring bytes fits, one 8 bytes longer does not
                    int free = dataSize - distance(layout.readIndexAcquire(), writer.writeIndex(), dataSize);
                    int payload = free - TRAILER - TRAILER - DESCRIPTOR;
                    if (payload >= 0) {
                        InBandPacket tooBig = new InBandPacket(0, 1, randomBytes(rnd, payload + 8));
                        assertEquals(WriteStatus.FULL, writer.tryWrite(tooBig), where + " free=" + free);
                        InBandPacket exact = new InBandPacket(1, rnd.nextLong(), randomBytes(rnd, payload));
                        int start = writer.writeIndex();
                        assertTrue(writer.tryWrite(exact).written(), where + " free=" + free);
                        starts.add(new int[] {start});
                        sent.add(PacketCodec.encode(exact));
                        assertEquals(PacketDescriptor.ALIGNMENT,
                                dataSize - distance(layout.readIndexAcquire(), writer.writeIndex(), dataSize), where);
                        exactFills++;
                    }
                }
                memory.force();
                DpdkRingPeer.Result r = peer.read(image);
                assertEquals(0, r.exitStatus(), where + " " + r.stderr());
                List<JsonNode> got = r.op("packet");
                assertEquals(sent.size(), got.size(), where + ": packets DPDK read");
                for (int i = 0; i < sent.size(); i++) {
                    int start = starts.get(i)[0];
                    assertDpdkSaw(got.get(i), start, sent.get(i), where + " packet=" + i);
                    if (start + sent.get(i).length + TRAILER > dataSize) {
                        wrapped++;
                    }
                }
                packets += sent.size();
                assertEquals(writer.writeIndex(), r.finalState().get("readIndex").asInt(), where + ": DPDK drained");
                assertEquals(writer.writeIndex(), layout.readIndexAcquire(), where + ": Java sees DPDK's read_index");
            }
        }
        System.out.printf("traced=%b java->dpdk: packets=%d wrapped=%d exactFills=%d%n",
                traced, packets, wrapped, exactFills);
        assertTrue(packets > 100, "packets: " + packets + " (expected: > 100)");
        assertTrue(wrapped >= 6, "packets across the end of the ring: " + wrapped + " (expected: >= 6)");
        assertEquals(6, exactFills, "rounds that filled the ring to the last free slot");
    }

    private static void assertDpdkSaw(JsonNode got, int start, byte[] encoded, String where) {
        ByteBuffer d = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
        int offset8 = d.getShort(PacketDescriptor.OFFSET8_OFFSET) & 0xFFFF;
        int len8 = d.getShort(PacketDescriptor.LEN8_OFFSET) & 0xFFFF;
        String message = where + " got=" + got;
        assertEquals(start, got.get("offset").asInt(), message);
        assertEquals(d.getShort(PacketDescriptor.TYPE_OFFSET) & 0xFFFF, got.get("type").asInt(), message);
        assertEquals(offset8, got.get("offset8").asInt(), message);
        assertEquals(len8, got.get("len8").asInt(), message);
        assertEquals(d.getShort(PacketDescriptor.FLAGS_OFFSET) & 0xFFFF, got.get("flags").asInt(), message);
        assertEquals(Long.toUnsignedString(d.getLong(PacketDescriptor.TRANSACTION_ID_OFFSET)),
                got.get("transactionId").asText(), message);
        assertEquals(HEX.formatHex(encoded, DESCRIPTOR, offset8 * 8), got.get("header").asText(), message);
        assertEquals(HEX.formatHex(encoded, offset8 * 8, len8 * 8), got.get("data").asText(), message);
        assertEquals(hexLe((long) start << 32), got.get("trailer").asText(), message);
    }

    // ------------------------------------------------------------------ DPDK writes, Java reads

    @ParameterizedTest(name = "traced={0}")
    @ValueSource(booleans = {false, true})
    void shouldReadExactlyWhatDpdkWrites(boolean traced) throws IOException {
        final long seed = 0x5EED_0002L;
        final int dataSize = 8192;
        Random rnd = new Random(seed);
        Path image = emptyImage("dpdk-to-java.img", dataSize);
        int packets = 0;
        int unaligned = 0;
        int wrapped = 0;
        int gpa = 0;
        try (GuestMemory memory = GuestMemory.mapped(image, pages(dataSize))) {
            RingLayout layout = RingLayout.contiguous(memory, 0, dataSize);
            layout.initialize(false);
            memory.force();
            RingReader reader = new RingReader(layout, tracer(traced));
            for (int round = 0; round < 12; round++) {
                String where = "seed=0x" + Long.toHexString(seed) + " traced=" + traced + " round=" + round;
                List<String> commands = new ArrayList<>();
                List<VmbusPacket> expected = new ArrayList<>();
                List<RawPacket> expectedRaw = new ArrayList<>();
                List<Integer> lengths = new ArrayList<>();
                for (int i = 0; i < 80; i++) {
                    int length = rnd.nextInt(4) == 0 ? rnd.nextInt(1200) : rnd.nextInt(64);
                    lengths.add(length);
                    byte[] data = randomBytes(rnd, length);
                    long xid = rnd.nextLong();
                    int flags = rnd.nextInt(2);
                    int kind = rnd.nextInt(10);
                    if (kind < 2) {
                        List<GpaRange> ranges = new ArrayList<>();
                        StringBuilder spec = new StringBuilder();
                        for (int n = 1 + rnd.nextInt(3); n > 0; n--) {
                            int ofs = rnd.nextInt(4096);
                            int len = 1 + rnd.nextInt(4096 - ofs);
                            long pfn = rnd.nextLong() >>> 12;
                            ranges.add(new GpaRange(len, ofs, new long[] {pfn}));
                            spec.append(spec.length() == 0 ? "" : ",").append(len).append(':').append(ofs)
                                    .append(':').append(pfn);
                        }
                        commands.add("gpa " + Long.toUnsignedString(xid) + " " + hexOrDash(data) + " " + spec);
                        // DPDK's scatter-gather send always asks for a completion
                        expected.add(new GpaDirectPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, xid, ranges,
                                padded(data)));
                        expectedRaw.add(null);
                    } else if (kind < 9) {
                        int type = rnd.nextBoolean() ? TYPE_INBAND : TYPE_COMPLETION;
                        commands.add("inband " + type + " " + flags + " " + Long.toUnsignedString(xid) + " "
                                + hexOrDash(data));
                        expected.add(type == TYPE_INBAND ? new InBandPacket(flags, xid, padded(data))
                                : new CompletionPacket(flags, xid, padded(data)));
                        expectedRaw.add(RawPacket.of(type, flags, xid, data));
                    } else {
                        // a type and flags the codec does not know: compared as raw bytes only
                        int type = 0x100 + rnd.nextInt(0xFF00);
                        int oddFlags = rnd.nextInt(0x10000);
                        commands.add("inband " + type + " " + oddFlags + " " + Long.toUnsignedString(xid) + " "
                                + hexOrDash(data));
                        expected.add(null);
                        expectedRaw.add(RawPacket.of(type, oddFlags, xid, data));
                    }
                }
                DpdkRingPeer.Result r = peer.write(image, commands);
                assertEquals(0, r.exitStatus(), where + " " + r.stderr());
                List<JsonNode> results = r.lines().stream()
                        .filter(l -> l.has("seq") && l.has("result")).toList();
                assertEquals(commands.size(), results.size(), where);
                List<Integer> accepted = new ArrayList<>();
                for (int i = 0; i < results.size(); i++) {
                    int rc = results.get(i).get("result").asInt();
                    assertTrue(rc == 0 || rc == DPDK_EAGAIN, where + " result=" + results.get(i));
                    if (rc == 0) {
                        accepted.add(i);
                    }
                }
                assertTrue(accepted.size() < commands.size(), where + ": the round must fill the ring");

                List<RawPacket> read = new ArrayList<>();
                while (true) {
                    BatchResult batch = reader.readBatch(1 + rnd.nextInt(5), view -> read.add(view.toRawPacket()));
                    if (batch.packets() == 0) {
                        break;
                    }
                }
                assertEquals(accepted.size(), read.size(), where + ": packets Java read");
                for (int k = 0; k < read.size(); k++) {
                    int i = accepted.get(k);
                    RawPacket got = read.get(k);
                    JsonNode sent = results.get(i);
                    String message = where + " command=" + commands.get(i) + " got=" + got;
                    int start = sent.get("oldWriteIndex").asInt();
                    assertEquals(start, got.ringOffset(), message);
                    assertEquals((long) start << 32, got.trailer(), message);
                    if (expected.get(i) != null) {
                        assertEquals(expected.get(i), got.decode(), message);
                    }
                    if (expectedRaw.get(i) != null) {
                        assertArrayEquals(expectedRaw.get(i).bytes(), got.bytes(), message);
                    } else {
                        gpa++;
                    }
                    if (lengths.get(i) % 8 != 0) {
                        unaligned++;
                    }
                    if (start + got.bytes().length + TRAILER > dataSize) {
                        wrapped++;
                    }
                }
                packets += read.size();
                assertEquals(r.finalState().get("writeIndex").asInt(), layout.readIndexAcquire(),
                        where + ": Java drained");
            }
        }
        System.out.printf("traced=%b dpdk->java: packets=%d unaligned=%d wrapped=%d gpa=%d%n",
                traced, packets, unaligned, wrapped, gpa);
        assertTrue(packets > 200, "packets: " + packets + " (expected: > 200)");
        assertTrue(unaligned > 50, "payloads not a multiple of 8: " + unaligned + " (expected: > 50)");
        assertTrue(wrapped >= 6, "packets across the end of the ring: " + wrapped + " (expected: >= 6)");
        assertTrue(gpa > 20, "GPA-direct packets: " + gpa + " (expected: > 20)");
    }

    // ------------------------------------------------------------------ signalling decisions

    /**
     * The same writes, reader progress (read_index) and interrupt_mask changes are applied to a Java ring and to
     * DPDK's: every write must be accepted or refused alike, DPDK's "need signal" must equal {@link
     * WriteStatus#WRITTEN_SIGNAL}, and the two images must end byte for byte equal.
     */
    @ParameterizedTest(name = "traced={0}")
    @ValueSource(booleans = {false, true})
    void shouldDecideWriterSignalsLikeDpdk(boolean traced) throws IOException {
        final long seed = 0x5EED_0003L;
        final int dataSize = 4096;
        Random rnd = new Random(seed);
        String where = "seed=0x" + Long.toHexString(seed) + " traced=" + traced;
        Path javaImage = emptyImage("signal-java.img", dataSize);
        Path dpdkImage = emptyImage("signal-dpdk.img", dataSize);
        List<String> commands = new ArrayList<>();
        List<WriteStatus> javaStatus = new ArrayList<>();
        List<String> javaWrites = new ArrayList<>();
        try (GuestMemory memory = GuestMemory.mapped(javaImage, pages(dataSize))) {
            RingLayout layout = RingLayout.contiguous(memory, 0, dataSize);
            layout.initialize(false);
            RingWriter writer = new RingWriter(layout, tracer(traced));
            Deque<Integer> unread = new ArrayDeque<>();   // ring lengths of packets not yet consumed
            int readIndex = 0;
            for (int step = 0; step < 600; step++) {
                int action = rnd.nextInt(10);
                if (action < 6) {
                    byte[] data = randomBytes(rnd, rnd.nextInt(3) == 0 ? rnd.nextInt(1500) : rnd.nextInt(100));
                    int flags = rnd.nextInt(2);
                    long xid = rnd.nextLong();
                    String command = "inband 6 " + flags + " " + Long.toUnsignedString(xid) + " " + hexOrDash(data);
                    commands.add(command);
                    javaWrites.add(command);
                    WriteStatus status = writer.tryWrite(TYPE_INBAND, flags, xid, data, 0, data.length);
                    javaStatus.add(status);
                    if (status.written()) {
                        unread.add(PacketDescriptor.ringLength(data.length));
                    }
                } else if (action < 8) {
                    // the reader consumes some packets (all of them half of the time) and commits read_index
                    int n = rnd.nextBoolean() ? unread.size() : rnd.nextInt(unread.size() + 1);
                    for (int i = 0; i < n; i++) {
                        readIndex = (readIndex + unread.poll()) % dataSize;
                    }
                    layout.putReadIndexRelease(readIndex);
                    commands.add("set rindex " + readIndex);
                } else {
                    int mask = rnd.nextInt(3) == 0 ? 1 : 0;
                    layout.putInterruptMaskRelease(mask);
                    commands.add("set imask " + mask);
                }
            }
            memory.force();
        }
        DpdkRingPeer.Result r = peer.write(dpdkImage, commands);
        assertEquals(0, r.exitStatus(), where + " " + r.stderr());
        List<JsonNode> dpdk = r.op("inband");
        assertEquals(javaStatus.size(), dpdk.size(), where);
        int[] counts = new int[3];
        for (int i = 0; i < dpdk.size(); i++) {
            JsonNode d = dpdk.get(i);
            WriteStatus expected = d.get("result").asInt() == DPDK_EAGAIN ? WriteStatus.FULL
                    : d.get("needSignal").asBoolean() ? WriteStatus.WRITTEN_SIGNAL : WriteStatus.WRITTEN;
            int rc = d.get("result").asInt();
            assertTrue(rc == 0 || rc == DPDK_EAGAIN, where + " dpdk=" + d);
            assertEquals(expected, javaStatus.get(i), where + " write=" + i + " " + javaWrites.get(i) + " dpdk=" + d);
            counts[expected.ordinal()]++;
        }
        System.out.printf("traced=%b writer signals: WRITTEN/WRITTEN_SIGNAL/FULL=%s%n",
                traced, Arrays.toString(counts));
        assertTrue(counts[WriteStatus.WRITTEN.ordinal()] > 20 && counts[WriteStatus.WRITTEN_SIGNAL.ordinal()] > 20
                && counts[WriteStatus.FULL.ordinal()] > 5,
                "WRITTEN/WRITTEN_SIGNAL/FULL: " + Arrays.toString(counts) + " (expected: > 20, > 20, > 5)");
        assertArrayEquals(Files.readAllBytes(dpdkImage), Files.readAllBytes(javaImage),
                where + ": ring images after the same writes");
    }

    /**
     * The Java writer fills a ring with the pending-send feature; a copy of the image is drained by DPDK (one
     * decision per packet) and the original by {@link RingReader} (batches of 1 to 4): for every batch, Java signals
     * the blocked writer iff DPDK signalled on one of its packets, and both leave the same image.
     */
    @ParameterizedTest(name = "traced={0}")
    @ValueSource(booleans = {false, true})
    void shouldDecidePendingSendSignalsLikeDpdk(boolean traced) throws IOException {
        final long seed = 0x5EED_0004L;
        final int dataSize = 8192;
        Random rnd = new Random(seed);
        Path javaImage = emptyImage("pending-java.img", dataSize);
        Path dpdkImage = dir.resolve("pending-dpdk.img");
        int signals = 0;
        int quiet = 0;
        try (GuestMemory memory = GuestMemory.mapped(javaImage, pages(dataSize))) {
            RingLayout layout = RingLayout.contiguous(memory, 0, dataSize);
            layout.initialize(true);
            RingWriter writer = new RingWriter(layout, tracer(traced));
            RingReader reader = new RingReader(layout, tracer(traced));
            assertTrue(reader.featurePendingSend());
            for (int round = 0; round < 60; round++) {
                String where = "seed=0x" + Long.toHexString(seed) + " traced=" + traced + " round=" + round;
                int count = 1 + rnd.nextInt(40);
                for (int i = 0; i < count; i++) {
                    byte[] data = randomBytes(rnd, rnd.nextInt(600));
                    if (!writer.tryWrite(TYPE_INBAND, 0, i, data, 0, data.length).written()) {
                        break;
                    }
                }
                int freeBefore = dataSize - distance(layout.readIndexAcquire(), writer.writeIndex(), dataSize);
                // pending_send_sz: mostly inside the range the drain crosses, sometimes not a multiple of 8
                int pending = switch (rnd.nextInt(5)) {
                    case 0 -> rnd.nextInt(dataSize + 16);
                    case 1 -> freeBefore;
                    case 2 -> dataSize - 8;
                    default -> freeBefore + rnd.nextInt(dataSize - freeBefore + 1);
                };
                layout.putPendingSendSizeRelease(pending);
                memory.force();
                Files.copy(javaImage, dpdkImage, StandardCopyOption.REPLACE_EXISTING);

                DpdkRingPeer.Result r = peer.read(dpdkImage);
                assertEquals(0, r.exitStatus(), where + " " + r.stderr());
                List<Boolean> dpdkSignals = r.op("packet").stream().map(p -> p.get("signalWriter").asBoolean())
                        .toList();
                int next = 0;
                while (true) {
                    int max = 1 + rnd.nextInt(4);
                    BatchResult batch = reader.readBatch(max, view -> { });
                    if (batch.packets() == 0) {
                        break;
                    }
                    boolean dpdkSignalled = dpdkSignals.subList(next, next + batch.packets()).contains(true);
                    assertEquals(dpdkSignalled, batch.signalWriter(), where + " pending=" + pending + " freeBefore="
                            + freeBefore + " packets " + next + ".." + (next + batch.packets() - 1) + " of "
                            + dpdkSignals);
                    if (batch.signalWriter()) {
                        signals++;
                    } else {
                        quiet++;
                    }
                    next += batch.packets();
                }
                assertEquals(dpdkSignals.size(), next, where + ": packets read by each side");
                memory.force();
                assertArrayEquals(Files.readAllBytes(dpdkImage), Files.readAllBytes(javaImage),
                        where + ": ring images after both drained");
            }
        }
        System.out.printf("traced=%b pending-send signals: batches signalled=%d quiet=%d%n", traced, signals, quiet);
        assertTrue(signals > 20 && quiet > 20,
                "batches that signalled/did not: " + signals + "/" + quiet + " (expected: > 20 each)");
    }

    // ------------------------------------------------------------------ helpers

    private Path emptyImage(String name, int dataSize) throws IOException {
        Path image = dir.resolve(name);
        Files.write(image, new byte[CONTROL_PAGE + dataSize]);
        return image;
    }

    /** Traced runs take the ring's other code path (every step under the tracer's lock, no cached indexes). */
    private static SpecTracer tracer(boolean traced) {
        return traced ? new RecordingTracer() : SpecTracer.OFF;
    }

    private static int pages(int dataSize) {
        return (CONTROL_PAGE + dataSize) / GuestMemory.PAGE_SIZE;
    }

    private static ByteBuffer dataRegion(Path image) throws IOException {
        byte[] bytes = Files.readAllBytes(image);
        return ByteBuffer.wrap(bytes, CONTROL_PAGE, bytes.length - CONTROL_PAGE).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int distance(int from, int to, int dataSize) {
        return Math.floorMod(to - from, dataSize);
    }

    private static VmbusPacket randomPacket(Random rnd, int maxPayload) {
        int flags = rnd.nextInt(2);
        long xid = rnd.nextLong();
        byte[] payload = randomBytes(rnd, rnd.nextInt(maxPayload + 1));
        switch (rnd.nextInt(4)) {
            case 0:
                return new InBandPacket(flags, xid, payload);
            case 1:
                return new CompletionPacket(flags, xid, payload);
            case 2: {
                List<GpaRange> ranges = new ArrayList<>();
                for (int n = 1 + rnd.nextInt(3); n > 0; n--) {
                    int offset = rnd.nextInt(4096);
                    int count = rnd.nextInt(3 * 4096);
                    long[] pfns = new long[(int) GpaRange.pfnCount(count, offset)];
                    for (int i = 0; i < pfns.length; i++) {
                        pfns[i] = rnd.nextLong() >>> 12;
                    }
                    ranges.add(new GpaRange(count, offset, pfns));
                }
                return new GpaDirectPacket(flags, xid, ranges, payload);
            }
            default: {
                List<TransferPageRange> ranges = new ArrayList<>();
                for (int n = 1 + rnd.nextInt(4); n > 0; n--) {
                    ranges.add(new TransferPageRange(rnd.nextInt() & 0xFFFFFFFFL, rnd.nextInt() & 0xFFFFFFFFL));
                }
                return new TransferPagesPacket(flags, xid, rnd.nextInt(0x10000), rnd.nextBoolean(), ranges, payload);
            }
        }
    }

    private static byte[] randomBytes(Random rnd, int length) {
        byte[] b = new byte[length];
        rnd.nextBytes(b);
        return b;
    }

    /** {@code data} followed by zeros up to a multiple of 8: what a reader sees of a payload. */
    private static byte[] padded(byte[] data) {
        return Arrays.copyOf(data, (data.length + 7) & -8);
    }

    private static String hexOrDash(byte[] data) {
        return data.length == 0 ? "-" : HEX.formatHex(data);
    }

    private static String hexLe(long value) {
        byte[] b = new byte[8];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        return HEX.formatHex(b);
    }
}
