package org.hvref.ic.timesync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hvref.ic.IcHostResult;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceHarness;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcMessageType;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.junit.jupiter.api.Test;

/** The host time-sync service alone and against the guest daemon (devices-ic-input-video.md §4.1, §4.2). */
class TimeSyncHostServiceTest {
    private static final Instant T = Instant.parse("2026-11-25T12:00:00.123456789Z");
    /** T in 100 ns units since 1601, truncated. */
    private static final long T_HOST = TimeSyncMessageCodec.WLTIMEDELTA + T.getEpochSecond() * 10_000_000L
            + T.getNano() / 100;
    /** T in ns since 1970, truncated to 100 ns. */
    private static final long T_NS = T.getEpochSecond() * 1_000_000_000L + T.getNano() / 100 * 100;

    private final List<String> log = new ArrayList<>();
    private final FakeReferenceCounter counter = new FakeReferenceCounter(123_456_789L);
    private final FakeGuestClock clock = new FakeGuestClock(0, log);
    private final TimeSyncHostService host = new TimeSyncHostService(Clock.fixed(T, ZoneOffset.UTC), counter);

    @Test
    void eachOfferedVersionShouldSetTheLayoutAndSyncTheGuestEndToEnd() {
        record Case(List<IcVersion> offer, IcVersion chosen, TimeSyncLayout layout) {
        }
        for (Case c : List.of(new Case(List.of(IcVersion.V1_0), IcVersion.V1_0, TimeSyncLayout.LEGACY),
                new Case(List.of(IcVersion.V1_0, IcVersion.V3_0), IcVersion.V3_0, TimeSyncLayout.LEGACY),
                new Case(IcService.TIMESYNC.hostVersions(), IcVersion.V4_0, TimeSyncLayout.REFERENCE))) {
            log.clear();
            TimeSyncHostService s = new TimeSyncHostService(Clock.fixed(T, ZoneOffset.UTC), counter);
            IcServiceHarness h = IcServiceHarness.offering(s, c.offer(), new TimeSyncDaemon(clock, counter), log);
            IcHostResult.Negotiated n = assertInstanceOf(IcHostResult.Negotiated.class, h.negotiate());
            assertEquals(c.chosen(), n.message());
            assertEquals(c.layout(), s.layout());
            // the SYNC that follows the negotiation was sent and answered, then the guest stepped
            assertEquals(List.of("answer", "step " + T_NS), log, c.toString());
            byte[] sent = h.answers().get(0);
            assertEquals(28 + c.layout().length(), sent.length);
            TimeSyncMessage m = TimeSyncMessageCodec.decode(c.layout(),
                    java.util.Arrays.copyOfRange(sent, 28, sent.length));
            assertEquals(TimeSyncFlags.SYNC, m.flags());
            assertEquals(T_HOST, m.parentTime());
            assertEquals(c.layout() == TimeSyncLayout.REFERENCE ? counter.value : 0, m.vmReferenceTime());
            assertEquals(1, s.answered());
            assertEquals(Optional.of(IcStatus.S_OK), s.lastStatus());
        }
    }

    @Test
    void samplesAfterTheSyncShouldStepOnlyADriftingGuest() {
        IcServiceHarness h = IcServiceHarness.of(host, org.hvref.ic.IcVersionPolicy.MAC_HYPERV_SUPPORT,
                new TimeSyncDaemon(clock, counter), log);
        h.negotiate();
        assertEquals(List.of(T_NS), clock.steps);
        clock.now = T_NS - 400_000_000L; // 400 ms behind: a sample leaves it
        assertTrue(host.sample());
        assertEquals(List.of(T_NS), clock.steps);
        clock.now = T_NS - 600_000_000L; // 600 ms behind: a sample steps it
        assertTrue(host.sample());
        assertEquals(List.of(T_NS, T_NS), clock.steps);
        assertEquals(3, host.answered());
    }

    @Test
    void nothingShouldBeQueuedBeforeNegotiation() {
        assertFalse(host.sync());
        assertFalse(host.sample());
        assertFalse(host.probe());
        assertEquals(Optional.empty(), host.nextRequest());
        assertEquals(Optional.empty(), host.lastStatus());
        assertEquals(IcService.TIMESYNC, host.service());
    }

    @Test
    void theFirstMessageAfterNegotiationShouldBeSyncEvenIfASampleWasAsked() {
        host.onNegotiated(IcVersion.V3_0, IcVersion.V4_0);
        assertTrue(host.sample());
        assertTrue(host.probe());
        assertEquals(TimeSyncFlags.SYNC, flagsOf(host.nextRequest().orElseThrow()));
        assertEquals(Optional.empty(), host.nextRequest());
        assertTrue(host.probe());
        assertTrue(host.sample());
        assertEquals(TimeSyncFlags.SAMPLE, flagsOf(host.nextRequest().orElseThrow()), "SAMPLE replaces PROBE");
        assertTrue(host.probe());
        assertEquals(TimeSyncFlags.PROBE, flagsOf(host.nextRequest().orElseThrow()));
        assertTrue(host.sample());
        assertTrue(host.sync());
        assertEquals(TimeSyncFlags.SYNC, flagsOf(host.nextRequest().orElseThrow()), "SYNC replaces SAMPLE");
    }

    @Test
    void reopeningShouldSyncFirstAgainAndLosingTheChannelShouldDropWork() {
        host.onNegotiated(IcVersion.V3_0, IcVersion.V4_0);
        host.nextRequest();
        host.sample();
        host.onChannelLost("closed");
        assertEquals(Optional.empty(), host.nextRequest());
        assertFalse(host.sample());
        host.onNegotiated(IcVersion.V3_0, IcVersion.V3_0);
        byte[] p = host.nextRequest().orElseThrow();
        assertEquals(TimeSyncLayout.LEGACY.length(), p.length);
        assertEquals(TimeSyncFlags.SYNC, TimeSyncMessageCodec.decode(TimeSyncLayout.LEGACY, p).flags());
    }

    @Test
    void answersShouldBeCountedWithTheirStatus() {
        host.onNegotiated(IcVersion.V3_0, IcVersion.V4_0);
        host.onResponse(new IcHeader(IcVersion.V3_0, IcMessageType.TIMESYNC, IcVersion.V4_0, 22, IcStatus.E_FAIL, 0,
                5), new byte[22]);
        assertEquals(1, host.answered());
        assertEquals(Optional.of(IcStatus.E_FAIL), host.lastStatus());
    }

    @Test
    void aHostClockBefore1970ShouldBeACallerError() {
        TimeSyncHostService s = new TimeSyncHostService(Clock.fixed(Instant.parse("1969-12-31T23:59:59Z"),
                ZoneOffset.UTC), counter);
        s.onNegotiated(IcVersion.V3_0, IcVersion.V4_0);
        assertThrows(IllegalStateException.class, s::nextRequest);
    }

    private static int flagsOf(byte[] payload) {
        return TimeSyncMessageCodec.decode(TimeSyncLayout.REFERENCE, payload).flags();
    }
}
