package org.hvref.channel.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hvref.channel.protocol.AllOffersDelivered;
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.CloseChannel;
import org.hvref.channel.protocol.GpadlBody;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.GpadlTeardown;
import org.hvref.channel.protocol.GpadlTorndown;
import org.hvref.channel.protocol.InitiateContact;
import org.hvref.channel.protocol.OpenChannel;
import org.hvref.channel.protocol.OpenChannelResult;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RequestOffers;
import org.hvref.channel.protocol.VersionResponse;
import org.hvref.memory.GuestMemory;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/**
 * Guest threads creating, tearing down GPADLs and opening/closing channels while a host thread answers: every
 * request completes, handles stay unique among live GPADLs, and the trace order is causal (each send event before
 * the receive event of its answer).
 */
class VmbusClientConcurrentTest {
    private static final int ROUNDS = 300;

    @Test
    void shouldCompleteEveryRequestWithGuestAndHostThreadsRacing() throws Exception {
        BlockingQueue<byte[]> toHost = new LinkedBlockingQueue<>();
        RecordingTracer tracer = new RecordingTracer();
        VmbusClient client = new VmbusClient(GuestMemory.heap(256), ClientConfig.defaults(0x1000)
                .withVersions(List.of(ProtocolVersion.WIN10_V5_3)), (id, b) -> toHost.add(b), tracer);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> host = pool.submit(() -> serve(client, toHost));
            client.connect().get(60, TimeUnit.SECONDS);
            client.requestOffers().get(60, TimeUnit.SECONDS);
            Future<?> gpadls = pool.submit(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    int h = join(client.createGpadl(2, new long[] {50 + i % 40, 51, 52}));
                    join(client.teardownGpadl(h));
                }
                return null;
            });
            Future<?> opens = pool.submit(() -> {
                for (int i = 0; i < ROUNDS / 3; i++) {
                    OpenedChannel ch = join(client.open(1, new long[] {100, 101, 102, 103}, 2, 0, null));
                    client.close(1);
                    join(client.teardownGpadl(ch.ringGpadl()));
                }
                return null;
            });
            gpadls.get(120, TimeUnit.SECONDS);
            opens.get(120, TimeUnit.SECONDS);
            toHost.add(new byte[0]);
            host.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), client.liveGpadls());
        checkCausalOrder(tracer.events());
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Each GPADL's header comes before its GPADL_CREATED, its teardown before its TORNDOWN; live handles unique. */
    private static void checkCausalOrder(List<TraceEvent> events) {
        Set<Long> live = new HashSet<>();
        Set<Long> tearing = new HashSet<>();
        Map<Long, Integer> opens = new HashMap<>();
        int created = 0;
        for (TraceEvent e : events) {
            switch (e.action()) {
                case GuestActions.SEND_GPADL_HEADER -> assertTrue(live.add(e.getLong("h")), () -> "handle reused: " + e);
                case GuestActions.RCV_GPADL_CREATED -> {
                    assertTrue(live.contains(e.getLong("h")), () -> "created before header: " + e);
                    created++;
                }
                case GuestActions.SEND_GPADL_TEARDOWN -> assertTrue(tearing.add(e.getLong("h")), e::toString);
                case GuestActions.RCV_GPADL_TORNDOWN -> {
                    assertTrue(tearing.remove(e.getLong("h")), () -> "torndown before teardown: " + e);
                    live.remove(e.getLong("h"));
                }
                case GuestActions.SEND_OPEN_CHANNEL -> opens.merge(1L, 1, Integer::sum);
                case GuestActions.RCV_OPEN_RESULT -> assertEquals(1, opens.merge(1L, -1, Integer::sum) + 1,
                        () -> "open result before open: " + e);
                default -> { }
            }
        }
        assertEquals(ROUNDS + ROUNDS / 3, created);
        assertTrue(live.isEmpty() && tearing.isEmpty());
    }

    /** The host thread: answers every guest message until an empty one arrives. */
    private static Void serve(VmbusClient client, BlockingQueue<byte[]> toHost) throws InterruptedException {
        ProtocolVersion v = ProtocolVersion.WIN10_V5_3;
        Map<Integer, int[]> pending = new HashMap<>();
        List<ChannelMessage> replies = new ArrayList<>();
        while (true) {
            byte[] b = toHost.take();
            if (b.length == 0) {
                return null;
            }
            ChannelMessage m = ChannelMessageCodec.decode(b, b.length, v);
            replies.clear();
            if (m instanceof InitiateContact) {
                replies.add(new VersionResponse(VersionResponse.Form.BASIC, true, 0, 1, 0, 0, 0));
            } else if (m instanceof RequestOffers) {
                replies.add(ScriptedHost.offer(1));
                replies.add(ScriptedHost.offer(2));
                replies.add(new AllOffersDelivered());
            } else if (m instanceof GpadlHeader h) {
                int remaining = h.rangeBufferLength() / 8 - h.values().size();
                if (remaining == 0) {
                    replies.add(new GpadlCreated(h.childRelid(), h.gpadl(), 0));
                } else {
                    pending.put(h.gpadl(), new int[] {h.childRelid(), remaining});
                }
            } else if (m instanceof GpadlBody body) {
                int[] p = pending.get(body.gpadl());
                p[1] -= body.pfns().size();
                if (p[1] == 0) {
                    pending.remove(body.gpadl());
                    replies.add(new GpadlCreated(p[0], body.gpadl(), 0));
                }
            } else if (m instanceof GpadlTeardown t) {
                replies.add(new GpadlTorndown(t.gpadl()));
            } else if (m instanceof OpenChannel o) {
                replies.add(new OpenChannelResult(o.childRelid(), o.openId(), 0));
            } else if (!(m instanceof CloseChannel)) {
                throw new AssertionError("unexpected guest message: " + m);
            }
            for (ChannelMessage r : replies) {
                byte[] out = ChannelMessageCodec.encode(r, v);
                client.receive(out, out.length);
            }
        }
    }
}
