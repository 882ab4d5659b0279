package org.hvref.channel.guest;

import static org.hvref.channel.guest.ScriptedHost.assertFailsWith;
import static org.hvref.channel.guest.ScriptedHost.offer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.hvref.channel.protocol.AllOffersDelivered;
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageError;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.GpadlTorndown;
import org.hvref.channel.protocol.InitiateContact;
import org.hvref.channel.protocol.MalformedChannelMessageException;
import org.hvref.channel.protocol.ModifyChannelResponse;
import org.hvref.channel.protocol.OpaqueBytes;
import org.hvref.channel.protocol.OpenChannel;
import org.hvref.channel.protocol.OpenChannelResult;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RequestOffers;
import org.hvref.channel.protocol.RescindChannelOffer;
import org.hvref.channel.protocol.UnloadResponse;
import org.hvref.channel.protocol.VersionResponse;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/** One test per validation of a host message: exact typed error, trace {@code err}, and the client keeps working. */
class VmbusClientHostileTest {

    private static ScriptedHost readyWith(int... relids) {
        ScriptedHost host = new ScriptedHost();
        host.ready(java.util.Arrays.stream(relids).mapToObj(ScriptedHost::offer)
                .toArray(org.hvref.channel.protocol.OfferChannel[]::new));
        return host;
    }

    private static void assertDropped(ScriptedHost host, ChannelMessage m, GuestError reason, String text) {
        int before = host.tracer.size();
        GuestProtocolException e = assertThrows(GuestProtocolException.class, () -> host.reply(m));
        assertEquals(reason, e.reason());
        assertEquals(text, e.getMessage());
        host.expectNothing();
        if (reason == GuestError.UNEXPECTED_MESSAGE) {
            assertEquals(before, host.tracer.size(), "no spec event for a message the spec does not model");
        } else {
            assertEquals(before + 1, host.tracer.size());
            TraceEvent last = host.lastEvent();
            assertEquals(reason.specTag(), last.get("err"), last::toString);
        }
    }

    /** Another channel still works: a GPADL on {@code relid} is created. */
    private static void assertStillWorks(ScriptedHost host, int relid) {
        host.answerGpadlOf(relid, 3, 0);
    }

    @Test
    void shouldDropAnOfferBeforeRequestOffers() {
        ScriptedHost host = new ScriptedHost();
        host.client.connect();
        host.acceptContact();
        assertDropped(host, offer(5), GuestError.BAD_CHANNEL_STATE,
                "offer relid=5 in state CONNECTED (expected: REQUESTING or READY)");
        CompletableFuture<List<org.hvref.channel.protocol.OfferChannel>> offers = host.client.requestOffers();
        host.expect(RequestOffers.class);
        host.reply(offer(5));
        host.reply(new AllOffersDelivered());
        assertEquals(List.of(offer(5)), offers.join());
    }

    @Test
    void shouldDropAnOfferWithARelidAboveTheMaximum() {
        ScriptedHost host = readyWith(1);
        assertDropped(host, offer(2048), GuestError.UNKNOWN_RELID, "offer relid: 2048 (expected: 1..2047)");
        assertDropped(host, offer(-1), GuestError.UNKNOWN_RELID, "offer relid: 4294967295 (expected: 1..2047)");
        assertStillWorks(host, 1);
    }

    @Test
    void shouldDropAnOfferForALiveRelid() {
        ScriptedHost host = readyWith(1, 2);
        assertDropped(host, offer(1, ScriptedHost.SCSI, new UUID(9, 9), 0), GuestError.DUPLICATE_RELID,
                "offer relid: 1 (expected: not live; released by RELID_RELEASED first)");
        assertEquals(ScriptedHost.NET, host.client.offer(1).orElseThrow().interfaceType());
        assertStillWorks(host, 2);
    }

    @Test
    void shouldDropAnOfferWithANilGuid() {
        ScriptedHost host = readyWith(1);
        assertDropped(host, offer(5, new UUID(0, 0), new UUID(1, 1), 0), GuestError.BAD_CHANNEL_STATE,
                "offer relid=5 guids: 00000000-0000-0000-0000-000000000000/00000000-0000-0001-0000-000000000001"
                        + " (expected: non-nil)");
        assertStillWorks(host, 1);
    }

    @Test
    void shouldDropADuplicatePrimaryOffer() {
        ScriptedHost host = readyWith(1);
        assertDropped(host, offer(5, ScriptedHost.NET, new UUID(0x1000, 1), 0), GuestError.DUPLICATE_RELID,
                "offer relid=5 key: " + ScriptedHost.NET + "/00000000-0000-1000-0000-000000000001/0"
                        + " (expected: not live, held by relid 1)");
        assertStillWorks(host, 1);
    }

    @Test
    void shouldDropASubchannelOfferWithoutItsPrimary() {
        ScriptedHost host = readyWith(1);
        assertDropped(host, offer(5, ScriptedHost.SCSI, new UUID(4, 4), 1), GuestError.BAD_CHANNEL_STATE,
                "sub-channel offer relid=5 index=1: no live primary (expected: the primary offered first)");
        assertStillWorks(host, 1);
    }

    @Test
    void shouldDropARescindForAnUnknownRelid() {
        ScriptedHost host = readyWith(1);
        assertDropped(host, new RescindChannelOffer(9), GuestError.UNKNOWN_RELID,
                "rescind relid: 9 (expected: a live channel)");
        assertStillWorks(host, 1);
    }

    @Test
    void shouldDropASecondRescind() {
        ScriptedHost host = readyWith(1, 2);
        host.open(1, 4, 2);
        host.reply(new RescindChannelOffer(1));
        assertDropped(host, new RescindChannelOffer(1), GuestError.BAD_CHANNEL_STATE,
                "rescind relid=1: already rescinded (expected: one rescind per offer)");
        assertStillWorks(host, 2);
    }

    @Test
    void shouldDropASecondAllOffersDelivered() {
        ScriptedHost host = readyWith(1);
        assertDropped(host, new AllOffersDelivered(), GuestError.UNEXPECTED_RESPONSE,
                "all offers delivered in state READY (expected: REQUESTING)");
        assertStillWorks(host, 1);
    }

    @Test
    void shouldDropAVersionResponseWhenNotContacting() {
        ScriptedHost host = readyWith(1);
        assertDropped(host, new VersionResponse(VersionResponse.Form.BASIC, true, 0, 1, 0, 0, 0),
                GuestError.UNEXPECTED_RESPONSE, "version response in state READY (expected: CONTACTING)");
        assertStillWorks(host, 1);
    }

    @Test
    void shouldFailTheConnectionOnAnInvalidMessageConnectionId() {
        ScriptedHost host = new ScriptedHost();
        CompletableFuture<ProtocolVersion> connected = host.client.connect();
        host.expect(InitiateContact.class);
        host.version = ProtocolVersion.COPPER;
        assertDropped(host, new VersionResponse(VersionResponse.Form.BASIC, true, 0, 0x1000000, 0, 0, 0),
                GuestError.UNEXPECTED_RESPONSE,
                "version response message connection id: 0x1000000 (expected: 0x1..0xffffff)");
        assertFailsWith(GuestProtocolException.class, connected);
        assertEquals(ConnectionState.FAILED, host.client.state());
        host.client.connect();
        assertEquals(ProtocolVersion.COPPER, host.acceptContact());
    }

    @Test
    void shouldDropAGpadlCreatedForAnUnknownHandle() {
        ScriptedHost host = readyWith(1);
        assertDropped(host, new GpadlCreated(1, 0x99, 0), GuestError.UNEXPECTED_RESPONSE,
                "gpadl created relid=1 handle=0x99: unknown handle (expected: a GPADL being created for that relid)");
        assertStillWorks(host, 1);
    }

    @Test
    void shouldDropAGpadlCreatedForTheWrongRelid() {
        ScriptedHost host = readyWith(1, 2);
        CompletableFuture<Integer> created = host.client.createGpadl(1, new long[] {1});
        GpadlHeader h = host.expect(GpadlHeader.class);
        assertDropped(host, new GpadlCreated(2, h.gpadl(), 0), GuestError.UNEXPECTED_RESPONSE,
                "gpadl created relid=2 handle=0xe1e10: state CREATING relid 1"
                        + " (expected: a GPADL being created for that relid)");
        host.reply(new GpadlCreated(1, h.gpadl(), 0));
        assertEquals(h.gpadl(), created.join());
    }

    @Test
    void shouldDropASecondGpadlCreated() {
        ScriptedHost host = readyWith(1);
        int handle = host.answerGpadlOf(1, 1, 0);
        assertDropped(host, new GpadlCreated(1, handle, 0), GuestError.UNEXPECTED_RESPONSE,
                "gpadl created relid=1 handle=0xe1e10: state CREATED relid 1"
                        + " (expected: a GPADL being created for that relid)");
        assertStillWorks(host, 1);
    }

    @Test
    void shouldDropAGpadlTorndownNobodyAskedFor() {
        ScriptedHost host = readyWith(1);
        int handle = host.answerGpadlOf(1, 1, 0);
        assertDropped(host, new GpadlTorndown(handle), GuestError.UNEXPECTED_RESPONSE,
                "gpadl torndown handle=0xe1e10: state CREATED (expected: a GPADL being torn down)");
        assertDropped(host, new GpadlTorndown(0x99), GuestError.UNEXPECTED_RESPONSE,
                "gpadl torndown handle=0x99: unknown handle (expected: a GPADL being torn down)");
        assertStillWorks(host, 1);
    }

    @Test
    void shouldDropAnOpenResultForAnUnknownRelid() {
        ScriptedHost host = readyWith(1);
        assertDropped(host, new OpenChannelResult(9, 9, 0), GuestError.UNKNOWN_RELID,
                "open result relid: 9 (expected: a live channel)");
        assertStillWorks(host, 1);
    }

    @Test
    void shouldDropAnOpenResultForAChannelNotOpening() {
        ScriptedHost host = readyWith(1);
        assertDropped(host, new OpenChannelResult(1, 1, 0), GuestError.UNEXPECTED_RESPONSE,
                "open result relid=1: state OFFERED (expected: OPENING)");
        assertStillWorks(host, 1);
    }

    @Test
    void shouldDropAnOpenResultWithTheWrongOpenId() {
        ScriptedHost host = readyWith(1);
        CompletableFuture<OpenedChannel> opened = host.client.open(1, ScriptedHost.ringGpns(4), 2, 0, null);
        host.answerGpadl(0);
        host.expect(OpenChannel.class);
        assertDropped(host, new OpenChannelResult(1, 7, 0), GuestError.UNEXPECTED_RESPONSE,
                "open result relid=1 open id: 7 (expected: 1)");
        host.reply(new OpenChannelResult(1, 1, 0));
        assertEquals(1, opened.join().relid());
    }

    @Test
    void shouldDropAModifyResponseNobodyAskedFor() {
        ScriptedHost host = readyWith(1);
        assertDropped(host, new ModifyChannelResponse(1, 0), GuestError.UNEXPECTED_RESPONSE,
                "modify channel response relid=1: no modify outstanding (expected: a modify outstanding)");
        assertDropped(host, new ModifyChannelResponse(9, 0), GuestError.UNKNOWN_RELID,
                "modify channel response relid=9: unknown relid (expected: a modify outstanding)");
        assertStillWorks(host, 1);
    }

    @Test
    void shouldDropAnUnloadResponseWhenNotUnloading() {
        ScriptedHost host = readyWith(1);
        assertDropped(host, new UnloadResponse(), GuestError.UNEXPECTED_RESPONSE,
                "unload response in state READY (expected: UNLOADING)");
        assertStillWorks(host, 1);
    }

    @Test
    void shouldDropAGuestToHostMessageType() {
        ScriptedHost host = readyWith(1);
        assertDropped(host, new OpenChannel(1, 1, 1, 0, 2, OpaqueBytes.zeros(120), null),
                GuestError.UNEXPECTED_MESSAGE,
                "host message type: OPENCHANNEL(0x05) (expected: a host-to-guest type the guest handles)");
        assertStillWorks(host, 1);
    }

    @Test
    void shouldRejectMalformedBytesWithoutAnEvent() {
        ScriptedHost host = readyWith(1);
        int before = host.tracer.size();
        MalformedChannelMessageException e = assertThrows(MalformedChannelMessageException.class,
                () -> host.client.receive(new byte[] {2, 0, 0, 0}, 4));
        assertEquals(ChannelMessageError.TOO_SHORT, e.reason());
        byte[] shortRescind = {2, 0, 0, 0, 0, 0, 0, 0, 1, 0};
        e = assertThrows(MalformedChannelMessageException.class, () -> host.client.receive(shortRescind, 10));
        assertEquals(ChannelMessageError.BAD_SIZE, e.reason());
        assertEquals(before, host.tracer.size());
        assertTrue(host.client.channelState(1).isPresent());
        assertStillWorks(host, 1);
    }
}
