package org.hvref.channel.guest;

import static org.hvref.channel.guest.ScriptedHost.assertFailsWith;
import static org.hvref.channel.guest.ScriptedHost.offer;
import static org.hvref.channel.guest.ScriptedHost.pfns;
import static org.hvref.channel.guest.ScriptedHost.ringGpns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.InitiateContact;
import org.hvref.channel.protocol.OpenChannel;
import org.hvref.channel.protocol.OpenChannelResult;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RescindChannelOffer;
import org.hvref.channel.protocol.Unload;
import org.hvref.channel.protocol.UnloadResponse;
import org.junit.jupiter.api.Test;

class VmbusClientUnloadTest {

    @Test
    void shouldFailOutstandingRequestsAndDropEverythingButUnloadResponseWhileUnloading() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1), offer(2));
        host.open(1, 4, 2);
        CompletableFuture<Integer> gpadl = host.client.createGpadl(2, pfns(2));
        GpadlHeader h = host.expect(GpadlHeader.class);
        CompletableFuture<Void> unloaded = host.client.unload();
        host.expect(Unload.class);
        assertEquals(ConnectionState.UNLOADING, host.client.state());
        assertFailsWith(ConnectionUnloadedException.class, gpadl);
        host.reply(new GpadlCreated(2, h.gpadl(), 0));
        host.reply(new RescindChannelOffer(1));
        host.reply(offer(3));
        assertEquals(List.of(GuestActions.DROP_MESSAGE, GuestActions.DROP_MESSAGE, GuestActions.DROP_MESSAGE),
                host.actions().subList(host.actions().size() - 3, host.actions().size()));
        host.expectNothing();
        assertFalse(unloaded.isDone());
        host.reply(new UnloadResponse());
        assertTrue(unloaded.isDone() && !unloaded.isCompletedExceptionally());
        assertEquals(ConnectionState.UNLOADED, host.client.state());
        assertEquals(List.of(), host.client.liveGpadls());
        assertEquals(List.of(), host.client.offers());
        assertEquals(Optional.empty(), host.client.negotiatedVersion());
        assertEquals(GuestActions.RCV_UNLOAD_RESPONSE, host.lastEvent().action());
    }

    @Test
    void shouldFailAPendingOpenAtUnload() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        CompletableFuture<OpenedChannel> opened = host.client.open(1, ringGpns(4), 2, 0, null);
        host.answerGpadl(0);
        host.expect(OpenChannel.class);
        host.client.unload();
        host.expect(Unload.class);
        assertFailsWith(ConnectionUnloadedException.class, opened);
        host.reply(new OpenChannelResult(1, 1, 0));
        assertEquals(GuestActions.DROP_MESSAGE, host.lastEvent().action());
    }

    @Test
    void shouldReconnectWithTheNewestVersionAfterUnload() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        host.client.unload();
        host.expect(Unload.class);
        host.reply(new UnloadResponse());
        host.version = null;
        CompletableFuture<ProtocolVersion> again = host.client.connect();
        InitiateContact c = host.expect(InitiateContact.class);
        assertEquals(ProtocolVersion.COPPER.code(), c.versionRequested());
        host.version = ProtocolVersion.COPPER;
        host.reply(new org.hvref.channel.protocol.VersionResponse(
                org.hvref.channel.protocol.VersionResponse.Form.BASIC, true, 0, 1, 0, 0, 0));
        assertTrue(again.isDone());
        host.client.requestOffers();
        host.expect(org.hvref.channel.protocol.RequestOffers.class);
        host.reply(offer(1));
        host.reply(new org.hvref.channel.protocol.AllOffersDelivered());
        host.open(1, 4, 2);
        assertEquals(2, host.events(GuestActions.RCV_ALL_OFFERS_DELIVERED).size());
    }

    @Test
    void shouldRefuseUnloadWhenNotConnectedOrBefore1_1() {
        ScriptedHost host = new ScriptedHost();
        IllegalStateException e = assertThrows(IllegalStateException.class, host.client::unload);
        assertEquals("client state: IDLE (expected: READY)", e.getMessage());
        ScriptedHost old = new ScriptedHost(ClientConfig.defaults(0x1000).withVersions(List.of(ProtocolVersion.WS2008)));
        old.ready();
        e = assertThrows(IllegalStateException.class, old.client::unload);
        assertEquals("unload at WS2008(0.13): no UNLOAD_RESPONSE (expected: >= 1.1)", e.getMessage());
    }
}
