package org.hvref.ic.timesync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hvref.ic.IcGuestVersions;
import org.hvref.ic.IcHostNegotiator;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * Time-sync properties: hostile payloads (random bytes, lengths, times, reference times) under every negotiated
 * version are answered S_OK or E_FAIL and never throw; a refused message never steps the clock; valid SYNCs step to
 * exactly parenttime + age; messages round-trip. Fixed seeds; {@code -Dhvref.props.seed=N} replaces them.
 */
class TimeSyncProperties {
    private static final long W = TimeSyncMessageCodec.WLTIMEDELTA;
    private static final List<IcVersion> VERSIONS = List.of(IcVersion.V1_0, IcVersion.V3_0, IcVersion.V4_0);

    private static QuickTheory qt(long defaultSeed, int examples) {
        return QuickTheory.qt().withFixedSeed(Long.getLong("hvref.props.seed", defaultSeed)).withExamples(examples);
    }

    private static final class Channel {
        final IcHostNegotiator host;
        final IcServiceClient guest;

        Channel(IcVersion version, TimeSyncDaemon daemon) {
            host = new IcHostNegotiator(IcService.TIMESYNC, IcService.HOST_FRAMEWORK_VERSIONS, List.of(version),
                    SpecTracer.OFF);
            guest = new IcServiceClient(IcService.TIMESYNC,
                    IcGuestVersions.of(IcVersionPolicy.MAC_HYPERV_SUPPORT, IcService.TIMESYNC), daemon, SpecTracer.OFF);
            byte[] req = host.negotiateRequest();
            byte[] a = guest.onPacket(req, req.length).response().orElseThrow();
            host.onPacket(a, a.length);
        }

        int send(byte[] payload) {
            byte[] packet = host.request(payload);
            int[] status = {-1};
            guest.process(packet, packet.length, a -> {
                status[0] = IcCodec.decodeHeader(a, a.length).status();
                host.onPacket(a, a.length);
            });
            return status[0];
        }
    }

    /** A u64 drawn from edges, near-valid and arbitrary values. */
    private static long hostileTime(SplittableRandom r, long valid) {
        return switch (r.nextInt(6)) {
            case 0 -> r.nextLong();
            case 1 -> W + r.nextLong(-1000, 1000);
            case 2 -> W + Long.MAX_VALUE / 100 + r.nextLong(-1000, 1000);
            case 3 -> -r.nextLong(1, 1000);
            case 4 -> valid + r.nextLong(-7_000_000_000L, 1000);
            default -> valid;
        };
    }

    @Test
    void hostilePayloadsAreAnsweredAndRefusedOnesNeverStepTheClock() {
        qt(0x7501L, 1500).forAll(integers().between(0, 2), integers().between(0, 40), longs().all(),
                integers().between(0, 3))
                .checkAssert((versionIndex, length, seed, shape) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    List<String> log = new ArrayList<>();
                    FakeGuestClock clock = new FakeGuestClock(r.nextLong(), log);
                    FakeReferenceCounter counter = new FakeReferenceCounter(r.nextLong(0, Long.MAX_VALUE));
                    Channel ch = new Channel(VERSIONS.get(versionIndex), new TimeSyncDaemon(clock, counter));
                    byte[] payload = new byte[length];
                    r.nextBytes(payload);
                    if (shape > 0) { // mostly well-formed fields with hostile values
                        long parent = hostileTime(r, W + r.nextLong(0, 100_000_000_000_000_000L));
                        long ref = hostileTime(r, counter.value);
                        int flags = shape == 3 ? r.nextInt(256) : r.nextInt(4);
                        byte[] msg = versionIndex == 2
                                ? TimeSyncMessageCodec.encode(TimeSyncMessage.reference(parent, ref, flags & 3))
                                : TimeSyncMessageCodec.encode(TimeSyncMessage.legacy(parent, flags & 3));
                        msg[versionIndex == 2 ? 16 : 24] = (byte) flags;
                        System.arraycopy(msg, 0, payload, 0, Math.min(msg.length, length));
                    }
                    int status = ch.send(payload);
                    assertTrue(status == IcStatus.S_OK || status == IcStatus.E_FAIL, IcStatus.describe(status));
                    if (status == IcStatus.E_FAIL) {
                        assertEquals(List.of(), clock.steps);
                    }
                    assertTrue(clock.steps.size() <= 1);
                    int needed = versionIndex == 2 ? 22 : 25;
                    if (length < needed) {
                        assertEquals(IcStatus.E_FAIL, status, "short payload");
                    }
                });
    }

    @Test
    void validSyncsStepToParentTimePlusAge() {
        qt(0x7502L, 500).forAll(longs().between(0, 80_000_000_000_000_000L), longs().between(0, 6_000_000_000L),
                longs().between(6_000_000_000L, Long.MAX_VALUE / 2), integers().between(0, 2))
                .checkAssert((sinceEpoch, age, now, versionIndex) -> {
                    List<String> log = new ArrayList<>();
                    FakeGuestClock clock = new FakeGuestClock(0, log);
                    FakeReferenceCounter counter = new FakeReferenceCounter(now);
                    Channel ch = new Channel(VERSIONS.get(versionIndex), new TimeSyncDaemon(clock, counter));
                    boolean v4 = versionIndex == 2;
                    byte[] payload = v4
                            ? TimeSyncMessageCodec.encode(TimeSyncMessage.reference(W + sinceEpoch, now - age,
                            TimeSyncFlags.SYNC))
                            : TimeSyncMessageCodec.encode(TimeSyncMessage.legacy(W + sinceEpoch, TimeSyncFlags.SYNC));
                    assertEquals(IcStatus.S_OK, ch.send(payload));
                    assertEquals(List.of((sinceEpoch + (v4 ? age : 0)) * 100), clock.steps);
                });
    }

    @Test
    void messagesRoundTrip() {
        qt(0x7503L, 400).forAll(longs().all(), longs().all(), integers().between(0, 3), integers().between(0, 255))
                .checkAssert((a, seed, flags, small) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    long b = r.nextLong();
                    long c = r.nextLong();
                    TimeSyncMessage legacy = new TimeSyncMessage(TimeSyncLayout.LEGACY, a, b, c, 0, flags, 0, 0);
                    assertEquals(legacy, TimeSyncMessageCodec.decode(TimeSyncLayout.LEGACY,
                            TimeSyncMessageCodec.encode(legacy)));
                    TimeSyncMessage ref = new TimeSyncMessage(TimeSyncLayout.REFERENCE, a, 0, 0, b, flags, small,
                            255 - small);
                    assertEquals(ref, TimeSyncMessageCodec.decode(TimeSyncLayout.REFERENCE,
                            TimeSyncMessageCodec.encode(ref)));
                });
    }
}
