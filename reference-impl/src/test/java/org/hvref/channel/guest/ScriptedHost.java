package org.hvref.channel.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.IntPredicate;
import org.hvref.channel.protocol.AllOffersDelivered;
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.GpadlBody;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.InitiateContact;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.channel.protocol.OfferChannelDescriptor;
import org.hvref.channel.protocol.OpaqueBytes;
import org.hvref.channel.protocol.OpenChannel;
import org.hvref.channel.protocol.OpenChannelResult;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RequestOffers;
import org.hvref.channel.protocol.VersionResponse;
import org.hvref.memory.GuestMemory;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;

/**
 * A host played by the test: captures what the guest posts (decoding it at the host's version) and feeds encoded
 * replies to {@link VmbusClient#receive}. Also owns the guest memory, tracer and client under test.
 */
final class ScriptedHost implements HostMessageSink {
    /** Ring pages start here (page numbers); pages 1–3 hold the interrupt and monitor pages. */
    static final long RING_GPN = 16;
    static final UUID NET = UUID.fromString("f8615163-df3e-46c5-913f-f2d2f965ed0e");
    static final UUID SCSI = UUID.fromString("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f");

    /** One posted message. */
    record Posted(int connectionId, byte[] bytes) {
    }

    final GuestMemory memory = GuestMemory.heap(512);
    final RecordingTracer tracer = new RecordingTracer();
    final VmbusClient client;
    final Deque<Posted> posted = new ArrayDeque<>();
    /** Connection ids the hypervisor has ports for. */
    IntPredicate ports = id -> true;
    /** The version the host decodes and encodes at (the negotiated one). */
    ProtocolVersion version;
    int lastConnectionId;

    ScriptedHost() {
        this(ClientConfig.defaults(0x1000));
    }

    ScriptedHost(ClientConfig config) {
        client = new VmbusClient(memory, config, this, tracer);
    }

    @Override
    public boolean post(int connectionId, byte[] encodedMessage) {
        if (!ports.test(connectionId)) {
            return false;
        }
        posted.add(new Posted(connectionId, encodedMessage));
        return true;
    }

    /** @return the oldest message the guest posted, decoded */
    ChannelMessage next() {
        Posted p = posted.poll();
        if (p == null) {
            fail("guest posted nothing more");
        }
        lastConnectionId = p.connectionId();
        return version == null ? ChannelMessageCodec.decodeBeforeContact(p.bytes(), p.bytes().length)
                : ChannelMessageCodec.decode(p.bytes(), p.bytes().length, version);
    }

    <T extends ChannelMessage> T expect(Class<T> type) {
        return assertInstanceOf(type, next());
    }

    void expectNothing() {
        assertTrue(posted.isEmpty(), () -> "guest posted " + posted.size() + " more messages");
    }

    /** Encodes at the host's version and hands the message to the guest. */
    void reply(ChannelMessage m) {
        byte[] bytes = ChannelMessageCodec.encode(m, version == null ? ProtocolVersion.newest() : version);
        client.receive(bytes, bytes.length);
    }

    /** Answers the pending INITIATE_CONTACT: accepts {@code v}'s request, with message connection id 1. */
    ProtocolVersion acceptContact() {
        InitiateContact c = expect(InitiateContact.class);
        ProtocolVersion v = ProtocolVersion.fromCode(c.versionRequested());
        version = v;
        reply(new VersionResponse(VersionResponse.Form.BASIC, true, 0,
                v.isAtLeast(ProtocolVersion.WIN10_V5) ? 1 : v.code(), 0, 0, 0));
        return v;
    }

    /** Refuses the pending INITIATE_CONTACT (16-byte form). */
    ProtocolVersion refuseContact() {
        InitiateContact c = expect(InitiateContact.class);
        ProtocolVersion v = ProtocolVersion.fromCode(c.versionRequested());
        version = null;
        reply(new VersionResponse(VersionResponse.Form.BASIC, false, 0, 0, 0, 0, 0));
        return v;
    }

    /** Connects at the client's newest version, requests offers and delivers {@code offers}. */
    List<OfferChannel> ready(OfferChannel... offers) {
        CompletableFuture<ProtocolVersion> connected = client.connect();
        acceptContact();
        join(connected);
        CompletableFuture<List<OfferChannel>> all = client.requestOffers();
        expect(RequestOffers.class);
        for (OfferChannel o : offers) {
            reply(o);
        }
        reply(new AllOffersDelivered());
        return join(all);
    }

    /** Answers every GPADL message of one GPADL with GPADL_CREATED(status). */
    GpadlHeader answerGpadl(int status) {
        GpadlHeader h = expect(GpadlHeader.class);
        int values = h.values().size();
        while (values * 8 < h.rangeBufferLength()) {
            values += expect(GpadlBody.class).pfns().size();
        }
        reply(new GpadlCreated(h.childRelid(), h.gpadl(), status));
        return h;
    }

    /** Creates a GPADL of {@code pages} pages on {@code relid} and answers it; returns the handle. */
    int answerGpadlOf(int relid, int pages, int status) {
        CompletableFuture<Integer> f = client.createGpadl(relid, pfns(pages));
        GpadlHeader h = answerGpadl(status);
        if (status == 0) {
            assertEquals(h.gpadl(), join(f));
        }
        return h.gpadl();
    }

    /** Answers the GPADL and the OPENCHANNEL of an {@link VmbusClient#open} with success. */
    OpenedChannel open(int relid, int ringPages, int downstream) {
        CompletableFuture<OpenedChannel> f = client.open(relid, ringGpns(ringPages), downstream, 0, new byte[0]);
        answerGpadl(0);
        OpenChannel o = expect(OpenChannel.class);
        reply(new OpenChannelResult(o.childRelid(), o.openId(), 0));
        return join(f);
    }

    static long[] ringGpns(int pages) {
        long[] gpns = new long[pages];
        for (int i = 0; i < pages; i++) {
            gpns[i] = RING_GPN + i;
        }
        return gpns;
    }

    static long[] pfns(int count) {
        long[] pfns = new long[count];
        for (int i = 0; i < count; i++) {
            pfns[i] = 0x100 + i;
        }
        return pfns;
    }

    static OfferChannel offer(int relid, UUID type, UUID instance, int subChannelIndex) {
        return new OfferChannel(type, instance, 0, 0, 0, 0, OpaqueBytes.zeros(OfferChannelDescriptor.USER_DEFINED_LENGTH),
                subChannelIndex, 0, relid, 0xFF, 0, 1, 0x2000 | relid);
    }

    static OfferChannel offer(int relid) {
        return offer(relid, NET, new UUID(0x1000, relid), 0);
    }

    List<String> actions() {
        return tracer.events().stream().map(TraceEvent::action).toList();
    }

    List<TraceEvent> events(String action) {
        List<TraceEvent> out = new ArrayList<>();
        for (TraceEvent e : tracer.events()) {
            if (e.action().equals(action)) {
                out.add(e);
            }
        }
        return out;
    }

    TraceEvent lastEvent() {
        List<TraceEvent> all = tracer.events();
        assertFalse(all.isEmpty(), "no events");
        return all.get(all.size() - 1);
    }

    static <T> T join(CompletableFuture<T> f) {
        assertTrue(f.isDone(), "future not completed");
        try {
            return f.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        }
    }

    /** @return the exception a completed, failed future failed with */
    static Throwable failure(CompletableFuture<?> f) {
        assertTrue(f.isCompletedExceptionally(), () -> "future not failed: " + f);
        try {
            f.get();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("unreachable");
    }

    static void assertFailsWith(Class<? extends Throwable> type, CompletableFuture<?> f) {
        assertEquals(type, failure(f).getClass(), () -> "failure: " + failure(f));
    }
}
