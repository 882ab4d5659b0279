package org.hvref.ic.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.hvref.ic.IcHostService;
import org.hvref.ic.IcService;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.ic.timesync.GuestClock;
import org.hvref.ic.timesync.ReferenceCounter;
import org.hvref.ic.timesync.TimeSyncDaemon;
import org.hvref.ic.timesync.TimeSyncDescriptor;
import org.hvref.ic.timesync.TimeSyncFlags;
import org.hvref.ic.timesync.TimeSyncHostService;
import org.hvref.ic.timesync.TimeSyncLayout;
import org.hvref.ic.timesync.TimeSyncMessage;
import org.hvref.ic.timesync.TimeSyncMessageCodec;
import org.hvref.machine.IcServicePair;
import org.hvref.spec.SpecFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Time sync over real util channels of a {@link org.hvref.machine.ReferenceMachine}, deterministic (several seeds) and
 * concurrent, for every guest family: the message version follows the host's offer (1.0, 3.0: 25-byte layout; 4.0:
 * reference-time layout; a FreeBSD guest offered only 5.0 stays silent until the host's timeout), the SYNC sent after negotiation steps the fake guest clock to
 * the host time plus the reference-counter time that passed (for 4.0 also since the host read the counter), SAMPLE
 * steps only beyond the family's threshold, PROBE never; hostile payloads from a scripted host are refused (E_FAIL)
 * and leave the clock untouched. All runs' IcNegotiation and VmbusChannel traces are validated by TLC at the end.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class TimeSyncOverVmbusTest {
    /** Host time: 2026-11-26T00:00:00Z, a whole number of 100 ns units. */
    private static final long HOST_START_NANOS = Instant.parse("2026-11-26T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    /** Every reference-counter read advances it by this many 100 ns units (1 ms). */
    private static final long TICK = 10_000;
    /** Counter value at the start of a run: 1000 s after partition start. */
    private static final long COUNTER_START = 10_000_000_000L;

    private static SpecFiles files;
    private static final IcMachineRun.Traces TRACES = new IcMachineRun.Traces();
    private static int messages;

    @BeforeAll
    static void setUp() {
        files = SpecFiles.materialize();
    }

    @AfterAll
    static void tearDown() {
        files.close();
    }

    /** The guest clock, the partition counter (advancing TICK per read) and the host clock of one pair. */
    static final class Clocks implements GuestClock, ReferenceCounter {
        final AtomicLong guest = new AtomicLong(0);
        final AtomicLong counter = new AtomicLong(COUNTER_START);
        final AtomicLong host = new AtomicLong(HOST_START_NANOS);
        final List<Long> steps = new ArrayList<>();

        @Override
        public long nowNanos() {
            return guest.get();
        }

        @Override
        public synchronized void step(long unixNanos) {
            steps.add(unixNanos);
            guest.set(unixNanos);
        }

        @Override
        public long read() {
            return counter.getAndAdd(TICK);
        }

        Clock hostClock() {
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    long n = host.get();
                    return Instant.ofEpochSecond(n / 1_000_000_000L, n % 1_000_000_000L);
                }
            };
        }
    }

    private static Duration threshold(IcVersionPolicy family) {
        return family == IcVersionPolicy.FREEBSD ? Duration.ofMillis(100) : TimeSyncDaemon.MHV_SAMPLE_THRESHOLD;
    }

    /** The message lists a host offers; every family agrees on the last (highest) one. */
    private static List<List<IcVersion>> offers() {
        return List.of(List.of(IcVersion.V1_0), List.of(IcVersion.V1_0, IcVersion.V3_0),
                IcService.TIMESYNC.hostVersions());
    }

    private static void send(IcMachineRun run, Runnable queue) {
        messages++;
        run.m.await(run.m.onHost("test: time sync", () -> {
            queue.run();
            return null;
        }));
        run.m.settle();
    }

    /** SYNC after negotiation, SAMPLE below/above threshold, PROBE, an explicit SYNC; exact clock values. */
    private static void syncSamplesAndProbes(IcMachineRun run, IcVersionPolicy family, List<IcVersion> offer) {
        Clocks c = new Clocks();
        TimeSyncHostService hs = new TimeSyncHostService(c.hostClock(), c);
        IcServicePair p = run.add(hs, offer, family, new TimeSyncDaemon(c, c, threshold(family),
                TimeSyncDaemon.DEFAULT_MAX_REFERENCE_AGE));
        run.m.await(p.negotiated());
        IcVersion agreed = offer.get(offer.size() - 1); // both lists end at the guests' maximum they share
        assertEquals(agreed.major() >= 4 ? TimeSyncLayout.REFERENCE : TimeSyncLayout.LEGACY, hs.layout());
        run.m.settle();
        messages++;
        // the host read the counter when building the 4.0 message, the guest when answering and when stepping
        long age = (agreed.major() >= 4 ? 2 : 1) * TICK * TimeSyncMessageCodec.NANOS_PER_UNIT;
        assertEquals(List.of(HOST_START_NANOS + age), c.steps, family + " " + agreed + ": SYNC steps the clock");
        assertEquals(1, hs.answered());

        long host = HOST_START_NANOS + 3_600_000_000_000L; // an hour later
        c.host.set(host);
        c.guest.set(host - 50_000_000L); // 50 ms behind: below every threshold
        send(run, hs::sample);
        assertEquals(1, c.steps.size(), "SAMPLE within the threshold leaves the clock");
        assertEquals(host - 50_000_000L, c.guest.get());

        c.guest.set(host - 300_000_000L); // 300 ms: beyond FreeBSD's 100 ms, within MHV's 500 ms
        send(run, hs::sample);
        assertEquals(family == IcVersionPolicy.FREEBSD ? 2 : 1, c.steps.size(), family + " SAMPLE 300 ms");

        c.guest.set(host - 2_000_000_000L); // 2 s behind: beyond every threshold
        int before = c.steps.size();
        send(run, hs::sample);
        assertEquals(before + 1, c.steps.size());
        assertEquals(host + age, c.guest.get(), "SAMPLE beyond the threshold steps to host time + age");

        c.guest.set(0);
        send(run, hs::probe);
        assertEquals(0, c.guest.get(), "PROBE never steps");

        send(run, hs::sync);
        assertEquals(host + age, c.guest.get());
        assertEquals(6, hs.answered());
        assertEquals(Optional.of(IcStatus.S_OK), hs.lastStatus());
        assertEquals(0, p.guestChannel().protocolErrors().size());
    }

    private static void everyFamilyAndOffer(IcMachineRun run) {
        for (IcVersionPolicy family : IcVersionPolicy.values()) {
            for (List<IcVersion> offer : offers()) {
                syncSamplesAndProbes(run, family, offer);
            }
        }
    }

    @Test
    void shouldSyncSampleAndProbeForEveryFamilyAndVersionUnderSeveralSeeds() {
        for (long seed : new long[] {1, 2, 3}) {
            try (IcMachineRun run = IcMachineRun.deterministic(seed, TRACES)) {
                everyFamilyAndOffer(run);
            }
        }
    }

    @Test
    void shouldSyncSampleAndProbeConcurrently() {
        try (IcMachineRun run = IcMachineRun.concurrent(TRACES)) {
            everyFamilyAndOffer(run);
        }
    }

    @Test
    void shouldNotNegotiateAFreeBsdGuestAboveItsMaximum() {
        try (IcMachineRun run = IcMachineRun.deterministic(9, TRACES)) {
            Clocks c = new Clocks();
            TimeSyncHostService hs = new TimeSyncHostService(c.hostClock(), c);
            IcServicePair p = run.add(hs, List.of(IcVersion.V5_0), IcVersionPolicy.FREEBSD,
                    new TimeSyncDaemon(c, c));
            run.m.settle();
            assertTrue(run.m.await(p.negotiateTimeout()), "FreeBSD (max 4.0) stays silent, the host times out");
            assertTrue(p.lost().isDone());
            assertEquals(List.of(), c.steps);
            assertEquals(false, hs.sync());
        }
    }

    /** A host that sends fixed time-sync payloads (hostile ones) and records the answers' statuses. */
    static final class Scripted implements IcHostService {
        final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        final List<Integer> statuses = new ArrayList<>();

        @Override
        public IcService service() {
            return IcService.TIMESYNC;
        }

        @Override
        public void bind(Runnable requestReady) {
        }

        @Override
        public synchronized Optional<byte[]> nextRequest() {
            return Optional.ofNullable(queue.poll());
        }

        @Override
        public synchronized void onResponse(IcHeader header, byte[] payload) {
            statuses.add(header.status());
        }

        @Override
        public void onChannelLost(String why) {
        }
    }

    private static byte[] withByte(byte[] payload, int offset, int value) {
        byte[] b = payload.clone();
        b[offset] = (byte) value;
        return b;
    }

    private static void hostilePayloads(IcMachineRun run, IcVersionPolicy family) {
        for (boolean reference : new boolean[] {false, true}) {
            Clocks c = new Clocks();
            c.guest.set(777);
            long now = COUNTER_START; // the guest reads the counter at or after this
            long parent = TimeSyncMessageCodec.toHostTime(HOST_START_NANOS);
            List<byte[]> hostile = new ArrayList<>();
            if (reference) {
                byte[] good = TimeSyncMessageCodec.encode(TimeSyncMessage.reference(parent, now, TimeSyncFlags.SYNC));
                hostile.add(new byte[3]); // too short
                hostile.add(Arrays.copyOf(good, TimeSyncDescriptor.REF_LENGTH - 1));
                hostile.add(withByte(good, TimeSyncDescriptor.REF_FLAGS_OFFSET, 0x81)); // unknown flag bit
                hostile.add(TimeSyncMessageCodec.encode(TimeSyncMessage.reference(0, now, TimeSyncFlags.SYNC)));
                hostile.add(TimeSyncMessageCodec.encode(TimeSyncMessage.reference(parent, now + 1_000_000_000L,
                        TimeSyncFlags.SYNC))); // reference time from the future
                hostile.add(TimeSyncMessageCodec.encode(TimeSyncMessage.reference(parent, now - 6_100_000_000L,
                        TimeSyncFlags.SAMPLE))); // 610 s old
                hostile.add(TimeSyncMessageCodec.encode(TimeSyncMessage.reference(-1L, now, TimeSyncFlags.SYNC)));
            } else {
                byte[] good = TimeSyncMessageCodec.encode(TimeSyncMessage.legacy(parent, TimeSyncFlags.SYNC));
                hostile.add(new byte[0]);
                hostile.add(Arrays.copyOf(good, TimeSyncDescriptor.LEGACY_LENGTH - 1));
                hostile.add(withByte(good, TimeSyncDescriptor.LEGACY_FLAGS_OFFSET, 0x04));
                hostile.add(TimeSyncMessageCodec.encode(TimeSyncMessage.legacy(1, TimeSyncFlags.SYNC))); // 1601
                hostile.add(TimeSyncMessageCodec.encode(TimeSyncMessage.legacy(-1L, TimeSyncFlags.SAMPLE)));
            }
            Scripted s = new Scripted();
            s.queue.addAll(hostile);
            IcServicePair p = run.add(s, reference ? IcService.TIMESYNC.hostVersions() : List.of(IcVersion.V3_0),
                    family, new TimeSyncDaemon(c, c));
            run.m.await(p.negotiated());
            run.m.settle();
            messages += hostile.size();
            assertEquals(hostile.stream().map(h -> IcStatus.E_FAIL).toList(), s.statuses,
                    family + (reference ? " 4.0" : " 3.0") + ": every hostile payload refused");
            assertEquals(List.of(), c.steps, "the clock is never touched");
            assertEquals(777, c.guest.get());
            // the channel keeps working: a good SYNC afterwards is accepted and steps the clock
            long at = c.counter.get();
            s.queue.add(reference ? TimeSyncMessageCodec.encode(TimeSyncMessage.reference(parent, at,
                    TimeSyncFlags.SYNC)) : TimeSyncMessageCodec.encode(TimeSyncMessage.legacy(parent,
                    TimeSyncFlags.SYNC)));
            run.m.await(run.m.onHost("test: good sync", () -> {
                p.hostChannel().pump();
                return null;
            }));
            run.m.settle();
            messages++;
            assertEquals(IcStatus.S_OK, s.statuses.get(s.statuses.size() - 1));
            assertEquals(1, c.steps.size());
        }
    }

    @Test
    void shouldRefuseHostilePayloadsAndLeaveTheClock() {
        for (long seed : new long[] {21, 22}) {
            try (IcMachineRun run = IcMachineRun.deterministic(seed, TRACES)) {
                for (IcVersionPolicy family : IcVersionPolicy.values()) {
                    hostilePayloads(run, family);
                }
            }
        }
        try (IcMachineRun run = IcMachineRun.concurrent(TRACES)) {
            for (IcVersionPolicy family : IcVersionPolicy.values()) {
                hostilePayloads(run, family);
            }
        }
    }

    @Test
    void zzShouldHaveEveryRunsTracesAcceptedByTlc() {
        if (TRACES.ic.isEmpty()) {
            shouldSyncSampleAndProbeForEveryFamilyAndVersionUnderSeveralSeeds();
            shouldSyncSampleAndProbeConcurrently();
            shouldNotNegotiateAFreeBsdGuestAboveItsMaximum();
            shouldRefuseHostilePayloadsAndLeaveTheClock();
        }
        assertEquals(IcMachineRun.IC_ACTIONS, TRACES.icActionsSeen(), "all 8 IcNegotiation actions");
        System.out.println("TimeSyncOverVmbusTest: " + messages + " messages; " + TRACES.validate(files));
    }
}
