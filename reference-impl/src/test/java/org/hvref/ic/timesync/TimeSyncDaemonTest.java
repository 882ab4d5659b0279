package org.hvref.ic.timesync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hvref.ic.IcGuestVersions;
import org.hvref.ic.IcHostNegotiator;
import org.hvref.ic.IcHostResult;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.Test;

/** The guest time-sync daemon at IC level (devices-ic-input-video.md §4.2, §11.3, §13 "Timesync SAMPLE"). */
class TimeSyncDaemonTest {
    private static final long W = TimeSyncMessageCodec.WLTIMEDELTA;
    /** 2023-11-14T22:13:20Z in 100 ns units since 1601. */
    private static final long HOST = W + 1_700_000_000L * 10_000_000L;
    private static final long HOST_NS = 1_700_000_000L * 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private final List<String> log = new ArrayList<>();
    private final FakeGuestClock clock = new FakeGuestClock(0, log);
    private final FakeReferenceCounter counter = new FakeReferenceCounter(50_000_000_000L);
    private IcHostNegotiator host;
    private IcServiceClient guest;

    private void open(IcVersion version, TimeSyncDaemon daemon) {
        host = new IcHostNegotiator(IcService.TIMESYNC, IcService.HOST_FRAMEWORK_VERSIONS, List.of(version),
                SpecTracer.OFF);
        guest = new IcServiceClient(IcService.TIMESYNC, IcGuestVersions.of(IcVersionPolicy.LINUX, IcService.TIMESYNC),
                daemon, SpecTracer.OFF);
        byte[] req = host.negotiateRequest();
        byte[] a = guest.onPacket(req, req.length).response().orElseThrow();
        assertEquals(version, assertInstanceOf(IcHostResult.Negotiated.class, host.onPacket(a, a.length)).message());
    }

    private void open(IcVersion version) {
        open(version, new TimeSyncDaemon(clock, counter));
    }

    /** Sends a payload through the negotiated channel; returns the answer status; logs "answer" when it is sent. */
    private int send(byte[] payload) {
        byte[] packet = host.request(payload);
        int[] status = {-1};
        guest.process(packet, packet.length, a -> {
            log.add("answer");
            status[0] = IcCodec.decodeHeader(a, a.length).status();
            assertArrayEquals(Arrays.copyOfRange(packet, 28, packet.length), Arrays.copyOfRange(a, 28, a.length),
                    "the payload is echoed unchanged");
            host.onPacket(a, a.length);
        });
        return status[0];
    }

    private static byte[] legacy(long parent, int flags) {
        return TimeSyncMessageCodec.encode(TimeSyncMessage.legacy(parent, flags));
    }

    private static byte[] reference(long parent, long ref, int flags) {
        return TimeSyncMessageCodec.encode(TimeSyncMessage.reference(parent, ref, flags));
    }

    @Test
    void syncShouldStepToTheHostTimeAfterTheAnswerInEveryOldVersion() {
        for (IcVersion v : List.of(IcVersion.V1_0, IcVersion.V3_0)) {
            log.clear();
            open(v);
            assertEquals(IcStatus.S_OK, send(legacy(HOST + 7, TimeSyncFlags.SYNC)));
            assertEquals(List.of("answer", "step " + (HOST_NS + 700)), log, v.toString());
        }
    }

    @Test
    void syncWithVersion4ShouldAddTheReferenceCounterAge() {
        open(IcVersion.V4_0);
        long sampleAge = 5_000; // 500 us in 100 ns units
        assertEquals(IcStatus.S_OK, send(reference(HOST, counter.value - sampleAge, TimeSyncFlags.SYNC)));
        assertEquals(List.of("answer", "step " + (HOST_NS + sampleAge * 100)), log);
    }

    @Test
    void timePassingBetweenAnswerAndStepShouldBeAdded() {
        TimeSyncDaemon daemon = new TimeSyncDaemon(clock, counter);
        open(IcVersion.V4_0, daemon);
        byte[] packet = host.request(reference(HOST, counter.value, TimeSyncFlags.SYNC));
        var step = guest.onPacket(packet, packet.length); // answered, not yet delivered
        assertEquals(List.of(), clock.steps);
        counter.value += 20; // 2 us pass before the step
        guest.deliver(step.delivery().orElseThrow());
        assertEquals(List.of(HOST_NS + 2_000), clock.steps);
    }

    @Test
    void sampleShouldStepOnlyBeyond500Milliseconds() {
        open(IcVersion.V3_0);
        clock.now = HOST_NS - 500 * MS; // exactly 500 ms behind: no step
        assertEquals(IcStatus.S_OK, send(legacy(HOST, TimeSyncFlags.SAMPLE)));
        clock.now = HOST_NS + 500 * MS; // exactly 500 ms ahead: no step
        assertEquals(IcStatus.S_OK, send(legacy(HOST, TimeSyncFlags.SAMPLE)));
        assertEquals(List.of(), clock.steps);
        clock.now = HOST_NS; // host 500 ms + 100 ns ahead of the guest: step
        assertEquals(IcStatus.S_OK, send(legacy(HOST + 5_000_001, TimeSyncFlags.SAMPLE)));
        assertEquals(List.of(HOST_NS + 500 * MS + 100), clock.steps);
        clock.now = HOST_NS + 500 * MS + 100; // guest 500 ms + 100 ns ahead of the host: step back
        assertEquals(IcStatus.S_OK, send(legacy(HOST, TimeSyncFlags.SAMPLE)));
        assertEquals(List.of(HOST_NS + 500 * MS + 100, HOST_NS), clock.steps);
    }

    @Test
    void sampleWithVersion4ShouldCompareTheAgedHostTime() {
        open(IcVersion.V4_0);
        clock.now = HOST_NS + 500 * MS; // host sample 1 s old: aged host time = HOST_NS + 1 s, 500 ms ahead
        assertEquals(IcStatus.S_OK, send(reference(HOST, counter.value - 10_000_000, TimeSyncFlags.SAMPLE)));
        assertEquals(List.of(), clock.steps);
        assertEquals(IcStatus.S_OK, send(reference(HOST, counter.value - 10_000_001, TimeSyncFlags.SAMPLE)));
        assertEquals(List.of(HOST_NS + 1_000 * MS + 100), clock.steps);
    }

    @Test
    void aConfiguredThresholdShouldApply() {
        open(IcVersion.V3_0, new TimeSyncDaemon(clock, counter, Duration.ofMillis(100), Duration.ofSeconds(600)));
        clock.now = HOST_NS - 100 * MS;
        send(legacy(HOST, TimeSyncFlags.SAMPLE));
        assertEquals(List.of(), clock.steps);
        clock.now = HOST_NS - 100 * MS - 1;
        send(legacy(HOST, TimeSyncFlags.SAMPLE));
        assertEquals(List.of(HOST_NS), clock.steps);
    }

    @Test
    void syncShouldStepEvenWithinTheThresholdAndWinOverSample() {
        open(IcVersion.V3_0);
        clock.now = HOST_NS - 1;
        send(legacy(HOST, TimeSyncFlags.SYNC | TimeSyncFlags.SAMPLE));
        assertEquals(List.of(HOST_NS), clock.steps);
    }

    @Test
    void probeShouldBeAnsweredAndDoNothing() {
        open(IcVersion.V4_0);
        assertEquals(IcStatus.S_OK, send(reference(HOST, counter.value, TimeSyncFlags.PROBE)));
        assertEquals(IcStatus.S_OK, send(reference(0, -1, TimeSyncFlags.PROBE))); // probe values are never used
        assertEquals(List.of("answer", "answer"), log);
    }

    @Test
    void hostileValuesShouldBeRefusedAndLeaveTheClockAlone() {
        open(IcVersion.V4_0);
        long now = counter.value;
        long maxAge = 6_000_000_000L; // 600 s in 100 ns units
        List<byte[]> hostile = List.of(
                reference(0, now, TimeSyncFlags.SYNC),                        // 1601
                reference(W - 1, now, TimeSyncFlags.SYNC),                    // 100 ns before 1970
                reference(-1L, now, TimeSyncFlags.SYNC),                      // u64 max
                reference(W + Long.MAX_VALUE / 100 + 1, now, TimeSyncFlags.SAMPLE), // beyond 64-bit ns
                reference(W + Long.MAX_VALUE / 100, now - 1, TimeSyncFlags.SYNC),   // in range, + age overflows
                reference(HOST, now + 1, TimeSyncFlags.SYNC),                 // reference time in the future
                reference(HOST, -5, TimeSyncFlags.SYNC),                      // negative (u64 above 2^63)
                reference(HOST, now - maxAge - 1, TimeSyncFlags.SYNC),        // older than 600 s
                Arrays.copyOf(reference(HOST, now, TimeSyncFlags.SYNC), 21),  // short for 4.0
                new byte[0]);
        for (byte[] p : hostile) {
            assertEquals(IcStatus.E_FAIL, send(p));
        }
        byte[] unknownFlags = reference(HOST, now, TimeSyncFlags.SYNC);
        unknownFlags[16] = 5;
        assertEquals(IcStatus.E_FAIL, send(unknownFlags));
        assertEquals(List.of(), clock.steps);
        assertEquals(IcStatus.S_OK, send(reference(HOST, now - maxAge, TimeSyncFlags.SYNC))); // exactly 600 s old
        assertEquals(List.of(HOST_NS + maxAge * 100), clock.steps);
    }

    @Test
    void aPayloadShortForTheNegotiatedOldVersionShouldBeRefused() {
        open(IcVersion.V3_0);
        // a 22-byte 4.0-shaped payload under 3.0 is 3 bytes short of ictimesync_data
        assertEquals(IcStatus.E_FAIL, send(reference(HOST, counter.value, TimeSyncFlags.SYNC)));
        assertEquals(IcStatus.E_FAIL, send(Arrays.copyOf(legacy(HOST, TimeSyncFlags.SYNC), 24)));
        assertEquals(List.of(), clock.steps);
        assertEquals(IcStatus.S_OK, send(Arrays.copyOf(legacy(HOST, TimeSyncFlags.SYNC), 40))); // longer is fine
        assertEquals(List.of(HOST_NS), clock.steps);
    }

    @Test
    void aRefusedMessageShouldCancelAnAcceptedOneNotYetActedOn() {
        TimeSyncDaemon daemon = new TimeSyncDaemon(clock, counter);
        open(IcVersion.V3_0, daemon);
        byte[] good = host.request(legacy(HOST, TimeSyncFlags.SYNC));
        var first = guest.onPacket(good, good.length);
        host.onPacket(first.response().orElseThrow(), first.response().get().length);
        byte[] bad = host.request(legacy(0, TimeSyncFlags.SYNC));
        byte[] refusal = guest.onPacket(bad, bad.length).response().orElseThrow();
        assertEquals(IcStatus.E_FAIL, IcCodec.decodeHeader(refusal, refusal.length).status());
        guest.deliver(first.delivery().orElseThrow());
        assertEquals(List.of(), clock.steps, "the newest answer decides; it was a refusal");
    }

    @Test
    void badConfigurationShouldBeRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new TimeSyncDaemon(clock, counter, Duration.ofMillis(-1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new TimeSyncDaemon(clock, counter, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new TimeSyncDaemon(clock, counter, Duration.ZERO, Duration.ofSeconds(1_000_000_001L)));
    }
}
