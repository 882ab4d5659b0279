package org.hvref.ic.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.hvref.ic.IcGuestVersions;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Hostile input: random bytes and lengths (raw, and mutations of a valid NEGOTIATE) make the decoders and the guest
 * client throw nothing but {@link MalformedIcMessageException}; valid negotiates round-trip. Fixed seed
 * ({@code -Dhvref.props.seed=N} to explore).
 */
class IcCodecProperties {
    private static final long SEED = Long.getLong("hvref.props.seed", 0x1C1CL);

    static Gen<byte[]> bytes(int max) {
        return lists().of(integers().between(0, 255)).ofSizeBetween(0, max).map(l -> {
            byte[] b = new byte[l.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (int) l.get(i);
            }
            return b;
        });
    }

    /** Runs every decoder and a guest of each family on the packet; only typed exceptions may escape. */
    static void feed(byte[] p, int len) {
        try {
            IcCodec.decodeHeader(p, len);
        } catch (MalformedIcMessageException e) {
            // typed rejection is the contract
        }
        try {
            IcCodec.decodeNegotiate(p, len);
        } catch (MalformedIcMessageException e) {
            // typed rejection
        }
        for (IcVersionPolicy policy : IcVersionPolicy.values()) {
            IcServiceClient guest = new IcServiceClient(IcService.SHUTDOWN,
                    IcGuestVersions.of(policy, IcService.SHUTDOWN), r -> { }, SpecTracer.OFF);
            try {
                guest.onPacket(p, len).response().ifPresent(out -> IcCodec.decodeHeader(out, out.length));
            } catch (MalformedIcMessageException e) {
                // typed rejection
            }
        }
    }

    @Test
    void randomBytesOnlyThrowMalformed() {
        QuickTheory.qt().withFixedSeed(SEED).withExamples(2000)
                .forAll(bytes(96), integers().between(0, 96))
                .checkAssert((b, n) -> feed(b, Math.min(n, b.length)));
    }

    @Test
    void mutatedNegotiatesOnlyThrowMalformed() {
        byte[] valid = IcCodecTest.shutdownOffer();
        QuickTheory.qt().withFixedSeed(SEED).withExamples(3000)
                .forAll(lists().of(integers().between(0, valid.length * 256 - 1)).ofSizeBetween(1, 6),
                        integers().between(0, valid.length))
                .checkAssert((mutations, len) -> {
                    byte[] p = valid.clone();
                    for (int m : mutations) {
                        p[m / 256] = (byte) (m % 256);
                    }
                    feed(p, len);
                });
    }

    @Test
    void validNegotiatesRoundTrip() {
        Gen<IcVersion> version = integers().between(0, 0xFFFF).zip(integers().between(0, 0xFFFF), IcVersion::new);
        QuickTheory.qt().withFixedSeed(SEED).withExamples(500)
                .forAll(lists().of(version).ofSizeBetween(0, 100), lists().of(version).ofSizeBetween(0, 100))
                .checkAssert((fw, msg) -> {
                    IcNegotiate n = new IcNegotiate(fw, msg);
                    byte[] p = IcCodec.encodeNegotiate(IcHeader.hostRequest(IcMessageType.NEGOTIATE,
                            new IcVersion(0, 0), new IcVersion(0, 0), 0), n);
                    assertEquals(n, IcCodec.decodeNegotiate(p, p.length));
                    assertEquals(List.copyOf(fw), IcCodec.decodeNegotiate(p, p.length).frameworkVersions());
                });
    }
}
