package org.hvref.channel.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hvref.channel.protocol.CloseChannel;
import org.hvref.channel.protocol.GpadlBody;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.GpadlTeardown;
import org.hvref.channel.protocol.GpadlTorndown;
import org.hvref.channel.protocol.ProtocolVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GPADL creation in fragments, its validation and teardown (vmbus-core.md §2.2, §5). */
class VmbusServerGpadlTest {
    private static final int FAIL = VmbusServer.STATUS_UNSUCCESSFUL;
    private ScriptedGuest g;

    @BeforeEach
    void connect() {
        g = new ScriptedGuest(WindowsHost.WINDOWS_SERVER_2022);
        g.server.addChannel(HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE), new TestDevice());
        g.server.addChannel(HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE2), new TestDevice());
        g.connect(ProtocolVersion.WIN10_V5_3);
        g.requestOffers();
        g.tracer.clear();
    }

    private void checkPages(int handle, int relid, long[] pfns) {
        Gpadl gp = g.server.gpadl(handle).orElseThrow();
        assertEquals(relid, gp.relid());
        assertEquals(1, gp.ranges().size());
        assertEquals(pfns.length * 4096, gp.ranges().get(0).byteCount());
        assertArrayEquals(pfns, gp.ranges().get(0).pfns());
    }

    @Test
    void shouldAcceptAGpadlWithoutBody() {
        long[] pfns = g.createGpadl(1, 0xE1E10, 20, 26);
        checkPages(0xE1E10, 1, pfns);
        assertEquals(List.of("HostRcvGpadlHeader[r=1, h=925200, ok=true]"), g.events());
    }

    @Test
    void shouldAcceptAGpadlWithOneBody() {
        long[] pfns = g.createGpadl(1, 7, 20, 30);
        checkPages(7, 1, pfns);
        assertEquals(List.of("HostRcvGpadlHeader[r=1, h=7, ok=true]", "HostRcvGpadlBody[h=7, ok=true]"), g.events());
    }

    @Test
    void shouldAcceptAGpadlWithSeveralBodies() {
        long[] pfns = g.createGpadl(2, 8, 20, 100); // 26 + 28 + 28 + 18
        checkPages(8, 2, pfns);
        assertEquals(List.of("HostRcvGpadlHeader[r=2, h=8, ok=true]", "HostRcvGpadlBody[h=8]",
                "HostRcvGpadlBody[h=8]", "HostRcvGpadlBody[h=8, ok=true]"), g.events());
    }

    @Test
    void shouldNotAnswerBeforeTheLastBody() {
        List<Long> values = new ArrayList<>();
        values.add(40L * 4096);
        for (long p = 0; p < 40; p++) {
            values.add(100 + p);
        }
        g.post(new GpadlHeader(1, 9, values.size() * 8, 1, values.subList(0, 27)));
        g.expectNothing();
        g.post(new GpadlBody(0, 9, values.subList(27, 41)));
        g.expect(new GpadlCreated(1, 9, 0));
    }

    @Test
    void shouldReportAGpadlInProgressUntilItsLastBody() {
        List<Long> values = new ArrayList<>();
        values.add(60L * 4096);
        for (long p = 0; p < 60; p++) {
            values.add(100 + p);
        }
        assertEquals(Optional.empty(), g.server.pendingGpadl(9));
        g.post(new GpadlHeader(2, 9, values.size() * 8, 1, values.subList(0, 27)));
        assertEquals(Optional.of(new VmbusServer.PendingGpadl(2, 34)), g.server.pendingGpadl(9));
        assertEquals(Optional.empty(), g.server.gpadl(9));
        g.post(new GpadlBody(0, 9, values.subList(27, 55)));
        assertEquals(Optional.of(new VmbusServer.PendingGpadl(2, 6)), g.server.pendingGpadl(9));
        g.post(new GpadlBody(0, 9, values.subList(55, 61)));
        g.expect(new GpadlCreated(2, 9, 0));
        assertEquals(Optional.empty(), g.server.pendingGpadl(9));
        assertTrue(g.server.gpadl(9).isPresent());
    }

    @Test
    void shouldAcceptSeveralRangesWithByteOffsets() {
        // range 0: offset 0x100, 0x1000 bytes -> 2 pfns; range 1: offset 0, 10 bytes -> 1 pfn; one unused value
        List<Long> values = List.of((0x100L << 32) | 0x1000, 50L, 51L, 10L, 60L, 99L);
        g.postRanges(1, 10, 2, values);
        g.expect(new GpadlCreated(1, 10, 0));
        Gpadl gp = g.server.gpadl(10).orElseThrow();
        assertEquals(List.of(new Gpadl.Range(0x100, 0x1000, new long[] {50, 51}),
                new Gpadl.Range(0, 10, new long[] {60})), gp.ranges());
    }

    @Test
    void shouldIgnoreValuesBeyondTheRangeBufferInAFullSizeBody() {
        // UEFI-style full 28-value body although 4 values remain (vmbus-core.md §5, OVMM Gpadl::append)
        List<Long> values = new ArrayList<>();
        values.add(30L * 4096);
        for (long p = 0; p < 30; p++) {
            values.add(200 + p);
        }
        g.post(new GpadlHeader(1, 11, values.size() * 8, 1, values.subList(0, 27)));
        List<Long> body = new ArrayList<>(values.subList(27, 31));
        while (body.size() < 28) {
            body.add(0xDEADL);
        }
        g.post(new GpadlBody(0, 11, body));
        g.expect(new GpadlCreated(1, 11, 0));
        assertEquals(30, g.server.gpadl(11).orElseThrow().ranges().get(0).pfns().length);
    }

    @Test
    void shouldFailAHeaderForAnUnknownRelid() {
        g.postGpadl(9, 12, new long[] {1, 2});
        g.expect(new GpadlCreated(9, 12, FAIL));
        g.expectError(HostError.UNKNOWN_RELID, "gpadl header relid: 9 (expected: an offered channel)");
        assertEquals(List.of("HostRcvGpadlHeader[r=9, h=12, ok=false, err=UnknownRelid]"), g.events());
    }

    @Test
    void shouldFailAHeaderWithALiveHandle() {
        g.createGpadl(1, 13, 20, 2);
        g.postGpadl(2, 13, new long[] {1, 2});
        g.expect(new GpadlCreated(2, 13, FAIL));
        g.expectError(HostError.DUPLICATE_GPADL_ID, "gpadl header handle: 13 (expected: not live)");
        checkPages(13, 1, new long[] {20, 21});
    }

    @Test
    void shouldFailAHeaderWithTheNullHandle() {
        g.postGpadl(1, 0, new long[] {1, 2});
        g.expect(new GpadlCreated(1, 0, FAIL));
        g.expectError(HostError.BAD_GPADL, "gpadl header handle: 0 (expected: non-zero, 0 is the null handle)");
    }

    @Test
    void shouldDropABodyForAnUnknownHandle() {
        g.post(new GpadlBody(0, 14, List.of(1L)));
        g.expectNothing();
        g.expectError(HostError.UNKNOWN_GPADL, "gpadl body handle: 14 (expected: a gpadl in progress)");
        assertEquals(List.of("HostRcvGpadlBody[h=14, err=UnknownGpadl]"), g.events());
    }

    @Test
    void shouldDropABodyForAnAcceptedGpadl() {
        g.createGpadl(1, 15, 20, 2);
        g.post(new GpadlBody(0, 15, List.of(1L)));
        g.expectNothing();
        g.expectError(HostError.UNKNOWN_GPADL, "gpadl body handle: 15 (expected: a gpadl in progress)");
        checkPages(15, 1, new long[] {20, 21});
    }

    @Test
    void shouldFailAHeaderWithTooManyPfns() {
        ByteBuffer b = ByteBuffer.allocate(20 + 28 * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 8).putInt(8, 1).putInt(12, 16).putShort(16, (short) (28 * 8)).putShort(18, (short) 1);
        b.putLong(20, 27L * 4096);
        g.postRaw(b.array());
        g.expect(new GpadlCreated(1, 16, FAIL));
        g.expectError(HostError.MALFORMED, "gpadl header: 27 pfns (expected: <= 26)");
        assertEquals(List.of("HostRcvGpadlHeader[r=1, h=16, ok=false]"), g.events());
    }

    @Test
    void shouldFailAGpadlWhoseBodyHasTooManyPfns() {
        List<Long> values = new ArrayList<>();
        values.add(60L * 4096);
        for (long p = 0; p < 60; p++) {
            values.add(p);
        }
        g.post(new GpadlHeader(1, 17, values.size() * 8, 1, values.subList(0, 27)));
        ByteBuffer b = ByteBuffer.allocate(16 + 29 * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 9).putInt(12, 17);
        g.postRaw(b.array());
        g.expect(new GpadlCreated(1, 17, FAIL));
        g.expectError(HostError.MALFORMED, "gpadl body: 29 pfns (expected: 1..28)");
        assertEquals("HostRcvGpadlBody[h=17, ok=false]", g.events().get(1));
        assertTrue(g.server.gpadl(17).isEmpty());
        g.post(new GpadlBody(0, 17, List.of(1L))); // the aborted handle is gone
        g.expectError(HostError.UNKNOWN_GPADL, "gpadl body handle: 17 (expected: a gpadl in progress)");
        g.createGpadl(1, 17, 20, 2); // and free for reuse
    }

    @Test
    void shouldFailARangeWithAByteOffsetOfAPage() {
        g.postRanges(1, 18, 1, List.of((4096L << 32) | 8, 5L, 6L));
        g.expect(new GpadlCreated(1, 18, FAIL));
        g.expectError(HostError.BAD_GPADL, "gpadl 18 range 0 byte offset: 4096 (expected: <= 4095)");
        assertEquals(List.of("HostRcvGpadlHeader[r=1, h=18, ok=false]"), g.events());
    }

    @Test
    void shouldFailARangeWithNoBytes() {
        g.postRanges(1, 19, 1, List.of(0L, 5L));
        g.expect(new GpadlCreated(1, 19, FAIL));
        g.expectError(HostError.BAD_GPADL, "gpadl 19 range 0 byte count: 0 (expected: >= 1)");
    }

    @Test
    void shouldFailARangeWithMorePagesThanTheBufferHolds() {
        List<Long> values = new ArrayList<>(List.of(3L * 4096 + 1, 1L, 2L, 3L));
        g.post(new GpadlHeader(1, 20, 32, 1, values));
        g.expect(new GpadlCreated(1, 20, FAIL));
        g.expectError(HostError.BAD_GPADL,
                "gpadl 20 range 0: 4 pfns for offset 0 and 12289 bytes (expected: <= 3 left in the range buffer)");
    }

    @Test
    void shouldFailMoreRangesThanTheBufferHolds() {
        g.post(new GpadlHeader(1, 21, 32, 2, List.of(8192L, 1L, 2L, 3L)));
        g.expect(new GpadlCreated(1, 21, FAIL));
        g.expectError(HostError.BAD_GPADL, "gpadl 21 range 1: 1 pfns for offset 0 and 3 bytes (expected: <= 0 "
                + "left in the range buffer)");
    }

    @Test
    void shouldFailARangeCountBeyondTheValues() {
        g.post(new GpadlHeader(1, 22, 32, 2, List.of(4096L, 1L, 4096L, 2L)));
        g.expect(new GpadlCreated(1, 22, 0));
        g.post(new GpadlHeader(1, 23, 48, 3, List.of(4096L, 1L, 4096L, 2L, 0L, 0L)));
        g.expect(new GpadlCreated(1, 23, FAIL));
        g.expectError(HostError.BAD_GPADL, "gpadl 23 range 2 byte count: 0 (expected: >= 1)");
    }

    @Test
    void shouldAnswerTeardownOfAnAcceptedGpadl() {
        g.createGpadl(1, 24, 20, 2);
        g.post(new GpadlTeardown(1, 24));
        g.expect(new GpadlTorndown(24));
        assertTrue(g.server.gpadl(24).isEmpty());
        assertEquals("HostRcvGpadlTeardown[h=24]", g.events().get(g.events().size() - 1));
        g.createGpadl(2, 24, 20, 2); // the handle is free again
    }

    @Test
    void shouldDropTeardownOfAnUnknownGpadl() {
        g.post(new GpadlTeardown(1, 25));
        g.expectNothing();
        g.expectError(HostError.UNKNOWN_GPADL,
                "gpadl teardown handle: 25 of relid 1 (expected: an accepted gpadl of that relid)");
        assertEquals(List.of("HostRcvGpadlTeardown[h=25, err=UnknownGpadl]"), g.events());
    }

    @Test
    void shouldDropTeardownNamingAnotherRelid() {
        g.createGpadl(1, 26, 20, 2);
        g.post(new GpadlTeardown(2, 26));
        g.expectNothing();
        g.expectError(HostError.UNKNOWN_GPADL,
                "gpadl teardown handle: 26 of relid 2 (expected: an accepted gpadl of that relid)");
        assertTrue(g.server.gpadl(26).isPresent());
    }

    @Test
    void shouldDropTeardownOfAGpadlInProgress() {
        g.post(new GpadlHeader(1, 27, 30 * 8, 1, List.of(29L * 4096, 1L)));
        g.post(new GpadlTeardown(1, 27));
        g.expectNothing();
        g.expectError(HostError.UNKNOWN_GPADL,
                "gpadl teardown handle: 27 of relid 1 (expected: an accepted gpadl of that relid)");
    }

    @Test
    void shouldDeferTeardownOfAnOpenRingUntilClose() {
        g.openChannel(1, 28, 20);
        g.post(new GpadlTeardown(1, 28));
        g.expectNothing();
        assertTrue(g.server.gpadl(28).isPresent());
        g.post(new CloseChannel(1));
        g.expect(new GpadlTorndown(28));
        assertTrue(g.server.gpadl(28).isEmpty());
    }
}
