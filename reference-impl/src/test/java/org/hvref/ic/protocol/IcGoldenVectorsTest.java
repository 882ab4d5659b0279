package org.hvref.ic.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.hvref.ic.IcGuestVersions;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes of the NEGOTIATE request (host default offer, ic §1.5 OVMM column / framework 1.0, 3.0) and the Linux
 * guest's answer (ic §1.4 Linux algorithm) for every service, one comment per field (layout ic §1.2, §1.4).
 */
class IcGoldenVectorsTest {

    /** Bytes from space-separated hex groups. */
    static byte[] hex(String... groups) {
        String s = String.join("", groups).replace(" ", "");
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static final IcVersion ZERO = new IcVersion(0, 0);

    static byte[] hostRequest(IcService s) {
        return IcCodec.encodeNegotiate(IcHeader.hostRequest(IcMessageType.NEGOTIATE, ZERO, ZERO, 0),
                new IcNegotiate(IcService.HOST_FRAMEWORK_VERSIONS, s.hostVersions()));
    }

    static byte[] linuxAnswer(IcService s, byte[] request) {
        IcServiceClient guest = new IcServiceClient(s, IcGuestVersions.of(IcVersionPolicy.LINUX, s), null,
                SpecTracer.OFF);
        return guest.onPacket(request, request.length).response().orElseThrow();
    }

    void check(IcService s, byte[] request, byte[] answer) {
        assertArrayEquals(request, hostRequest(s), s + " request");
        assertArrayEquals(answer, linuxAnswer(s, request), s + " answer");
        IcNegotiate offer = IcCodec.decodeNegotiate(request, request.length);
        assertEquals(IcService.HOST_FRAMEWORK_VERSIONS, offer.frameworkVersions());
        assertEquals(s.hostVersions(), offer.messageVersions());
    }

    @Test
    void shouldEncodeShutdownNegotiation() {
        byte[] request = hex(
                "01 00 00 00",   //  0 pipe packet type DATA
                "34 00 00 00",   //  4 pipe msgsize 52 = 20 + 32
                "00 00 00 00",   //  8 icverframe 0.0 (host leaves it zero in NEGOTIATE)
                "00 00",         // 12 icmsgtype 0 NEGOTIATE
                "00 00 00 00",   // 14 icvermsg 0.0
                "20 00",         // 18 icmsgsize 32 = 8 + 4 * (2 + 4)
                "00 00 00 00",   // 20 status S_OK
                "00",            // 24 ictransaction_id 0
                "03",            // 25 icflags TRANSACTION|REQUEST
                "00 00",         // 26 reserved
                "02 00",         // 28 icframe_vercnt 2
                "04 00",         // 30 icmsg_vercnt 4
                "00 00 00 00",   // 32 reserved
                "01 00 00 00",   // 36 framework 1.0 (major u16, minor u16)
                "03 00 00 00",   // 40 framework 3.0
                "01 00 00 00",   // 44 shutdown 1.0
                "03 00 00 00",   // 48 shutdown 3.0
                "03 00 01 00",   // 52 shutdown 3.1
                "03 00 02 00");  // 56 shutdown 3.2
        byte[] answer = hex(
                "01 00 00 00",   //  0 pipe packet type DATA
                "34 00 00 00",   //  4 pipe msgsize 52 (answer has the request's length)
                "00 00 00 00",   //  8 icverframe as received
                "00 00",         // 12 icmsgtype NEGOTIATE
                "00 00 00 00",   // 14 icvermsg as received
                "10 00",         // 18 icmsgsize 16 = 8 + 2 versions
                "00 00 00 00",   // 20 status S_OK
                "00",            // 24 ictransaction_id echoed
                "05",            // 25 icflags TRANSACTION|RESPONSE
                "00 00",         // 26 reserved
                "01 00",         // 28 icframe_vercnt 1
                "01 00",         // 30 icmsg_vercnt 1
                "00 00 00 00",   // 32 reserved
                "03 00 00 00",   // 36 chosen framework 3.0 (Linux prefers 3.0 over 1.0)
                "03 00 02 00",   // 40 chosen shutdown 3.2 (first of 3.2, 3.1, 3.0, 1.0 offered)
                "01 00 00 00",   // 44 left over from the request (answered in place)
                "03 00 00 00",   // 48 left over
                "03 00 01 00",   // 52 left over
                "03 00 02 00");  // 56 left over
        check(IcService.SHUTDOWN, request, answer);
    }

    @Test
    void shouldEncodeHeartbeatNegotiation() {
        byte[] request = hex(
                "01 00 00 00", "2C 00 00 00",          //  0 DATA, pipe msgsize 44 = 20 + 24
                "00 00 00 00", "00 00", "00 00 00 00", //  8 icverframe 0.0, icmsgtype 0, icvermsg 0.0
                "18 00",                               // 18 icmsgsize 24 = 8 + 4 * (2 + 2)
                "00 00 00 00", "00", "03", "00 00",    // 20 status 0, txid 0, flags 3, reserved
                "02 00", "02 00", "00 00 00 00",       // 28 counts 2 / 2, reserved
                "01 00 00 00", "03 00 00 00",          // 36 framework 1.0, 3.0
                "01 00 00 00", "03 00 00 00");         // 44 heartbeat 1.0, 3.0
        byte[] answer = hex(
                "01 00 00 00", "2C 00 00 00",          //  0 DATA, pipe msgsize 44
                "00 00 00 00", "00 00", "00 00 00 00", //  8 as received
                "10 00",                               // 18 icmsgsize 16
                "00 00 00 00", "00", "05", "00 00",    // 20 S_OK, txid 0, TRANSACTION|RESPONSE, reserved
                "01 00", "01 00", "00 00 00 00",       // 28 counts 1 / 1, reserved
                "03 00 00 00", "03 00 00 00",          // 36 framework 3.0, heartbeat 3.0
                "01 00 00 00", "03 00 00 00");         // 44 left over from the request
        check(IcService.HEARTBEAT, request, answer);
    }

    @Test
    void shouldEncodeTimeSyncNegotiation() {
        byte[] request = hex(
                "01 00 00 00", "30 00 00 00",          //  0 DATA, pipe msgsize 48 = 20 + 28
                "00 00 00 00", "00 00", "00 00 00 00", //  8 icverframe, icmsgtype 0, icvermsg
                "1C 00",                               // 18 icmsgsize 28 = 8 + 4 * (2 + 3)
                "00 00 00 00", "00", "03", "00 00",    // 20 status, txid, TRANSACTION|REQUEST, reserved
                "02 00", "03 00", "00 00 00 00",       // 28 counts 2 / 3, reserved
                "01 00 00 00", "03 00 00 00",          // 36 framework 1.0, 3.0
                "01 00 00 00", "03 00 00 00", "04 00 00 00"); // 44 timesync 1.0, 3.0, 4.0
        byte[] answer = hex(
                "01 00 00 00", "30 00 00 00",          //  0 DATA, pipe msgsize 48
                "00 00 00 00", "00 00", "00 00 00 00", //  8 as received
                "10 00",                               // 18 icmsgsize 16
                "00 00 00 00", "00", "05", "00 00",    // 20 S_OK, txid, TRANSACTION|RESPONSE, reserved
                "01 00", "01 00", "00 00 00 00",       // 28 counts 1 / 1
                "03 00 00 00", "04 00 00 00",          // 36 framework 3.0, timesync 4.0
                "01 00 00 00", "03 00 00 00", "04 00 00 00"); // 44 left over
        check(IcService.TIMESYNC, request, answer);
    }

    @Test
    void shouldEncodeKvpNegotiation() {
        byte[] request = hex(
                "01 00 00 00", "30 00 00 00",          //  0 DATA, pipe msgsize 48
                "00 00 00 00", "00 00", "00 00 00 00", //  8 icverframe, icmsgtype 0, icvermsg
                "1C 00",                               // 18 icmsgsize 28
                "00 00 00 00", "00", "03", "00 00",    // 20 status, txid, TRANSACTION|REQUEST, reserved
                "02 00", "03 00", "00 00 00 00",       // 28 counts 2 / 3
                "01 00 00 00", "03 00 00 00",          // 36 framework 1.0, 3.0
                "03 00 00 00", "04 00 00 00", "05 00 00 00"); // 44 KVP 3.0, 4.0, 5.0 (OVMM kvp.rs)
        byte[] answer = hex(
                "01 00 00 00", "30 00 00 00",          //  0 DATA, pipe msgsize 48
                "00 00 00 00", "00 00", "00 00 00 00", //  8 as received
                "10 00",                               // 18 icmsgsize 16
                "00 00 00 00", "00", "05", "00 00",    // 20 S_OK, txid, TRANSACTION|RESPONSE
                "01 00", "01 00", "00 00 00 00",       // 28 counts 1 / 1
                "03 00 00 00", "04 00 00 00",          // 36 framework 3.0, KVP 4.0 (Linux has no 5.0)
                "03 00 00 00", "04 00 00 00", "05 00 00 00"); // 44 left over
        check(IcService.KVP, request, answer);
    }

    @Test
    void shouldEncodeVssNegotiation() {
        byte[] request = hex(
                "01 00 00 00", "28 00 00 00",          //  0 DATA, pipe msgsize 40 = 20 + 20
                "00 00 00 00", "00 00", "00 00 00 00", //  8 icverframe, icmsgtype 0, icvermsg
                "14 00",                               // 18 icmsgsize 20 = 8 + 4 * (2 + 1)
                "00 00 00 00", "00", "03", "00 00",    // 20 status, txid, TRANSACTION|REQUEST
                "02 00", "01 00", "00 00 00 00",       // 28 counts 2 / 1
                "01 00 00 00", "03 00 00 00",          // 36 framework 1.0, 3.0
                "05 00 00 00");                        // 44 VSS 5.0
        byte[] answer = hex(
                "01 00 00 00", "28 00 00 00",          //  0 DATA, pipe msgsize 40
                "00 00 00 00", "00 00", "00 00 00 00", //  8 as received
                "10 00",                               // 18 icmsgsize 16
                "00 00 00 00", "00", "05", "00 00",    // 20 S_OK, txid, TRANSACTION|RESPONSE
                "01 00", "01 00", "00 00 00 00",       // 28 counts 1 / 1
                "03 00 00 00", "05 00 00 00",          // 36 framework 3.0 (VSS: 3.0 only), VSS 5.0
                "05 00 00 00");                        // 44 left over
        check(IcService.VSS, request, answer);
    }

    @Test
    void shouldEncodeFileCopyNegotiation() {
        byte[] request = hex(
                "01 00 00 00", "28 00 00 00",          //  0 DATA, pipe msgsize 40
                "00 00 00 00", "00 00", "00 00 00 00", //  8 icverframe, icmsgtype 0, icvermsg
                "14 00",                               // 18 icmsgsize 20
                "00 00 00 00", "00", "03", "00 00",    // 20 status, txid, TRANSACTION|REQUEST
                "02 00", "01 00", "00 00 00 00",       // 28 counts 2 / 1
                "01 00 00 00", "03 00 00 00",          // 36 framework 1.0, 3.0
                "01 00 01 00");                        // 44 fcopy 1.1 (major 1, minor 1)
        byte[] answer = hex(
                "01 00 00 00", "28 00 00 00",          //  0 DATA, pipe msgsize 40
                "00 00 00 00", "00 00", "00 00 00 00", //  8 as received
                "10 00",                               // 18 icmsgsize 16
                "00 00 00 00", "00", "05", "00 00",    // 20 S_OK, txid, TRANSACTION|RESPONSE
                "01 00", "01 00", "00 00 00 00",       // 28 counts 1 / 1
                "03 00 00 00", "01 00 01 00",          // 36 framework 3.0, fcopy 1.1
                "01 00 01 00");                        // 44 left over
        check(IcService.FCOPY, request, answer);
    }

    @Test
    void shouldAnswerFailureLikeLinuxWithJunkSlots() {
        // host offers only framework 2.0: Linux (3.0, 1.0) finds no match, answers counts 0/0, status untouched,
        // slot 0 = old fw count as major (2.0), slot 1 = old msg count (1.0) (ic §1.4 Linux step 5)
        byte[] request = IcCodec.encodeNegotiate(IcHeader.hostRequest(IcMessageType.NEGOTIATE, ZERO, ZERO, 0),
                new IcNegotiate(List.of(new IcVersion(2, 0), new IcVersion(2, 1)), List.of(IcVersion.V3_0)));
        byte[] answer = linuxAnswer(IcService.HEARTBEAT, request);
        assertArrayEquals(hex(
                "01 00 00 00", "28 00 00 00",          //  0 DATA, pipe msgsize 40
                "00 00 00 00", "00 00", "00 00 00 00", //  8 as received
                "10 00",                               // 18 icmsgsize 16
                "00 00 00 00", "00", "05", "00 00",    // 20 status untouched (0), txid, TRANSACTION|RESPONSE
                "00 00", "00 00", "00 00 00 00",       // 28 counts 0 / 0: the failure signal
                "02 00 00 00", "01 00 00 00",          // 36 junk: old fw count 2 as 2.0, old msg count 1 as 1.0
                "03 00 00 00"), answer);               // 44 left over
    }
}
