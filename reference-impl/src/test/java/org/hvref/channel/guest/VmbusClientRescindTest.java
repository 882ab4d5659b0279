package org.hvref.channel.guest;

import static org.hvref.channel.guest.ScriptedHost.assertFailsWith;
import static org.hvref.channel.guest.ScriptedHost.failure;
import static org.hvref.channel.guest.ScriptedHost.offer;
import static org.hvref.channel.guest.ScriptedHost.pfns;
import static org.hvref.channel.guest.ScriptedHost.ringGpns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.GpadlTeardown;
import org.hvref.channel.protocol.GpadlTorndown;
import org.hvref.channel.protocol.ModifyChannel;
import org.hvref.channel.protocol.ModifyChannelResponse;
import org.hvref.channel.protocol.OpenChannel;
import org.hvref.channel.protocol.RelidReleased;
import org.hvref.channel.protocol.RescindChannelOffer;
import org.junit.jupiter.api.Test;

class VmbusClientRescindTest {

    @Test
    void shouldFailAPendingOpenOnRescindAndReleaseWithoutTeardown() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        CompletableFuture<OpenedChannel> opened = host.client.open(1, ringGpns(4), 2, 0, null);
        host.answerGpadl(0);
        host.expect(OpenChannel.class);
        host.reply(new RescindChannelOffer(1));
        assertFailsWith(ChannelRescindedException.class, opened);
        assertEquals("open relid=1: channel rescinded (expected: OPENCHANNEL_RESULT; the host never answers it now)",
                failure(opened).getMessage());
        assertEquals(1, host.expect(RelidReleased.class).childRelid());
        host.expectNothing();
        assertEquals(List.of(GuestActions.SEND_OPEN_CHANNEL, GuestActions.RCV_RESCIND, GuestActions.SEND_RELID_RELEASED),
                host.actions().subList(host.actions().size() - 3, host.actions().size()));
        assertEquals(Optional.empty(), host.client.channelState(1));
        assertEquals(List.of(), host.client.liveGpadls());
    }

    @Test
    void shouldCloseARescindedOpenChannelLocallyThenRelease() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1), offer(2));
        List<Integer> rescinded = new ArrayList<>();
        host.client.addListener(new ClientListener() {
            @Override
            public void offerRescinded(int relid) {
                rescinded.add(relid);
            }
        });
        OpenedChannel ch = host.open(1, 4, 2);
        int extra = host.answerGpadlOf(1, 2, 0);
        host.reply(new RescindChannelOffer(1));
        assertEquals(List.of(1), rescinded);
        host.expectNothing();
        assertEquals(Optional.of(ChannelState.OPEN), host.client.channelState(1));
        assertTrue(host.client.isRescinded(1));
        assertEquals(List.of(), host.client.findOffers(ScriptedHost.NET).stream()
                .filter(o -> o.childRelid() == 1).toList());
        CompletableFuture<Void> local = host.client.teardownGpadl(extra);
        assertTrue(local.isDone(), "no GPADL_TEARDOWN after a rescind: completes at once");
        host.expectNothing();
        host.client.close(1);
        assertEquals(1, host.expect(RelidReleased.class).childRelid());
        host.expectNothing();
        assertEquals(List.of(GuestActions.RCV_RESCIND, GuestActions.CLOSE_RESCINDED_CHANNEL,
                GuestActions.SEND_RELID_RELEASED), host.actions().subList(host.actions().size() - 3,
                host.actions().size()));
        assertEquals(Optional.empty(), host.client.gpadlState(ch.ringGpadl()));
        assertEquals(Optional.empty(), host.client.gpadlState(extra));
        host.open(2, 4, 2);
    }

    @Test
    void shouldSendRelidReleasedOnlyAfterAPendingGpadlIsAnswered() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        CompletableFuture<Integer> created = host.client.createGpadl(1, pfns(30));
        GpadlHeader h = host.expect(GpadlHeader.class);
        host.reply(new RescindChannelOffer(1));
        assertFalse(created.isDone());
        host.posted.clear(); // the body fragment
        host.expectNothing();
        host.reply(new GpadlCreated(1, h.gpadl(), 0));
        assertFailsWith(ChannelRescindedException.class, created);
        assertEquals(1, host.expect(RelidReleased.class).childRelid());
        assertEquals(List.of(GuestActions.RCV_GPADL_CREATED, GuestActions.SEND_RELID_RELEASED),
                host.actions().subList(host.actions().size() - 2, host.actions().size()));
        assertEquals(List.of(), host.client.liveGpadls());
    }

    @Test
    void shouldSendRelidReleasedOnlyAfterAPendingTeardownIsAnswered() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        int handle = host.answerGpadlOf(1, 1, 0);
        CompletableFuture<Void> down = host.client.teardownGpadl(handle);
        host.expect(GpadlTeardown.class);
        host.reply(new RescindChannelOffer(1));
        host.expectNothing();
        host.reply(new GpadlTorndown(handle));
        assertTrue(down.isDone());
        assertEquals(1, host.expect(RelidReleased.class).childRelid());
    }

    @Test
    void shouldSendRelidReleasedOnlyAfterAPendingModifyIsAnswered() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        host.open(1, 4, 2);
        CompletableFuture<Void> modified = host.client.modify(1, 1);
        host.expect(ModifyChannel.class);
        host.reply(new RescindChannelOffer(1));
        host.client.close(1);
        host.expectNothing();
        host.reply(new ModifyChannelResponse(1, 0));
        assertTrue(modified.isDone());
        assertEquals(1, host.expect(RelidReleased.class).childRelid());
    }

    @Test
    void shouldReleaseAClosedChannelAtOnceAndAcceptItsRelidAgainOnlyAfterwards() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        host.open(1, 4, 2);
        host.client.close(1);
        host.posted.clear();
        host.reply(new RescindChannelOffer(1));
        assertEquals(1, host.expect(RelidReleased.class).childRelid());
        host.reply(offer(1, ScriptedHost.SCSI, new java.util.UUID(3, 3), 0));
        assertEquals(ScriptedHost.SCSI, host.client.offer(1).orElseThrow().interfaceType());
        host.open(1, 4, 2);
    }

    @Test
    void shouldNotReleaseBeforeAllOffersDelivered() {
        ScriptedHost host = new ScriptedHost();
        host.client.connect();
        host.acceptContact();
        host.client.requestOffers();
        host.expect(org.hvref.channel.protocol.RequestOffers.class);
        host.reply(offer(1));
        host.reply(offer(2));
        host.reply(new RescindChannelOffer(1));
        host.expectNothing();
        host.reply(new org.hvref.channel.protocol.AllOffersDelivered());
        assertEquals(1, host.expect(RelidReleased.class).childRelid());
        assertEquals(List.of(offer(2)), host.client.offers());
    }

    @Test
    void shouldRefuseRequestsOnARescindedChannel() {
        ScriptedHost host = new ScriptedHost();
        host.ready(offer(1));
        host.open(1, 4, 2);
        host.reply(new RescindChannelOffer(1));
        assertFailsWith(ChannelRescindedException.class, host.client.createGpadl(1, new long[] {1}));
        assertFailsWith(ChannelRescindedException.class, host.client.modify(1, 1));
        assertFailsWith(ChannelRescindedException.class, host.client.open(1, ringGpns(4), 2, 0, null));
        host.expectNothing();
    }
}
