package org.hvref.ic.shutdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.hvref.ic.IcGuestVersions;
import org.hvref.ic.IcHostNegotiator;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcMessageType;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * Hostile shutdown payloads: random bytes of random length, with the flags word drawn from valid, reserved and random
 * values, are always answered (S_OK or E_FAIL, never an exception) exactly as an independent table says, and the
 * handler acts only on S_OK answers. Fixed seeds; {@code -Dhvref.props.seed=N} replaces them.
 */
class ShutdownProperties {
    private static QuickTheory qt(long defaultSeed, int examples) {
        return QuickTheory.qt().withFixedSeed(Long.getLong("hvref.props.seed", defaultSeed)).withExamples(examples);
    }

    /** ic §3 / §13: flag values each family accepts (handler agreeing, no hibernation support). */
    private static Set<Integer> accepted(ShutdownFamily f) {
        return f == ShutdownFamily.FREEBSD ? Set.of(0, 1) : Set.of(0, 1, 2, 3);
    }

    @Test
    void randomPayloadsAreAnsweredAsTheTableSaysAndOnlyAcceptedOnesAct() {
        qt(0x5D01L, 600).forAll(integers().between(0, 2200), integers().between(0, 3), longs().all(),
                integers().between(0, 2))
                .checkAssert((length, flagKind, seed, familyIndex) -> {
                    ShutdownFamily family = ShutdownFamily.values()[familyIndex];
                    SplittableRandom r = new SplittableRandom(seed);
                    byte[] payload = new byte[length];
                    r.nextBytes(payload);
                    int flags = switch (flagKind) {
                        case 0 -> r.nextInt(8);
                        case 1 -> r.nextInt(8) | 1 << r.nextInt(3, 32);
                        default -> r.nextInt();
                    };
                    if (length >= 12) {
                        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putInt(8, flags);
                    }
                    List<String> log = new ArrayList<>();
                    RecordingShutdownHandler handler = new RecordingShutdownHandler(log);
                    IcServiceClient guest = negotiated(new ShutdownDaemon(handler, family, Duration.ofSeconds(15),
                            new VirtualTimeWaiter()));
                    byte[] packet = IcCodec.encode(IcHeader.hostRequest(IcMessageType.SHUTDOWN, IcVersion.V3_0,
                            IcVersion.V3_2, length), payload);
                    int[] status = {-1};
                    guest.process(packet, packet.length, a -> status[0] = IcCodec.decodeHeader(a, a.length).status());
                    boolean ok = length >= 2060 && accepted(family).contains(flags);
                    assertEquals(ok ? IcStatus.S_OK : IcStatus.E_FAIL, status[0]);
                    assertEquals(ok ? 1 : 0, handler.performed().size());
                });
    }

    @Test
    void messagesRoundTrip() {
        qt(0x5D02L, 300).forAll(integers().all(), integers().all(), integers().between(0, 7), longs().all())
                .checkAssert((reason, timeout, flags, seed) -> {
                    byte[] text = new byte[2048];
                    new SplittableRandom(seed).nextBytes(text);
                    ShutdownMessage m = new ShutdownMessage(reason, timeout, flags, text);
                    byte[] encoded = ShutdownMessageCodec.encode(m);
                    assertEquals(2060, encoded.length);
                    assertEquals(m, ShutdownMessageCodec.decode(encoded));
                });
    }

    private static IcServiceClient negotiated(ShutdownDaemon daemon) {
        IcServiceClient guest = new IcServiceClient(IcService.SHUTDOWN,
                IcGuestVersions.of(IcVersionPolicy.LINUX, IcService.SHUTDOWN), daemon, SpecTracer.OFF);
        IcHostNegotiator host = new IcHostNegotiator(IcService.SHUTDOWN, SpecTracer.OFF);
        byte[] req = host.negotiateRequest();
        byte[] answer = guest.onPacket(req, req.length).response().orElseThrow();
        host.onPacket(answer, answer.length);
        return guest;
    }
}
