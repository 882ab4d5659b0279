package org.hvref.channel.guest;

import static org.hvref.channel.guest.ScriptedHost.assertFailsWith;
import static org.hvref.channel.guest.ScriptedHost.failure;
import static org.hvref.channel.guest.ScriptedHost.join;
import static org.hvref.channel.guest.ScriptedHost.offer;
import static org.hvref.channel.guest.ScriptedHost.pfns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.hvref.channel.protocol.GpadlBody;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.GpadlTeardown;
import org.hvref.channel.protocol.GpadlTorndown;
import org.hvref.ring.GpaRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VmbusClientGpadlTest {

    @ParameterizedTest(name = "{0} pages -> header {1}, bodies [{2}]")
    @CsvSource(delimiter = ';', value = {
        "1;   1;  ''",
        "26;  26; ''",
        "27;  26; 1",
        "54;  26; 28",
        "55;  26; 28 1",
        "200; 26; 28 28 28 28 28 28 6"})
    void shouldSplitPagesIntoAHeaderOf26AndBodiesOf28(int pages, int headerPfns, String bodyPfns) {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        long[] pfns = pfns(pages);
        CompletableFuture<Integer> created = host.client.createGpadl(1, pfns);
        GpadlHeader h = host.expect(GpadlHeader.class);
        assertEquals(1, h.childRelid());
        assertEquals(ClientConfig.LINUX_FIRST_GPADL_HANDLE, h.gpadl());
        assertEquals(1, h.rangeCount());
        assertEquals(8 * (pages + 1), h.rangeBufferLength());
        assertEquals(pages * 4096, h.firstRangeByteCount());
        assertEquals(0, h.firstRangeByteOffset());
        assertEquals(headerPfns, h.values().size() - 1);
        List<Long> all = new ArrayList<>(h.values().subList(1, h.values().size()));
        List<Integer> bodies = new ArrayList<>();
        while (!host.posted.isEmpty()) {
            GpadlBody b = host.expect(GpadlBody.class);
            assertEquals(h.gpadl(), b.gpadl());
            assertEquals(0, b.msgNumber());
            bodies.add(b.pfns().size());
            all.addAll(b.pfns());
        }
        String expected = bodyPfns.isBlank() ? "" : bodyPfns.trim();
        assertEquals(expected, String.join(" ", bodies.stream().map(String::valueOf).toList()));
        for (int i = 0; i < pages; i++) {
            assertEquals(pfns[i], all.get(i), "pfn " + i);
        }
        assertEquals(bodies.size(), host.events(GuestActions.SEND_GPADL_HEADER).get(0).get("n"));
        assertEquals(bodies.size(), host.events(GuestActions.SEND_GPADL_BODY).size());
        assertFalse(created.isDone());
        assertEquals(Optional.of(GpadlState.CREATING), host.client.gpadlState(h.gpadl()));
        host.reply(new GpadlCreated(1, h.gpadl(), 0));
        assertEquals(h.gpadl(), join(created));
        assertEquals(Optional.of(GpadlState.CREATED), host.client.gpadlState(h.gpadl()));
    }

    @Test
    void shouldPutEveryRangeHeaderIntoTheRangeBuffer() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        host.client.createGpadl(1, List.of(new GpaRange(100, 0x10, new long[] {7}),
                new GpaRange(8192, 0, new long[] {8, 9})));
        GpadlHeader h = host.expect(GpadlHeader.class);
        assertEquals(2, h.rangeCount());
        assertEquals(List.of(100L | (0x10L << 32), 7L, 8192L, 8L, 9L), h.values());
        assertEquals(40, h.rangeBufferLength());
        host.expectNothing();
    }

    @Test
    void shouldChooseHandlesFromAMonotonicCounterSkippingTheNullHandle() {
        ScriptedHost host = new ScriptedHost(ClientConfig.defaults(0x1000).withFirstGpadlHandle(-1));
        host.ready(offer(1));
        assertEquals(0xFFFFFFFF, host.answerGpadlOf(1, 1, 0));
        assertEquals(1, host.answerGpadlOf(1, 1, 0));
        CompletableFuture<Void> down = host.client.teardownGpadl(1);
        host.expect(GpadlTeardown.class);
        host.reply(new GpadlTorndown(1));
        assertTrue(down.isDone());
        assertEquals(2, host.answerGpadlOf(1, 1, 0), "a torn-down handle is not taken again at once");
    }

    @Test
    void shouldFailCreationAndFreeTheHandleWhenTheHostRefusesIt() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        CompletableFuture<Integer> created = host.client.createGpadl(1, pfns(3));
        GpadlHeader h = host.expect(GpadlHeader.class);
        host.reply(new GpadlCreated(1, h.gpadl(), 0xC0000044));
        assertFailsWith(RequestFailedException.class, created);
        assertEquals("gpadl 0xe1e10 relid=1 creation status: 0xc0000044 (expected: 0)", failure(created).getMessage());
        assertEquals(0xC0000044, ((RequestFailedException) failure(created)).status());
        assertEquals(Optional.empty(), host.client.gpadlState(h.gpadl()));
        assertEquals(false, host.lastEvent().get("ok"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> host.client.open(1, h.gpadl(), 2, 0, new byte[0]));
        assertEquals("open relid=1 ring gpadl 0xe1e10: unknown (expected: CREATED for this relid)", e.getMessage());
    }

    @Test
    void shouldTearDownAndCompleteOnTorndown() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        int handle = host.answerGpadlOf(1, 4, 0);
        CompletableFuture<Void> down = host.client.teardownGpadl(handle);
        GpadlTeardown t = host.expect(GpadlTeardown.class);
        assertEquals(1, t.childRelid());
        assertEquals(handle, t.gpadl());
        assertEquals(Optional.of(GpadlState.TEARING), host.client.gpadlState(handle));
        assertFalse(down.isDone());
        host.reply(new GpadlTorndown(handle));
        assertTrue(down.isDone() && !down.isCompletedExceptionally());
        assertEquals(List.of(), host.client.liveGpadls());
        assertEquals(List.of(GuestActions.SEND_GPADL_TEARDOWN, GuestActions.RCV_GPADL_TORNDOWN),
                host.actions().subList(host.actions().size() - 2, host.actions().size()));
    }

    @Test
    void shouldRefuseLocallyToTearDownTheRingOfAnOpenChannel() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        OpenedChannel ch = host.open(1, 6, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> host.client.teardownGpadl(ch.ringGpadl()));
        assertEquals("teardown gpadl 0xe1e10: backs the ring of relid 1 in state OPEN (expected: close the channel first)",
                e.getMessage());
        host.expectNothing();
    }
}
