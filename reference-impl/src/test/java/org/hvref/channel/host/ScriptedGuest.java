package org.hvref.channel.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.hvref.channel.protocol.AllOffersDelivered;
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.GpadlBody;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.InitiateContact;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.channel.protocol.OpaqueBytes;
import org.hvref.channel.protocol.OpenChannel;
import org.hvref.channel.protocol.OpenChannelResult;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RequestOffers;
import org.hvref.channel.protocol.VersionResponse;
import org.hvref.memory.GuestMemory;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;

/** Test helper: a guest that posts encoded messages to a {@link VmbusServer} and checks its replies byte by byte. */
final class ScriptedGuest {
    static final UUID NET = UUID.fromString("f8615163-df3e-46c5-913f-f2d2f965ed0e");
    static final UUID INSTANCE = UUID.fromString("11111111-2222-3333-4444-555555555555");
    static final UUID INSTANCE2 = UUID.fromString("66666666-2222-3333-4444-555555555555");
    static final long P2C = 0x10000;
    static final long C2P = 0x11000;

    final List<byte[]> inbox = new ArrayList<>();
    final RecordingTracer tracer = new RecordingTracer();
    final GuestMemory memory = GuestMemory.heap(256);
    final VmbusServer server;
    ProtocolVersion version = ProtocolVersion.WS2008;

    ScriptedGuest(HostConfig config) {
        server = new VmbusServer(config, inbox::add, memory, tracer, GuestSignalFactory.NONE);
    }

    ScriptedGuest(WindowsHost host) {
        this(HostConfig.of(host));
    }

    /** Posts on connection id 1. */
    void post(ChannelMessage m) {
        post(HostConfig.MESSAGE_CONNECTION_ID, m);
    }

    void post(int connectionId, ChannelMessage m) {
        byte[] b = ChannelMessageCodec.encode(m, version);
        server.receive(connectionId, b, b.length);
    }

    void postRaw(byte[] b) {
        server.receive(HostConfig.MESSAGE_CONNECTION_ID, b, b.length);
    }

    /** The next host message must be exactly {@code expected} encoded at the current version. */
    void expect(ChannelMessage expected) {
        assertFalse(inbox.isEmpty(), () -> "no message from the host (expected: " + expected + ")");
        byte[] got = inbox.remove(0);
        assertArrayEquals(ChannelMessageCodec.encode(expected, version), got,
                () -> "expected " + expected + ", got " + ChannelMessageCodec.decode(got, got.length, version));
    }

    /** Decodes the next host message at the current version. */
    ChannelMessage next() {
        assertFalse(inbox.isEmpty(), "no message from the host");
        byte[] got = inbox.remove(0);
        return ChannelMessageCodec.decode(got, got.length, version);
    }

    void expectNothing() {
        assertTrue(inbox.isEmpty(), () -> inbox.size() + " unexpected host messages, first "
                + ChannelMessageCodec.decode(inbox.get(0), inbox.get(0).length, version));
    }

    /** The newest refusal must have this reason and exact message. */
    void expectError(HostError reason, String message) {
        List<HostProtocolException> errors = server.errors();
        assertFalse(errors.isEmpty(), "no error recorded");
        HostProtocolException e = errors.get(errors.size() - 1);
        assertEquals(reason, e.reason());
        assertEquals(message, e.getMessage());
    }

    /** The contact a Linux-like guest sends for {@code v} (port 4 from 5.0, interrupt page below 2.4). */
    static InitiateContact contact(ProtocolVersion v, int features) {
        if (v.isAtLeast(ProtocolVersion.WIN10_V5)) {
            return InitiateContact.of(v, 0, 2, 0, v.isAtLeast(ProtocolVersion.COPPER) ? features : 0, P2C, C2P,
                    null);
        }
        return new InitiateContact(v.code(), 0, 0x12000, P2C, C2P, null);
    }

    static int contactPort(ProtocolVersion v) {
        return v.isAtLeast(ProtocolVersion.WIN10_V5) ? HostConfig.MULTICLIENT_CONNECTION_ID
                : HostConfig.MESSAGE_CONNECTION_ID;
    }

    /** Connects at {@code v} and checks the acceptance. */
    void connect(ProtocolVersion v) {
        version = v;
        post(contactPort(v), contact(v, 0));
        VersionResponse r = (VersionResponse) next();
        assertTrue(r.versionSupported(), "accepted");
        assertEquals(0, r.connectionState());
    }

    /** REQUESTOFFERS; returns the offers up to ALLOFFERS_DELIVERED. */
    List<OfferChannel> requestOffers() {
        post(new RequestOffers());
        List<OfferChannel> offers = new ArrayList<>();
        while (true) {
            ChannelMessage m = next();
            if (m instanceof AllOffersDelivered) {
                return offers;
            }
            offers.add((OfferChannel) m);
        }
    }

    /** Posts a single-range GPADL (offset 0, whole pages) as header + bodies, without reading the reply. */
    void postGpadl(int relid, int handle, long[] pfns) {
        List<Long> values = new ArrayList<>();
        values.add((long) pfns.length * GuestMemory.PAGE_SIZE);
        for (long p : pfns) {
            values.add(p);
        }
        postRanges(relid, handle, 1, values);
    }

    /** Posts a range buffer as header (up to 27 values) + bodies (28 each). */
    void postRanges(int relid, int handle, int rangeCount, List<Long> values) {
        int first = Math.min(27, values.size());
        post(new GpadlHeader(relid, handle, values.size() * 8, rangeCount, values.subList(0, first)));
        for (int at = first; at < values.size(); at += 28) {
            post(new GpadlBody(0, handle, values.subList(at, Math.min(values.size(), at + 28))));
        }
    }

    /** Creates a GPADL of {@code pages} consecutive pages starting at {@code firstPfn} and expects success. */
    long[] createGpadl(int relid, int handle, long firstPfn, int pages) {
        long[] pfns = new long[pages];
        Arrays.setAll(pfns, i -> firstPfn + i);
        postGpadl(relid, handle, pfns);
        expect(new GpadlCreated(relid, handle, 0));
        return pfns;
    }

    static OpenChannel open(int relid, int handle, int downstream, int targetVp) {
        return new OpenChannel(relid, relid, handle, targetVp, downstream, OpaqueBytes.zeros(120), null);
    }

    /** Connects, requests offers, creates an 8-page ring GPADL and opens {@code relid} with 4+4 pages. */
    void openChannel(int relid, int handle, long firstPfn) {
        createGpadl(relid, handle, firstPfn, 8);
        post(open(relid, handle, 4, 0));
        expect(new OpenChannelResult(relid, relid, 0));
    }

    /** @return the recorded events rendered {@code Name{k=v, ...}} */
    List<String> events() {
        return tracer.events().stream().map(ScriptedGuest::render).toList();
    }

    static String render(TraceEvent e) {
        return e.toString();
    }
}
