package org.hvref.channel.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.hvref.memory.GuestMemoryException;
import org.hvref.ring.CompletionPacket;
import org.hvref.ring.GpaDirectPacket;
import org.hvref.ring.GpaRange;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.MalformedPacketException;
import org.hvref.ring.PacketDescriptor;
import org.hvref.ring.PacketError;
import org.hvref.ring.RingCorruptedException;
import org.hvref.ring.RingWriter;
import org.hvref.ring.TransferPageRange;
import org.hvref.ring.TransferPagesPacket;
import org.hvref.ring.VmbusPacket;
import org.hvref.ring.WriteStatus;
import org.hvref.wire.ProtocolException;
import org.junit.jupiter.api.Test;

/**
 * Deterministic, single-threaded tests of {@link ChannelEndpoint}: two rings in one guest memory, and the test
 * delivers each side's interrupt ({@link Loopback#runUntilQuiet}) when the other side signalled.
 */
class ChannelEndpointTest {

    /** Records what a side received. */
    static final class Recorder implements ChannelPacketHandler {
        final List<VmbusPacket> packets = new ArrayList<>();
        final List<ProtocolException> errors = new ArrayList<>();

        @Override
        public void onPacket(ChannelEndpoint endpoint, VmbusPacket packet) {
            packets.add(packet);
        }

        @Override
        public void onProtocolError(ChannelEndpoint endpoint, ProtocolException error) {
            errors.add(error);
        }
    }

    static byte[] bytes(int seed, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    static Throwable failureOf(CompletableFuture<?> f) {
        assertTrue(f.isCompletedExceptionally(), "future failed");
        CompletionException e = assertThrows(CompletionException.class, f::join);
        return e.getCause();
    }

    @Test
    void shouldFailOutstandingAndWaitingRequestsWhenTheChannelCloses() {
        Loopback l = new Loopback(4096);
        Recorder hostSide = new Recorder();
        ChannelEndpoint host = l.host(hostSide);
        ChannelEndpoint guest = l.guest(new Recorder(), 2);
        List<CompletableFuture<CompletionPacket>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            futures.add(guest.request(bytes(i, 8))); // two in flight, two waiting for a slot
        }
        l.runUntilQuiet(host, guest);
        assertEquals(2, guest.outstandingRequests());
        guest.close("rescinded by the host");
        for (CompletableFuture<CompletionPacket> f : futures) {
            EndpointException e = assertInstanceOf(EndpointException.class, failureOf(f));
            EndpointException cause = assertInstanceOf(EndpointException.class, e.getCause());
            assertEquals(EndpointError.CHANNEL_CLOSED, cause.reason());
            assertEquals("channel closed: rescinded by the host", cause.getMessage());
        }
        assertEquals(0, guest.outstandingRequests());
        assertTrue(guest.isFailed());
        assertInstanceOf(EndpointException.class, failureOf(guest.request(bytes(9, 8))));
    }

    @Test
    void shouldMatchCompletionsToRequestsWhenTheyArriveOutOfOrder() {
        Loopback l = new Loopback(4096);
        Recorder hostSide = new Recorder();
        ChannelEndpoint host = l.host(hostSide);
        ChannelEndpoint guest = l.guest(new Recorder(), 16);
        List<CompletableFuture<CompletionPacket>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(guest.request(bytes(i, 8)));
        }
        l.runUntilQuiet(host, guest);
        assertEquals(5, hostSide.packets.size());
        Set<Long> tids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            VmbusPacket p = hostSide.packets.get(i);
            assertInstanceOf(InBandPacket.class, p);
            assertTrue(p.completionRequested());
            assertArrayEquals(bytes(i, 8), p.payload());
            assertTrue(tids.add(p.transactionId()), "transaction ids distinct");
        }
        assertFalse(tids.contains(0L));
        assertEquals(5, guest.outstandingRequests());
        int[] order = {3, 0, 4, 1, 2};
        Set<Integer> answered = new HashSet<>();
        for (int idx : order) {
            host.complete(hostSide.packets.get(idx).transactionId(), bytes(100 + idx, 8));
            l.runUntilQuiet(host, guest);
            answered.add(idx);
            for (int i = 0; i < 5; i++) {
                assertEquals(answered.contains(i), futures.get(i).isDone(), "request " + i + " after answering "
                    + answered);
            }
        }
        for (int i = 0; i < 5; i++) {
            CompletionPacket c = futures.get(i).join();
            assertEquals(hostSide.packets.get(i).transactionId(), c.transactionId());
            assertArrayEquals(bytes(100 + i, 8), c.payload());
        }
        assertEquals(0, guest.outstandingRequests());
        assertEquals(0, guest.protocolErrors());
        assertEquals(0, host.protocolErrors());
    }

    @Test
    void shouldWaitForRingSpaceAndSendOnceThePeerDrained() {
        Loopback l = new Loopback(512);
        Recorder hostSide = new Recorder();
        ChannelEndpoint host = l.host(hostSide);
        ChannelEndpoint guest = l.guest(new Recorder(), 16);
        // 16 + 104 + 8 = 128 ring bytes each: three fit in 512 - 8, the fourth finds exactly 128 free (needs > 128)
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sent.add(guest.send(new InBandPacket(0, i, bytes(i, 104))));
        }
        assertTrue(sent.get(0).isDone() && sent.get(1).isDone() && sent.get(2).isDone());
        assertFalse(sent.get(3).isDone());
        assertEquals(1, guest.queuedSends());
        assertEquals(1, guest.writerSleeps());
        assertEquals(128, l.toHost.pendingSendSizeAcquire());
        assertEquals(WriteStatus.FULL, guest.trySend(new InBandPacket(0, 9, new byte[0])), "queued packets first");

        // a spurious interrupt (no space freed) wakes the writer, which finds no room and sleeps again
        guest.onInterrupt();
        assertFalse(sent.get(3).isDone());
        assertEquals(2, guest.writerSleeps());
        assertFalse(l.guestIrq.pending());

        assertTrue(l.hostIrq.take(), "the first write signalled the host");
        host.onInterrupt();
        assertEquals(3, hostSide.packets.size());
        assertTrue(l.guestIrq.pending(), "the host's reader signals the writer waiting for space");
        assertFalse(sent.get(3).isDone(), "the guest writes only when its interrupt arrives");
        assertTrue(l.guestIrq.take());
        guest.onInterrupt();
        assertTrue(sent.get(3).isDone());
        assertEquals(0, guest.queuedSends());
        l.runUntilQuiet(host, guest);
        assertEquals(4, hostSide.packets.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(i, hostSide.packets.get(i).transactionId(), "ring order");
        }
    }

    @Test
    void shouldRecordUnknownAndDuplicateCompletionsAndKeepWorking() {
        Loopback l = new Loopback(4096);
        Recorder hostSide = new Recorder();
        Recorder guestSide = new Recorder();
        ChannelEndpoint host = l.host(hostSide);
        ChannelEndpoint guest = l.guest(guestSide, 16);
        CompletableFuture<CompletionPacket> a = guest.request(bytes(1, 16));
        l.runUntilQuiet(host, guest);
        long tid = hostSide.packets.get(0).transactionId();

        host.complete(999, bytes(2, 8));
        host.complete(tid, bytes(3, 8));
        host.complete(tid, bytes(4, 8));
        host.complete(0, bytes(5, 8));
        l.runUntilQuiet(host, guest);

        assertArrayEquals(bytes(3, 8), a.join().payload());
        assertEquals(3, guest.protocolErrors());
        assertEquals(3, guestSide.errors.size());
        EndpointException unknown = (EndpointException) guestSide.errors.get(0);
        assertEquals(EndpointError.UNKNOWN_TRANSACTION_ID, unknown.reason());
        assertEquals("completion transaction id: 999 never allocated (expected: one of 1 outstanding requests)",
            unknown.getMessage());
        assertEquals(EndpointError.DUPLICATE_COMPLETION, ((EndpointException) guestSide.errors.get(1)).reason());
        assertEquals(EndpointError.UNKNOWN_TRANSACTION_ID, ((EndpointException) guestSide.errors.get(2)).reason());
        assertEquals(guestSide.errors, guest.recentProtocolErrors());
        assertTrue(guestSide.packets.isEmpty(), "completions never reach the handler");

        CompletableFuture<CompletionPacket> b = guest.request(bytes(6, 8));
        l.runUntilQuiet(host, guest);
        host.complete(hostSide.packets.get(1).transactionId(), bytes(7, 8));
        l.runUntilQuiet(host, guest);
        assertArrayEquals(bytes(7, 8), b.join().payload());
        assertFalse(guest.isFailed());
    }

    @Test
    void shouldRecordHostilePacketsAndKeepDelivering() {
        Loopback l = new Loopback(4096);
        Recorder guestSide = new Recorder();
        ChannelEndpoint guest = l.guest(guestSide, 16);
        RingWriter hostile = new RingWriter(l.toGuest);
        byte[] p = bytes(9, 16);
        hostile.tryWrite(0x1, 0, 1, p, 0, p.length);                               // no such packet type
        hostile.tryWrite(0x6, 0x8, 2, p, 0, p.length);                             // unknown flag bit
        hostile.tryWrite(0x9, 0, 3, p, 0, p.length);                               // GPA direct, offset8 = 2
        hostile.tryWrite(0x7, 0, 4, new byte[24], 0, 0);                           // transfer pages, no header
        byte[] lyingCount = new byte[16];
        lyingCount[4] = 9;                                                         // range_cnt = 9, no ranges
        hostile.tryWriteEncoded(gpaHeader(lyingCount), 0, 32);
        hostile.tryWrite(0x6, 0, 5, p, 0, p.length);                               // a good packet at last
        guest.onInterrupt();

        assertEquals(1, guestSide.packets.size());
        assertEquals(new InBandPacket(0, 5, p), guestSide.packets.get(0));
        List<PacketError> reasons = new ArrayList<>();
        for (ProtocolException e : guestSide.errors) {
            reasons.add(((MalformedPacketException) e).reason());
        }
        assertEquals(List.of(PacketError.UNSUPPORTED_TYPE, PacketError.UNKNOWN_FLAGS, PacketError.OFFSET_TOO_SMALL,
            PacketError.OFFSET_TOO_SMALL, PacketError.BAD_RANGE_COUNT), reasons);
        assertFalse(guest.isFailed());
    }

    /** A GPA-direct packet: descriptor (offset8 = 3, len8 = 4), then the 16 bytes given (reserved, range_cnt...). */
    private static byte[] gpaHeader(byte[] rest) {
        byte[] b = new byte[32];
        b[0] = 0x9;   // type
        b[2] = 3;     // offset8: 24-byte header
        b[4] = 4;     // len8: 32 bytes
        System.arraycopy(rest, 0, b, 16, 16);
        return b;
    }

    @Test
    void shouldFailTheEndpointAndItsRequestsWhenTheIncomingRingIsCorrupt() {
        Loopback l = new Loopback(4096);
        Recorder hostSide = new Recorder();
        ChannelEndpoint host = l.host(hostSide);
        ChannelEndpoint guest = l.guest(new Recorder(), 16);
        CompletableFuture<CompletionPacket> a = guest.request(bytes(1, 8));
        l.runUntilQuiet(host, guest);
        assertEquals(1, hostSide.packets.size());

        l.toGuest.putWriteIndexRelease(4100);
        guest.onInterrupt();

        assertTrue(guest.isFailed());
        EndpointException failed = assertInstanceOf(EndpointException.class, failureOf(a));
        assertEquals(EndpointError.ENDPOINT_FAILED, failed.reason());
        assertInstanceOf(RingCorruptedException.class, failed.getCause());
        assertSame(guest.failure(), failed.getCause());
        assertEquals(0, guest.outstandingRequests());
        assertEquals(EndpointError.ENDPOINT_FAILED,
            ((EndpointException) failureOf(guest.send(new InBandPacket(0, 0, new byte[8])))).reason());
        assertEquals(EndpointError.ENDPOINT_FAILED, ((EndpointException) failureOf(guest.request(bytes(2, 8))))
            .reason());
        EndpointException thrown = assertThrows(EndpointException.class,
            () -> guest.trySend(new InBandPacket(0, 0, new byte[8])));
        assertEquals(EndpointError.ENDPOINT_FAILED, thrown.reason());
        guest.onInterrupt(); // does nothing, does not throw
        assertFalse(host.isFailed(), "the peer keeps working");
    }

    @Test
    void shouldFailQueuedSendsWhenTheOutgoingRingIsCorrupt() {
        Loopback l = new Loopback(512);
        ChannelEndpoint guest = l.guest(new Recorder(), 16);
        CompletableFuture<Void> first = guest.send(new InBandPacket(0, 1, bytes(1, 8)));
        assertTrue(first.isDone());
        l.toHost.putReadIndexRelease(12); // misaligned: no reader stores that
        CompletableFuture<Void> second = guest.send(new InBandPacket(0, 2, bytes(2, 8)));
        EndpointException failed = assertInstanceOf(EndpointException.class, failureOf(second));
        assertInstanceOf(RingCorruptedException.class, failed.getCause());
        assertTrue(guest.isFailed());
    }

    @Test
    void shouldBoundOutstandingRequestsAndSendTheRestAsSlotsFree() {
        Loopback l = new Loopback(4096);
        Recorder hostSide = new Recorder();
        ChannelEndpoint host = l.host(hostSide);
        ChannelEndpoint guest = l.guest(new Recorder(), 2);
        List<CompletableFuture<CompletionPacket>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(guest.request(bytes(i, 8)));
        }
        assertEquals(2, guest.outstandingRequests());
        assertEquals(3, guest.waitingRequests());
        l.runUntilQuiet(host, guest);
        assertEquals(2, hostSide.packets.size());
        int answered = 0;
        while (answered < hostSide.packets.size()) {
            VmbusPacket p = hostSide.packets.get(answered++);
            host.complete(p.transactionId(), p.payload());
            l.runUntilQuiet(host, guest);
            assertTrue(guest.outstandingRequests() <= 2);
        }
        assertEquals(5, hostSide.packets.size());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(bytes(i, 8), hostSide.packets.get(i).payload(), "requests leave in order");
            assertArrayEquals(bytes(i, 8), futures.get(i).join().payload());
        }
        assertEquals(0, guest.waitingRequests());
    }

    @Test
    void shouldRoundTripGpaDirectAndTransferPagePacketsWithTheirRanges() {
        Loopback l = new Loopback(4096);
        List<VmbusPacket> seen = new ArrayList<>();
        ChannelEndpoint host = l.host((ep, p) -> {
            seen.add(p);
            ep.complete(p.transactionId(), p.payload());
        });
        ChannelEndpoint guest = l.guest(new Recorder(), 16);
        List<GpaRange> gpa = List.of(new GpaRange(6000, 100, new long[] {7, 5}), new GpaRange(8, 0, new long[] {6}));
        List<TransferPageRange> xfer = List.of(new TransferPageRange(1500, 0), new TransferPageRange(60, 4096));
        CompletableFuture<CompletionPacket> g = guest.requestGpaDirect(gpa, bytes(1, 16));
        CompletableFuture<CompletionPacket> x = guest.requestTransferPages(7, true, xfer, bytes(2, 16));
        l.runUntilQuiet(host, guest);
        assertEquals(List.of(
            new GpaDirectPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, g.join().transactionId(), gpa,
                bytes(1, 16)),
            new TransferPagesPacket(PacketDescriptor.FLAG_COMPLETION_REQUESTED, x.join().transactionId(), 7, true,
                xfer, bytes(2, 16))), seen);
        assertArrayEquals(bytes(1, 16), g.join().payload());
        assertArrayEquals(bytes(2, 16), x.join().payload());

        guest.sendGpaDirect(gpa, new byte[0]);
        guest.sendTransferPages(3, false, xfer, new byte[0]);
        l.runUntilQuiet(host, guest);
        assertEquals(new GpaDirectPacket(0, 0, gpa, new byte[0]), seen.get(2));
        assertEquals(new TransferPagesPacket(0, 0, 3, false, xfer, new byte[0]), seen.get(3));
        // the host completed both, though nobody asked: the guest records them as never-allocated ids
        assertEquals(2, guest.protocolErrors());
    }

    @Test
    void shouldEchoRequestsPostsAndGuestPageBuffersThroughTheEchoDevice() {
        Loopback l = new Loopback(16384);
        ChannelEndpoint host = l.host(new EchoDevice(l.memory));
        EchoClient client = l.echoClient(4);
        ChannelEndpoint guest = client.endpoint();
        long p = l.firstBufferPage;
        byte[] first = bytes(3, 6000);
        byte[] second = bytes(4, 50);
        // 6000 bytes from offset 100 of page p+2 on into page p; 50 bytes at offset 4000 of page p+3
        l.memory.write(((p + 2) << 12) + 100, first, 0, 3996);
        l.memory.write(p << 12, first, 3996, 6000 - 3996);
        l.memory.write(((p + 3) << 12) + 4000, second, 0, 50);
        List<GpaRange> ranges = List.of(new GpaRange(6000, 100, new long[] {p + 2, p}),
            new GpaRange(50, 4000, new long[] {p + 3}));

        CompletableFuture<byte[]> pages = client.echoPages(ranges);
        CompletableFuture<byte[]> small = client.echo(bytes(5, 13));
        client.post(42, bytes(6, 24));
        l.runUntilQuiet(host, guest);

        byte[] expected = new byte[6050];
        System.arraycopy(first, 0, expected, 0, 6000);
        System.arraycopy(second, 0, expected, 6000, 50);
        assertArrayEquals(expected, pages.join());
        assertArrayEquals(bytes(5, 13), small.join());
        assertEquals(new InBandPacket(0, 42, bytes(6, 24)), client.pollEcho());
        assertNull(client.pollEcho());

        // a page buffer outside guest memory: the device refuses it (typed), both sides keep working
        CompletableFuture<byte[]> outside = client.echoPages(List.of(new GpaRange(8, 0, new long[] {1L << 40})));
        CompletableFuture<byte[]> hostile = client.echoPages(List.of(new GpaRange(8, 0, new long[] {-1L})));
        CompletableFuture<byte[]> after = client.echo(bytes(7, 8));
        l.runUntilQuiet(host, guest);
        assertFalse(outside.isDone() || hostile.isDone(), "refused requests get no answer from the echo device");
        assertArrayEquals(bytes(7, 8), after.join());
        assertEquals(2, host.protocolErrors());
        assertInstanceOf(GuestMemoryException.class, host.recentProtocolErrors().get(0));
        assertEquals(EchoError.PFN_OUT_OF_RANGE,
            ((EchoRejectedException) host.recentProtocolErrors().get(1)).reason());
        assertFalse(host.isFailed() || guest.isFailed());
    }

    @Test
    void shouldFailTheEndpointWhenTheHandlerBlocksOnItsOwnInterruptThread() {
        Loopback l = new Loopback(4096);
        ChannelEndpoint host = l.host((ep, p) -> {
            try {
                ep.sendBlocking(p, Duration.ofSeconds(1));
            } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError(e);
            }
        });
        ChannelEndpoint guest = l.guest(new Recorder(), 16);
        guest.sendInBand(bytes(1, 8));
        l.runUntilQuiet(host, guest);
        assertTrue(host.isFailed());
        assertInstanceOf(IllegalStateException.class, host.failure());
    }

    @Test
    void shouldRejectPacketsThatCanNeverFit() {
        Loopback l = new Loopback(512);
        ChannelEndpoint guest = l.guest(new Recorder(), 16);
        assertThrows(IllegalArgumentException.class, () -> guest.send(new InBandPacket(0, 0, new byte[512])));
        assertThrows(IllegalArgumentException.class, () -> guest.request(new InBandPacket(0, 0, new byte[8])));
        assertEquals(512 - 16, guest.maxPacketLength());
        assertTrue(guest.send(new InBandPacket(0, 0, new byte[512 - 32])).isDone());
    }

    /** ReaderWake events of a ring's trace. */
    private static long readerWakes(org.hvref.trace.RecordingTracer ring) {
        return ring.events().stream().filter(e -> e.action().equals("ReaderWake")).count();
    }

    private static long spuriousReaderWakes(boolean sharedDoorbells) {
        Loopback l = new Loopback(4096);
        org.hvref.trace.RecordingTracer toHostTrace = new org.hvref.trace.RecordingTracer();
        Recorder hostSide = new Recorder();
        ChannelEndpoint host = new ChannelEndpoint(new RingWriter(l.toGuest),
                new org.hvref.ring.RingReader(l.toHost, toHostTrace), l.guestIrq, hostSide);
        ChannelEndpoint guest = new ChannelEndpoint(new RingWriter(l.toHost, toHostTrace),
                new org.hvref.ring.RingReader(l.toGuest), l.hostIrq, new Recorder());
        if (sharedDoorbells) {
            ChannelDoorbells bells = ChannelDoorbells.create();
            guest.shareDoorbells(bells);
            host.shareDoorbells(bells.peer());
        }
        guest.sendInBand(bytes(1, 16));
        l.runUntilQuiet(host, guest);
        assertEquals(1, hostSide.packets.size());
        long before = readerWakes(toHostTrace);
        host.onInterrupt(); // an interrupt the guest raised for the other ring (or none): no data signal
        return readerWakes(toHostTrace) - before;
    }

    @Test
    void shouldWakeTheReaderOnlyForARaisedDoorbellWhenDoorbellsAreShared() {
        assertEquals(0, spuriousReaderWakes(true), "shared doorbells: no ReaderWake without the writer's signal");
        assertEquals(1, spuriousReaderWakes(false), "one signal per direction: every interrupt may mean data");
    }

    @Test
    void shouldCarryAFullRingExchangeOverSharedDoorbells() {
        Loopback l = new Loopback(256);
        Recorder hostSide = new Recorder();
        ChannelEndpoint host = l.host(hostSide);
        ChannelEndpoint guest = l.guest(new Recorder(), ChannelEndpoint.DEFAULT_MAX_OUTSTANDING);
        ChannelDoorbells bells = ChannelDoorbells.create();
        guest.shareDoorbells(bells);
        host.shareDoorbells(bells.peer());
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(guest.sendInBand(bytes(i, 40))); // 256-byte ring: the writer fills it and sleeps
        }
        l.runUntilQuiet(host, guest);
        assertTrue(guest.writerSleeps() > 0, "the writer slept for space");
        assertEquals(40, hostSide.packets.size());
        assertTrue(sent.stream().allMatch(CompletableFuture::isDone));
        for (int i = 0; i < 40; i++) {
            assertArrayEquals(bytes(i, 40), ((InBandPacket) hostSide.packets.get(i)).payload());
        }
    }

    @Test
    void shouldRefuseToShareDoorbellsOnceUsedOrTwice() {
        Loopback l = new Loopback(4096);
        ChannelEndpoint guest = l.guest(new Recorder(), 4);
        guest.sendInBand(bytes(1, 8));
        assertThrows(IllegalStateException.class, () -> guest.shareDoorbells(ChannelDoorbells.create()));
        ChannelEndpoint host = l.host(new Recorder());
        host.shareDoorbells(ChannelDoorbells.create());
        assertThrows(IllegalStateException.class, () -> host.shareDoorbells(ChannelDoorbells.create()));
    }

    @Test
    void shouldMirrorTheDoorbellsForThePeer() {
        ChannelDoorbells g = ChannelDoorbells.create();
        ChannelDoorbells h = g.peer();
        assertSame(g.outgoingData(), h.incomingData());
        assertSame(g.outgoingSpace(), h.incomingSpace());
        assertSame(g.incomingData(), h.outgoingData());
        assertSame(g.incomingSpace(), h.outgoingSpace());
        assertEquals(g, h.peer());
        org.hvref.ring.RingDoorbell b = new org.hvref.ring.RingDoorbell();
        assertThrows(IllegalArgumentException.class, () -> new ChannelDoorbells(b, g.outgoingSpace(), b,
                g.incomingSpace()));
    }
}
