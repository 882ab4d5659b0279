package org.hvref.ic.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.ic.IcHostService;
import org.hvref.ic.IcRequestConsumer;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.heartbeat.HeartbeatDescriptor;
import org.hvref.ic.heartbeat.HeartbeatHostService;
import org.hvref.ic.heartbeat.HeartbeatResponder;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcMessageType;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.ic.timesync.GuestClock;
import org.hvref.ic.timesync.TimeSyncDaemon;
import org.hvref.ic.timesync.TimeSyncFlags;
import org.hvref.ic.timesync.TimeSyncHostService;
import org.hvref.ic.timesync.TimeSyncMessage;
import org.hvref.ic.timesync.TimeSyncMessageCodec;
import org.hvref.machine.IcHostDevice;
import org.hvref.machine.IcServicePair;
import org.hvref.machine.ReferenceMachine;
import org.hvref.ring.InBandPacket;
import org.hvref.ring.RingReader;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Regression test of hazard #4 (hazards.md, L-RING-3 "the callback drains only one packet"): on a real machine the host
 * writes two heartbeat (or two time-sync) requests into the host-to-guest ring back to back, with a single signal, and
 * the guest must answer both, because its IC channel drains the ring on every interrupt. The same check run against
 * a guest whose interrupt callback reads one packet per interrupt (the bug, built in this test) must fail.
 */
class IcRingDrainHazardTest {
    private static final long TS_COUNTER = 5_000_000_000L;

    /** One IC pair on a deterministic machine whose guest interrupts are counted. */
    private static final class Rig implements AutoCloseable {
        final ReferenceMachine m = ReferenceMachine.builder().deterministic(41).build();
        final AtomicInteger interrupts = new AtomicInteger();
        IcServicePair pair;
        IcVersion[] versions;

        Rig(IcHostService host, IcRequestConsumer daemon) {
            m.await(m.client().connect());
            m.await(m.client().requestOffers());
            pair = m.await(m.addIcService(host, IcVersionPolicy.LINUX, daemon));
            versions = (IcVersion[]) m.await(pair.negotiated());
            m.settle();
        }

        /** The guest's production callback (the endpoint drains the ring), counted. */
        void countInterrupts() {
            ChannelEndpoint guestEndpoint = pair.channel().endpoint();
            m.await(m.onGuest("test: count interrupts", () -> {
                m.guest().onChannelInterrupt(pair.relid(), () -> {
                    interrupts.incrementAndGet();
                    guestEndpoint.onInterrupt();
                });
                return null;
            }));
        }

        /** The L-RING-3 bug: the callback reads one packet per interrupt and returns. */
        void readOnePacketPerInterrupt() {
            ChannelEndpoint guestEndpoint = pair.channel().endpoint();
            m.await(m.onGuest("test: buggy one-packet callback", () -> {
                RingReader reader = new RingReader(pair.channel().opened().incoming());
                m.guest().onChannelInterrupt(pair.relid(), () -> {
                    interrupts.incrementAndGet();
                    reader.readBatch(1, view -> pair.guestChannel().onPacket(guestEndpoint, view.decode()));
                });
                return null;
            }));
        }

        /** Writes both IC requests into the host-to-guest ring in one host task: the second write does not signal. */
        void hostWritesBackToBack(IcMessageType type, List<byte[]> payloads) {
            IcHostDevice device = (IcHostDevice) m.hostDevice(pair.relid()).orElseThrow();
            m.await(m.onHost("test: two requests, one signal", () -> {
                for (byte[] payload : payloads) {
                    byte[] packet = IcCodec.encode(IcHeader.hostRequest(type, versions[0], versions[1],
                            payload.length), payload);
                    device.endpoint().send(new InBandPacket(0, 0, packet));
                }
                return null;
            }));
            m.settle();
        }

        @Override
        public void close() {
            m.close();
        }
    }

    private static byte[] heartbeat(long sequence) {
        return ByteBuffer.allocate(HeartbeatDescriptor.LENGTH).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(HeartbeatDescriptor.SEQUENCE_OFFSET, sequence).array();
    }

    /** The hazard's check: one signal, two requests, two answers. */
    private static void assertBothAnswered(Rig rig, long answersBefore, IntSupplier daemonAnswers, int expected) {
        assertEquals(1, rig.interrupts.get(), "both requests arrived with a single signal");
        assertEquals(answersBefore + 2, rig.pair.guestChannel().answered(), "the guest answers both requests");
        assertEquals(expected, daemonAnswers.getAsInt(), "the daemon saw both requests");
    }

    private static Rig heartbeatRig(HeartbeatResponder daemon, boolean buggy) {
        Rig rig = new Rig(new HeartbeatHostService(), daemon);
        if (buggy) {
            rig.readOnePacketPerInterrupt();
        } else {
            rig.countInterrupts();
        }
        return rig;
    }

    @Test
    void theGuestShouldAnswerTwoHeartbeatsWrittenWithOneSignal() {
        HeartbeatResponder daemon = new HeartbeatResponder();
        try (Rig rig = heartbeatRig(daemon, false)) {
            long before = rig.pair.guestChannel().answered();
            rig.hostWritesBackToBack(IcMessageType.HEARTBEAT, List.of(heartbeat(500), heartbeat(502)));
            assertBothAnswered(rig, before, () -> (int) daemon.answered(), 2);
            assertEquals(503, daemon.lastAnswer());
        }
    }

    @Test
    void aGuestThatReadsOnePacketPerInterruptShouldFailTheHeartbeatCheck() {
        HeartbeatResponder daemon = new HeartbeatResponder();
        try (Rig rig = heartbeatRig(daemon, true)) {
            long before = rig.pair.guestChannel().answered();
            rig.hostWritesBackToBack(IcMessageType.HEARTBEAT, List.of(heartbeat(500), heartbeat(502)));
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> assertBothAnswered(rig, before, () -> (int) daemon.answered(), 2));
            assertTrue(e.getMessage().contains("answers both"), e::getMessage);
            assertEquals(1, daemon.answered(), "the second heartbeat stays in the ring");
        }
    }

    /** A guest clock recording its steps; the counter stands still. */
    private static final class Steps implements GuestClock {
        final List<Long> steps = new ArrayList<>();

        @Override
        public long nowNanos() {
            return 0;
        }

        @Override
        public synchronized void step(long unixNanos) {
            steps.add(unixNanos);
        }

        synchronized int count() {
            return steps.size();
        }
    }

    private static List<byte[]> twoSyncs() {
        long parent = TimeSyncMessageCodec.toHostTime(1_800_000_000_000_000_000L);
        return List.of(TimeSyncMessageCodec.encode(TimeSyncMessage.reference(parent, TS_COUNTER, TimeSyncFlags.SYNC)),
                TimeSyncMessageCodec.encode(TimeSyncMessage.reference(parent + 10, TS_COUNTER, TimeSyncFlags.SYNC)));
    }

    private static void timeSync(boolean buggy) {
        Steps clock = new Steps();
        TimeSyncHostService host = new TimeSyncHostService(Clock.systemUTC(), () -> TS_COUNTER);
        try (Rig rig = new Rig(host, new TimeSyncDaemon(clock, () -> TS_COUNTER))) {
            assertEquals(IcVersion.V4_0, rig.versions[1]);
            assertEquals(1, clock.count(), "the SYNC after negotiation");
            if (buggy) {
                rig.readOnePacketPerInterrupt();
            } else {
                rig.countInterrupts();
            }
            long before = rig.pair.guestChannel().answered();
            rig.hostWritesBackToBack(IcMessageType.TIMESYNC, twoSyncs());
            assertBothAnswered(rig, before, () -> clock.count() - 1, 2);
            assertEquals(1_800_000_000_000_001_000L, clock.steps.get(2), "the second SYNC's time");
        }
    }

    @Test
    void theGuestShouldAnswerTwoTimeSyncsWrittenWithOneSignal() {
        timeSync(false);
    }

    @Test
    void aGuestThatReadsOnePacketPerInterruptShouldFailTheTimeSyncCheck() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> timeSync(true));
        assertTrue(e.getMessage().contains("answers both"), e::getMessage);
    }
}
