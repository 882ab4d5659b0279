package org.hvref.channel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.hvref.channel.protocol.AllOffersDelivered;
import org.hvref.channel.protocol.FeatureFlags;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.channel.protocol.OpaqueBytes;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RequestOffers;
import org.junit.jupiter.api.Test;

/** REQUESTOFFERS, hot-add, sub-channels and offer fields (vmbus-core.md §2.2, §2.3, §4.3, §8). */
class VmbusServerOfferTest {

    private static OfferChannel offer(HostChannelConfig c, int relid, boolean win7) {
        return new OfferChannel(c.interfaceType(), c.interfaceInstance(), 0, 0, c.flags(), c.mmioMegabytes(),
                c.userDefined(), c.subChannelIndex(), 0, relid, c.monitorId(), c.monitorAllocated() ? 1 : 0,
                win7 ? 1 : 0, win7 ? c.connectionIdFor(relid) : 0);
    }

    @Test
    void shouldOfferEveryChannelThenAllOffersDelivered() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.WINDOWS_SERVER_2022);
        byte[] user = new byte[120];
        user[0] = 4;
        HostChannelConfig a = HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE)
                .withMmioMegabytes(16).withFlags(0x10).withUserDefined(OpaqueBytes.of(user)).withMonitor(3);
        HostChannelConfig b = HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE2).withConnectionId(0x77);
        assertEquals(1, g.server.addChannel(a, new TestDevice()));
        assertEquals(2, g.server.addChannel(b, new TestDevice()));
        g.connect(ProtocolVersion.WIN10_V5_3);
        g.post(new RequestOffers());
        g.expect(offer(a, 1, true));
        g.expect(offer(b, 2, true));
        g.expect(new AllOffersDelivered());
        g.expectNothing();
        assertEquals(0x2001, a.connectionIdFor(1));
        assertEquals(List.of("HostRcvInitiateContact[v=327683, ok=true]", "HostRcvRequestOffers[]"), g.events());
        assertEquals(HostChannelState.CLOSED, g.server.channelState(1).orElseThrow());
    }

    @Test
    void shouldSendThe190ByteOfferAtWs2008() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.WINDOWS_SERVER_2008);
        HostChannelConfig a = HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE);
        g.server.addChannel(a, new TestDevice());
        g.connect(ProtocolVersion.WS2008);
        g.post(new RequestOffers());
        assertEquals(190, g.inbox.get(0).length);
        g.expect(offer(a, 1, false));
        g.expect(new AllOffersDelivered());
    }

    @Test
    void shouldOfferAHotAddedChannelAtOnce() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.WINDOWS_SERVER_2019);
        g.connect(ProtocolVersion.WIN10_V5_2);
        HostChannelConfig a = HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE);
        g.server.addChannel(a, new TestDevice());
        g.expectNothing(); // not before REQUESTOFFERS
        g.post(new RequestOffers());
        g.expect(offer(a, 1, true));
        g.expect(new AllOffersDelivered());
        HostChannelConfig b = HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE2);
        assertEquals(2, g.server.addChannel(b, new TestDevice()));
        g.expect(offer(b, 2, true));
        assertEquals("HostSendOffer[r=2]", g.events().get(g.events().size() - 1));
    }

    @Test
    void shouldOfferSubChannelsWithTheirPrimarysGuidsAfterThePrimaries() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.WINDOWS_SERVER_2022);
        HostChannelConfig primary = HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE);
        g.server.addChannel(primary, new TestDevice());
        g.server.addChannel(primary.subChannel(1), new TestDevice());
        HostChannelConfig other = HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE2);
        g.server.addChannel(other, new TestDevice());
        g.connect(ProtocolVersion.WIN10_V5_3);
        List<OfferChannel> offers = g.requestOffers();
        assertEquals(List.of(1, 3, 2), offers.stream().map(OfferChannel::childRelid).toList());
        assertEquals(1, offers.get(2).subChannelIndex());
        assertEquals(ScriptedGuest.INSTANCE, offers.get(2).interfaceInstance());
        g.server.addChannel(primary.subChannel(2), new TestDevice());
        OfferChannel hot = (OfferChannel) g.next();
        assertEquals(2, hot.subChannelIndex());
        assertEquals(4, hot.childRelid());
    }

    @Test
    void shouldRefuseASubChannelWithoutPrimaryAndADuplicate() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.COPPER);
        HostChannelConfig primary = HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.server.addChannel(primary.subChannel(1), new TestDevice()));
        assertEquals("sub-channel 1 of " + ScriptedGuest.INSTANCE + ": no primary (expected: primary registered "
                + "first, §8)", e.getMessage());
        g.server.addChannel(primary, new TestDevice());
        assertThrows(IllegalArgumentException.class, () -> g.server.addChannel(primary, new TestDevice()));
    }

    @Test
    void shouldDropASecondRequestOffers() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.COPPER);
        g.server.addChannel(HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE), new TestDevice());
        g.connect(ProtocolVersion.COPPER);
        g.requestOffers();
        g.post(new RequestOffers());
        g.expectNothing();
        g.expectError(HostError.BAD_CHANNEL_STATE,
                "request offers: already answered on this connection (expected: once per connection)");
        assertEquals("HostRcvRequestOffers[err=BadChannelState]", g.events().get(g.events().size() - 1));
    }

    @Test
    void shouldClearConfidentialOfferFlagsUnlessNegotiated() {
        HostChannelConfig a = HostChannelConfig.of(ScriptedGuest.NET, ScriptedGuest.INSTANCE).withFlags(0x1F);
        ScriptedGuest plain = new ScriptedGuest(WindowsHost.COPPER);
        plain.server.addChannel(a, new TestDevice());
        plain.connect(ProtocolVersion.COPPER);
        assertEquals(0x11, plain.requestOffers().get(0).flags());
        ScriptedGuest conf = new ScriptedGuest(HostConfig.of(WindowsHost.COPPER)
                .withFeatures(FeatureFlags.CONFIDENTIAL_CHANNELS | FeatureFlags.GPA_PINNING));
        conf.server.addChannel(a, new TestDevice());
        conf.version = ProtocolVersion.COPPER;
        conf.post(4, ScriptedGuest.contact(ProtocolVersion.COPPER,
                FeatureFlags.CONFIDENTIAL_CHANNELS | FeatureFlags.GPA_PINNING));
        conf.next();
        assertEquals(0x1F, conf.requestOffers().get(0).flags());
    }
}
