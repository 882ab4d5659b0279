package org.hvref.ic.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.hvref.channel.host.WindowsHost;
import org.hvref.ic.IcActions;
import org.hvref.ic.IcClientState;
import org.hvref.ic.IcService;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.heartbeat.HeartbeatHostService;
import org.hvref.ic.heartbeat.HeartbeatListener;
import org.hvref.ic.heartbeat.HeartbeatMiss;
import org.hvref.ic.heartbeat.HeartbeatResponder;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.machine.IcServicePair;
import org.hvref.machine.ReferenceMachine;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.ChannelTraceValidator;
import org.hvref.spec.trace.IcTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Heartbeat pairs over real util channels of a {@link ReferenceMachine}: every guest family under several seeds and
 * concurrently, host offers with no common version (Linux/MacHyperVSupport answer the failure, FreeBSD stays silent
 * until the host's timeout), missed heartbeats (a guest that stops draining its ring, a guest without a daemon) and a
 * rescind in the middle of a round. Every run's IcNegotiation trace (one per channel) and VmbusChannel trace are
 * validated by TLC together at the end, and the IcNegotiation traces must cover every action of the spec.
 * The validation test runs last (method names in order).
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class HeartbeatOverVmbusTest {
    private static final List<IcVersionPolicy> FAMILIES = List.of(IcVersionPolicy.values());

    private static SpecFiles files;
    private static final List<List<Map<String, Object>>> IC_TRACES = new ArrayList<>();
    private static final List<List<Map<String, Object>>> CHANNEL_TRACES = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        files = SpecFiles.materialize();
    }

    @AfterAll
    static void tearDown() {
        files.close();
    }

    /** Misses and unresponsive reports heard by the listener. */
    static final class Heard implements HeartbeatListener {
        final List<HeartbeatMiss> misses = new ArrayList<>();
        final List<Long> rounds = new ArrayList<>();
        final List<String> lost = new ArrayList<>();
        int unresponsive;

        @Override
        public void onRound(long sequence, long roundNanos) {
            rounds.add(sequence);
        }

        @Override
        public void onMissed(HeartbeatMiss miss) {
            misses.add(miss);
        }

        @Override
        public void onUnresponsive(int consecutiveMisses) {
            unresponsive++;
        }

        @Override
        public void onChannelLost(String why) {
            lost.add(why);
        }
    }

    /** One machine with a connected guest; the test body adds pairs and runs them. */
    static final class Run implements AutoCloseable {
        final ReferenceMachine m;
        final AtomicLong clock = new AtomicLong();
        final List<IcServicePair> pairs = new ArrayList<>();

        Run(ReferenceMachine machine) {
            m = machine;
            m.await(m.client().connect());
            m.await(m.client().requestOffers());
        }

        IcServicePair add(HeartbeatHostService hb, IcVersionPolicy family, HeartbeatResponder daemon) {
            IcServicePair p = m.await(m.addIcService(hb, family, daemon));
            pairs.add(p);
            return p;
        }

        IcServicePair add(HeartbeatHostService hb, List<IcVersion> fw, List<IcVersion> msg, IcVersionPolicy family) {
            IcServicePair p = m.await(m.addIcService(hb, fw, msg, family, new HeartbeatResponder()));
            pairs.add(p);
            return p;
        }

        HeartbeatHostService service(Heard heard, int missLimit) {
            return new HeartbeatHostService(100, missLimit, () -> clock.addAndGet(2_000_000_000L), heard);
        }

        void tick(HeartbeatHostService hb) {
            m.await(m.onHost("test: heartbeat tick", hb::tick));
            m.settle();
        }

        @Override
        public void close() {
            m.settle();
            for (IcServicePair p : pairs) {
                IC_TRACES.add(p.icTrace());
            }
            CHANNEL_TRACES.add(((RecordingTracer) m.tracer()).events().stream().map(TraceEvent::toRecord).toList());
            m.close();
        }
    }

    private static void heartbeatsOfEveryFamily(Run r) {
        for (IcVersionPolicy family : FAMILIES) {
            Heard heard = new Heard();
            HeartbeatHostService hb = r.service(heard, 3);
            HeartbeatResponder daemon = new HeartbeatResponder();
            IcServicePair p = r.add(hb, family, daemon);
            r.m.await(p.negotiated());
            assertTrue(hb.negotiated(), family::toString);
            assertEquals(IcVersion.V3_0, hb.messageVersion(), family::toString); // guests pick 3.0 of host 1.0, 3.0
            assertInstanceOf(IcClientState.Ready.class, p.guestState());
            for (int i = 0; i < 4; i++) {
                r.tick(hb);
            }
            assertEquals(4, hb.rounds(), hb::toString);
            assertEquals(0, hb.missed(), hb::toString);
            assertEquals(List.of(100L, 102L, 104L, 106L), heard.rounds, "host N, guest N+1, next host N+2");
            assertEquals(4, daemon.answered());
            assertEquals(107, daemon.lastAnswer());
            assertEquals(0, p.hostChannel().protocolErrors().size());
            assertEquals(0, p.guestChannel().protocolErrors().size());
        }
    }

    @Test
    void shouldRunHeartbeatsOfEveryFamilyUnderSeveralSeeds() {
        for (long seed : new long[] {1, 2, 3}) {
            try (Run r = new Run(ReferenceMachine.builder().host(WindowsHost.WINDOWS_SERVER_2022)
                    .deterministic(seed).build())) {
                heartbeatsOfEveryFamily(r);
                for (IcServicePair p : r.pairs) {
                    r.m.await(p.close());
                    assertTrue(p.hostService(HeartbeatHostService.class).isLost(), "close tells the host service");
                }
            }
        }
    }

    @Test
    void shouldRunHeartbeatsOfEveryFamilyConcurrently() {
        try (Run r = new Run(ReferenceMachine.builder().host(WindowsHost.COPPER).concurrent().build())) {
            heartbeatsOfEveryFamily(r);
        }
    }

    @Test
    void shouldFailOrTimeOutANegotiationWithNoCommonVersion() {
        IcVersion v5 = IcVersion.V5_0;
        try (Run r = new Run(ReferenceMachine.builder().deterministic(7).build())) {
            for (IcVersionPolicy family : FAMILIES) {
                Heard heard = new Heard();
                HeartbeatHostService hb = r.service(heard, 3);
                IcServicePair p = r.add(hb, IcService.HOST_FRAMEWORK_VERSIONS, List.of(v5), family);
                r.m.settle();
                if (family == IcVersionPolicy.FREEBSD) {
                    assertFalse(p.lost().isDone(), "FreeBSD sends no answer to a failed negotiation");
                    assertTrue(r.m.await(p.negotiateTimeout()));
                } else {
                    assertFalse(r.m.await(p.negotiateTimeout()), "the failure answer arrived before the timer");
                }
                assertTrue(p.lost().isDone(), family::toString);
                assertTrue(p.negotiated().isCompletedExceptionally());
                assertEquals(1, heard.lost.size());
                assertFalse(hb.tick(), "no heartbeat on a lost channel");
                r.tick(hb);
                assertEquals(0, hb.rounds());
                assertInstanceOf(IcClientState.Unnegotiated.class, p.guestState());
            }
        }
    }

    @Test
    void shouldDetectMissedHeartbeatsWhenTheGuestStopsAnswering() {
        for (boolean concurrent : new boolean[] {false, true}) {
            ReferenceMachine.Builder b = ReferenceMachine.builder();
            try (Run r = new Run(concurrent ? b.concurrent().build() : b.deterministic(11).build())) {
                Heard heard = new Heard();
                HeartbeatHostService hb = r.service(heard, 2);
                IcServicePair p = r.add(hb, IcVersionPolicy.LINUX, new HeartbeatResponder());
                r.m.await(p.negotiated());
                r.tick(hb);
                assertEquals(1, hb.rounds());
                // the guest stops draining the channel: the next heartbeat stays unanswered
                r.m.await(r.m.onGuest("test: mute", () -> {
                    r.m.guest().removeChannelInterrupt(p.relid());
                    return null;
                }));
                r.tick(hb);
                assertTrue(hb.awaitingAnswer());
                r.tick(hb);
                assertEquals(1, hb.missed());
                assertFalse(hb.isUnresponsive());
                r.tick(hb);
                assertEquals(2, hb.missed());
                assertTrue(hb.isUnresponsive());
                assertEquals(1, heard.unresponsive);
                assertEquals(List.of(HeartbeatMiss.Reason.UNANSWERED, HeartbeatMiss.Reason.UNANSWERED),
                        heard.misses.stream().map(HeartbeatMiss::reason).toList());
                assertEquals(102, heard.misses.get(0).sequence());
                assertEquals(1, hb.rounds());
                assertEquals(1, p.hostChannel().requestsSent() - 1, "no second heartbeat while one is outstanding");
            }
        }
    }

    @Test
    void shouldCountRefusedHeartbeatsOfAGuestWithoutDaemonAsMisses() {
        try (Run r = new Run(ReferenceMachine.builder().deterministic(13).build())) {
            Heard heard = new Heard();
            HeartbeatHostService hb = r.service(heard, 2);
            HeartbeatResponder daemon = new HeartbeatResponder();
            IcServicePair p = r.add(hb, IcVersionPolicy.MAC_HYPERV_SUPPORT, daemon);
            r.m.await(p.negotiated());
            r.tick(hb);
            p.guestClient().setConsumer(null); // the daemon went away: the IC client answers E_FAIL (M11)
            r.tick(hb);
            r.tick(hb);
            assertEquals(2, hb.missed());
            assertTrue(hb.isUnresponsive());
            assertEquals(List.of(HeartbeatMiss.Reason.REFUSED, HeartbeatMiss.Reason.REFUSED),
                    heard.misses.stream().map(HeartbeatMiss::reason).toList());
            p.guestClient().setConsumer(daemon);
            r.tick(hb);
            assertEquals(2, hb.rounds());
            assertEquals(0, hb.consecutiveMisses());
            assertFalse(hb.isUnresponsive(), "a good round makes the guest healthy again");
            assertEquals(2, daemon.answered());
        }
    }

    @Test
    void shouldTellTheHostServiceWhenTheChannelIsRescindedMidRound() {
        for (long seed : new long[] {17, 18, 19}) {
            try (Run r = new Run(ReferenceMachine.builder().deterministic(seed).build())) {
                Heard heard = new Heard();
                HeartbeatHostService hb = r.service(heard, 3);
                IcServicePair p = r.add(hb, IcVersionPolicy.FREEBSD, new HeartbeatResponder());
                r.m.await(p.negotiated());
                r.tick(hb);
                r.m.await(r.m.onHost("test: tick", hb::tick)); // queued and sent, not yet answered
                r.m.await(p.rescind());
                r.m.await(p.channel().rescinded());
                r.m.settle();
                assertTrue(hb.isLost());
                assertEquals(1, heard.lost.size());
                assertFalse(hb.tick());
                assertTrue(hb.rounds() >= 1 && hb.rounds() <= 2, hb::toString);
            }
        }
    }

    @Test
    void zzShouldHaveEveryRunsTracesAcceptedByTlcAndCoverEveryIcAction() {
        // runs after the scenarios above when the class runs as a whole (method order by name); alone, it runs them
        if (IC_TRACES.isEmpty()) {
            shouldRunHeartbeatsOfEveryFamilyUnderSeveralSeeds();
            shouldRunHeartbeatsOfEveryFamilyConcurrently();
            shouldFailOrTimeOutANegotiationWithNoCommonVersion();
            shouldDetectMissedHeartbeatsWhenTheGuestStopsAnswering();
            shouldCountRefusedHeartbeatsOfAGuestWithoutDaemonAsMisses();
            shouldTellTheHostServiceWhenTheChannelIsRescindedMidRound();
        }
        Set<String> seen = new TreeSet<>();
        IC_TRACES.forEach(t -> t.forEach(e -> seen.add((String) e.get("e"))));
        assertEquals(Set.of(IcActions.HOST_SEND_NEGOTIATE, IcActions.GUEST_RCV_NEGOTIATE,
                IcActions.HOST_RCV_NEGOTIATE_RESPONSE, IcActions.HOST_NEGOTIATE_TIMEOUT, IcActions.HOST_SEND_REQUEST,
                IcActions.GUEST_RCV_REQUEST, IcActions.GUEST_DELIVER_REQUEST, IcActions.HOST_RCV_RESPONSE),
                seen, "all 8 IcNegotiation actions occur in machine runs");
        assertEquals(21, IC_TRACES.size(), "one IcNegotiation trace per channel of every run");
        assertEquals(11, CHANNEL_TRACES.size(), "one VmbusChannel trace per machine run");
        Set<String> channelActions = new TreeSet<>();
        CHANNEL_TRACES.forEach(t -> t.forEach(e -> channelActions.add((String) e.get("e"))));
        assertTrue(channelActions.containsAll(Set.of("HostSendOffer", "GuestSendOpenChannel", "HostSendOpenResult",
                "HostRcvCloseChannel", "HostSendRescind", "GuestRcvRescind")), channelActions::toString);
        TraceVerdict ic = new IcTraceValidator(TlcRunner.usingClasspath(), files).validate(IC_TRACES);
        assertEquals(IC_TRACES.size(), assertInstanceOf(TraceVerdict.Accepted.class, ic, ic::toString).traces());
        TraceVerdict ch = new ChannelTraceValidator(TlcRunner.usingClasspath(), files).validate(CHANNEL_TRACES);
        assertInstanceOf(TraceVerdict.Accepted.class, ch, ch::toString);
    }
}
