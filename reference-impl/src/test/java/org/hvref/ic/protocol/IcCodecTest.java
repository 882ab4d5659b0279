package org.hvref.ic.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every size, count and flag check of {@link IcCodec} against hostile packets (ic §1.2, §1.4). */
class IcCodecTest {
    static final IcVersion ZERO = new IcVersion(0, 0);

    static byte[] shutdownOffer() {
        return IcCodec.encodeNegotiate(IcHeader.hostRequest(IcMessageType.NEGOTIATE, ZERO, ZERO, 0),
                new IcNegotiate(List.of(IcVersion.V1_0, IcVersion.V3_0),
                        List.of(IcVersion.V1_0, IcVersion.V3_0, IcVersion.V3_1, IcVersion.V3_2)));
    }

    static MalformedIcMessageException rejectNegotiate(byte[] p, int len, IcMessageError reason) {
        MalformedIcMessageException e = assertThrows(MalformedIcMessageException.class,
                () -> IcCodec.decodeNegotiate(p, len));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    @Test
    void shouldRoundTripANegotiate() {
        byte[] p = shutdownOffer();
        IcHeader h = IcCodec.decodeHeader(p, p.length);
        assertEquals(IcMessageType.NEGOTIATE, h.messageType());
        assertEquals(32, h.messageSize());
        assertEquals(IcFlags.HOST_REQUEST, h.flags());
        IcNegotiate n = IcCodec.decodeNegotiate(p, p.length);
        assertEquals(List.of(IcVersion.V1_0, IcVersion.V3_0), n.frameworkVersions());
        assertEquals(4, n.messageVersions().size());
    }

    @Test
    void shouldRejectPacketsShorterThanTheHeader() {
        byte[] p = shutdownOffer();
        MalformedIcMessageException e = rejectNegotiate(p, 27, IcMessageError.TOO_SHORT);
        assertEquals("ic packet: 27 bytes (expected: >= 28 bytes)", e.getMessage());
    }

    @Test
    void shouldRejectOtherPipeTypes() {
        byte[] p = shutdownOffer();
        p[0] = 2; // PARTIAL
        MalformedIcMessageException e = rejectNegotiate(p, p.length, IcMessageError.BAD_PIPE_TYPE);
        assertEquals("pipe packet type: 2 (expected: 1)", e.getMessage());
    }

    @Test
    void shouldRejectIcMessageSizeBeyondThePacket() {
        byte[] p = shutdownOffer();
        MalformedIcMessageException e = rejectNegotiate(p, p.length - 4, IcMessageError.BAD_SIZE);
        assertEquals("icmsgsize: 32 (expected: <= 28, the bytes after the header)", e.getMessage());
    }

    @Test
    void shouldRejectPipeSizesThatDoNotCoverTheMessageOrOverrunThePacket() {
        byte[] p = shutdownOffer();
        p[4] = 51; // 20 + 32 - 1
        assertEquals("pipe msgsize: 51 (expected: 52 to 52)",
                rejectNegotiate(p, p.length, IcMessageError.BAD_SIZE).getMessage());
        p[4] = 53;
        rejectNegotiate(p, p.length, IcMessageError.BAD_SIZE);
        p[4] = 0;
        p[7] = (byte) 0x80; // 2^31: must not wrap negative
        rejectNegotiate(p, p.length, IcMessageError.BAD_SIZE);
    }

    @Test
    void shouldRejectCountsAboveOneHundred() {
        byte[] p = shutdownOffer();
        p[28] = 101;
        assertEquals("negotiate counts: fw=101 msg=4 (expected: <= 100 each)",
                rejectNegotiate(p, p.length, IcMessageError.BAD_COUNT).getMessage());
        p[28] = (byte) 0xFF;
        p[29] = (byte) 0xFF;
        rejectNegotiate(p, p.length, IcMessageError.BAD_COUNT);
    }

    @Test
    void shouldRejectCountsThatOverrunIcMessageSize() {
        byte[] p = shutdownOffer();
        p[30] = 5; // 2 + 5 versions need 36 bytes, icmsgsize says 32
        assertEquals("negotiate versions: fw=2 msg=5 need 36 bytes (expected: <= icmsgsize 32)",
                rejectNegotiate(p, p.length, IcMessageError.BAD_COUNT).getMessage());
    }

    @Test
    void shouldRejectANegotiateTooShortForItsCounts() {
        byte[] p = Arrays.copyOf(shutdownOffer(), 32);
        p[18] = 4;  // icmsgsize 4
        p[4] = 24;  // pipe msgsize 20 + 4
        assertEquals("negotiate icmsgsize: 4 (expected: >= 8)",
                rejectNegotiate(p, p.length, IcMessageError.TOO_SHORT).getMessage());
    }

    @Test
    void shouldRejectOtherTypesAsNegotiate() {
        byte[] p = shutdownOffer();
        p[12] = 3;
        rejectNegotiate(p, p.length, IcMessageError.WRONG_TYPE);
    }

    @Test
    void shouldAcceptZeroCountsAndUnknownTypesInTheHeader() {
        byte[] p = IcCodec.encodeNegotiate(IcHeader.hostRequest(IcMessageType.NEGOTIATE, ZERO, ZERO, 0),
                new IcNegotiate(List.of(), List.of()));
        assertEquals(new IcNegotiate(List.of(), List.of()), IcCodec.decodeNegotiate(p, p.length));
        byte[] q = IcCodec.encode(IcHeader.hostRequest(IcMessageType.valueOf(0xBEEF), IcVersion.V3_0,
                IcVersion.V3_0, 0), new byte[0]);
        assertEquals(0xBEEF, IcCodec.decodeHeader(q, q.length).messageType().raw());
    }

    @Test
    void shouldAcceptOneHundredVersionsEach() {
        List<IcVersion> hundred = Collections.nCopies(100, IcVersion.V3_0);
        byte[] p = IcCodec.encodeNegotiate(IcHeader.hostRequest(IcMessageType.NEGOTIATE, ZERO, ZERO, 0),
                new IcNegotiate(hundred, hundred));
        assertEquals(200, IcCodec.decodeNegotiate(p, p.length).messageVersions().size() * 2);
    }

    @Test
    void shouldRejectCallerBugsAsIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> IcCodec.decodeHeader(new byte[4], 5));
        assertThrows(IllegalArgumentException.class, () -> IcCodec.encode(
                IcHeader.hostRequest(IcMessageType.HEARTBEAT, ZERO, ZERO, 9), new byte[8]));
        assertThrows(IllegalArgumentException.class, () -> new IcVersion(0x10000, 0));
    }
}
