package org.hvref.channel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.hvref.channel.host.HostChannelConfig;
import org.hvref.channel.host.HostChannelRings;
import org.hvref.channel.host.HostConfig;
import org.hvref.channel.host.HostDevice;
import org.hvref.channel.host.OpenRequest;
import org.hvref.channel.host.VmbusServer;
import org.hvref.channel.host.WindowsHost;
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.CloseChannel;
import org.hvref.channel.protocol.GpadlBody;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.GpadlTeardown;
import org.hvref.channel.protocol.GpadlTorndown;
import org.hvref.channel.protocol.InitiateContact;
import org.hvref.channel.protocol.ModifyChannel;
import org.hvref.channel.protocol.ModifyChannelResponse;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.channel.protocol.OpaqueBytes;
import org.hvref.channel.protocol.OpenChannel;
import org.hvref.channel.protocol.OpenChannelResult;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RelidReleased;
import org.hvref.channel.protocol.RequestOffers;
import org.hvref.channel.protocol.RescindChannelOffer;
import org.hvref.channel.protocol.Unload;
import org.hvref.channel.protocol.VersionResponse;
import org.hvref.memory.GuestMemory;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.ChannelTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/**
 * Trace validation of the real {@link VmbusServer} against {@code TraceVmbusChannel} (channel/CONTRACT.md): a scripted
 * guest records the Guest* events of the contract in the server's tracer, before each message it posts and after
 * each reply it handles, so host and guest events form one linearization that TLC must accept.
 */
class VmbusServerTraceTest {
    private static final UUID NET = UUID.fromString("f8615163-df3e-46c5-913f-f2d2f965ed0e");
    private static final int RING = 0xE1E10;

    /** A device whose open answer the script chooses (null = success at once). */
    private static final class Device implements HostDevice {
        CompletableFuture<Integer> answer;

        @Override
        public CompletableFuture<Integer> open(OpenRequest request, HostChannelRings rings) {
            return answer != null ? answer : CompletableFuture.completedFuture(0);
        }

        @Override
        public void close() {
            // nothing to stop
        }
    }

    /** The scripted guest: records its events, posts, and pops the host's replies. */
    private static final class Guest {
        final RecordingTracer tracer = new RecordingTracer();
        final List<byte[]> inbox = new ArrayList<>();
        final VmbusServer server = new VmbusServer(HostConfig.of(WindowsHost.WINDOWS_SERVER_2022), inbox::add,
                GuestMemory.heap(128), tracer, (relid, vp) -> () -> { });
        ProtocolVersion version = ProtocolVersion.WIN10_V5_3;

        void send(int port, ChannelMessage m, String event, Object... fields) {
            byte[] b = ChannelMessageCodec.encode(m, version);
            synchronized (tracer.lock()) {
                tracer.record(event, map(fields));
            }
            server.receive(port, b, b.length);
        }

        void send(ChannelMessage m, String event, Object... fields) {
            send(1, m, event, fields);
        }

        /** Pops the next host message, checks it, records the guest's receive event. */
        ChannelMessage rcv(ChannelMessage expected, String event, Object... fields) {
            assertTrue(!inbox.isEmpty(), "no host message (expected: " + expected + ")");
            byte[] b = inbox.remove(0);
            ChannelMessage m = ChannelMessageCodec.decode(b, b.length, version);
            if (expected != null) {
                assertEquals(expected, m);
            }
            synchronized (tracer.lock()) {
                tracer.record(event, map(fields));
            }
            return m;
        }

        void contact(ProtocolVersion v, boolean accepted) {
            version = v;
            send(4, InitiateContact.of(v, 0, 2, 0, 0, 0, 0, null), "GuestSendInitiateContact", "v", v.code());
            VersionResponse r = (VersionResponse) rcv(null, "GuestRcvVersionResponse", "v", v.code(), "ok",
                    accepted);
            assertEquals(accepted, r.versionSupported());
            if (!accepted) {
                version = ProtocolVersion.WIN10_V5_3;
            }
        }

        void requestOffers(int... relids) {
            send(new RequestOffers(), "GuestSendRequestOffers");
            for (int r : relids) {
                OfferChannel o = (OfferChannel) rcv(null, "GuestRcvOffer", "r", r);
                assertEquals(r, o.childRelid());
            }
            rcv(null, "GuestRcvAllOffersDelivered");
        }

        /** A one-range GPADL of {@code pages} pages from {@code pfn}, in 26 + 28·k fragments. */
        void gpadl(int relid, int handle, long pfn, int pages, boolean ok) {
            List<Long> values = new ArrayList<>();
            values.add((long) pages * 4096);
            for (int i = 0; i < pages; i++) {
                values.add(pfn + i);
            }
            int first = Math.min(27, values.size());
            int bodies = (values.size() - first + 27) / 28;
            send(new GpadlHeader(relid, handle, values.size() * 8, 1, values.subList(0, first)),
                    "GuestSendGpadlHeader", "r", relid, "h", handle, "n", bodies);
            for (int at = first; at < values.size(); at += 28) {
                send(new GpadlBody(0, handle, values.subList(at, Math.min(values.size(), at + 28))),
                        "GuestSendGpadlBody", "h", handle);
            }
            rcv(new GpadlCreated(relid, handle, ok ? 0 : VmbusServer.STATUS_UNSUCCESSFUL), "GuestRcvGpadlCreated",
                    "r", relid, "h", handle, "ok", ok);
        }

        void open(int relid, int handle) {
            send(new OpenChannel(relid, relid, handle, 0, 4, OpaqueBytes.zeros(120), null), "GuestSendOpenChannel",
                    "r", relid, "h", handle);
        }

        List<Map<String, Object>> trace() {
            return tracer.events().stream().map(TraceEvent::toRecord).toList();
        }
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Connect (Copper refused), offers, GPADL in 3 messages, open, modify, close, teardown, rescind, release,
     * re-offer of the released relid, unload and reconnect. */
    private static List<Map<String, Object>> fullSession() {
        Guest g = new Guest();
        g.server.addChannel(HostChannelConfig.of(NET, new UUID(1, 1)), new Device());
        g.server.addChannel(HostChannelConfig.of(NET, new UUID(1, 2)), new Device());
        g.contact(ProtocolVersion.COPPER, false);
        g.contact(ProtocolVersion.WIN10_V5_3, true);
        g.requestOffers(1, 2);
        g.gpadl(1, RING, 20, 60, true);
        g.open(1, RING);
        g.rcv(new OpenChannelResult(1, 1, 0), "GuestRcvOpenResult", "r", 1, "ok", true);
        g.send(new ModifyChannel(1, 1), "GuestSendModifyChannel", "r", 1);
        g.rcv(new ModifyChannelResponse(1, 0), "GuestRcvModifyChannelResponse", "r", 1, "ok", true);
        g.send(new CloseChannel(1), "GuestSendCloseChannel", "r", 1);
        g.send(new GpadlTeardown(1, RING), "GuestSendGpadlTeardown", "h", RING);
        g.rcv(new GpadlTorndown(RING), "GuestRcvGpadlTorndown", "h", RING);
        g.gpadl(2, 7, 90, 8, true);
        g.server.rescind(2);
        g.rcv(new RescindChannelOffer(2), "GuestRcvRescind", "r", 2);
        g.send(new RelidReleased(2), "GuestSendRelidReleased", "r", 2);
        g.server.addChannel(HostChannelConfig.of(NET, new UUID(1, 3)), new Device());
        g.rcv(null, "GuestRcvOffer", "r", 2);
        g.send(new Unload(), "GuestSendUnload");
        g.rcv(null, "GuestRcvUnloadResponse");
        g.contact(ProtocolVersion.COPPER, false);
        g.contact(ProtocolVersion.WIN10_V5_3, true);
        g.requestOffers(1, 2);
        assertTrue(g.inbox.isEmpty());
        return g.trace();
    }

    /** A refused GPADL, a refused open, a rescind while opening (no result), release. */
    private static List<Map<String, Object>> refusalsAndRescind() {
        Guest g = new Guest();
        Device d = new Device();
        g.server.addChannel(HostChannelConfig.of(NET, new UUID(2, 1)), d);
        g.contact(ProtocolVersion.WIN10_V5_3, true);
        g.requestOffers(1);
        // byte offset 4096: the host refuses the GPADL (answered, not dropped)
        g.send(new GpadlHeader(1, 5, 16, 1, List.of((4096L << 32) | 8, 1L)), "GuestSendGpadlHeader", "r", 1, "h", 5,
                "n", 0);
        g.rcv(new GpadlCreated(1, 5, VmbusServer.STATUS_UNSUCCESSFUL), "GuestRcvGpadlCreated", "r", 1, "h", 5, "ok",
                false);
        g.gpadl(1, 6, 20, 8, true);
        d.answer = CompletableFuture.completedFuture(0xC0000001);
        g.open(1, 6);
        g.rcv(new OpenChannelResult(1, 1, 0xC0000001), "GuestRcvOpenResult", "r", 1, "ok", false);
        d.answer = new CompletableFuture<>();
        g.open(1, 6);
        g.server.rescind(1);
        g.rcv(new RescindChannelOffer(1), "GuestRcvRescind", "r", 1);
        d.answer.complete(0);
        assertTrue(g.inbox.isEmpty(), "no OPEN_RESULT after the rescind");
        g.send(new RelidReleased(1), "GuestSendRelidReleased", "r", 1);
        assertTrue(g.server.errors().size() == 1, "only the refused GPADL: " + g.server.errors());
        return g.trace();
    }

    @Test
    void hostTracesShouldBeBehavioursOfTheChannelSpec() {
        List<List<Map<String, Object>>> traces = List.of(fullSession(), refusalsAndRescind());
        try (SpecFiles files = SpecFiles.materialize()) {
            TraceVerdict v = new ChannelTraceValidator(TlcRunner.usingClasspath(), files).validate(traces);
            TraceVerdict.Accepted a = assertInstanceOf(TraceVerdict.Accepted.class, v, v.toString());
            assertEquals(2, a.traces());
            assertEquals(traces.get(0).size() + traces.get(1).size(), a.events());
        }
    }
}
