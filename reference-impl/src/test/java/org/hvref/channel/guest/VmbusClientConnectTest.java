package org.hvref.channel.guest;

import static org.hvref.channel.guest.ScriptedHost.assertFailsWith;
import static org.hvref.channel.guest.ScriptedHost.failure;
import static org.hvref.channel.guest.ScriptedHost.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hvref.channel.protocol.FeatureFlags;
import org.hvref.channel.protocol.InitiateContact;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RequestOffers;
import org.hvref.channel.protocol.VersionResponse;
import org.hvref.trace.TraceEvent;
import org.junit.jupiter.api.Test;

class VmbusClientConnectTest {

    @Test
    void shouldTryVersionsNewestFirstEachOnTheConnectionIdItRequires() {
        ScriptedHost host = new ScriptedHost();
        CompletableFuture<ProtocolVersion> connected = host.client.connect();
        List<ProtocolVersion> tried = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            InitiateContact c = host.expect(InitiateContact.class);
            ProtocolVersion v = ProtocolVersion.fromCode(c.versionRequested());
            tried.add(v);
            boolean multiclient = v.isAtLeast(ProtocolVersion.WIN10_V5);
            assertEquals(multiclient ? 4 : 1, host.lastConnectionId, () -> v + " connection id");
            assertEquals(multiclient ? 2 : 0x1000, multiclient ? c.msgSint() : c.interruptPage(),
                    () -> v + " sint or interrupt page");
            assertEquals(0x2000, c.parentToChildMonitorPage());
            assertEquals(0x3000, c.childToParentMonitorPage());
            host.reply(new VersionResponse(VersionResponse.Form.BASIC, false, 0, 0, 0, 0, 0));
        }
        assertEquals(List.of(ProtocolVersion.COPPER, ProtocolVersion.WIN10_V5_3, ProtocolVersion.WIN10_V5_2,
                ProtocolVersion.WIN10_V5_1, ProtocolVersion.WIN10_V5, ProtocolVersion.WIN10_V4_1,
                ProtocolVersion.WIN10), tried);
        // 3.0 goes to connection id 1 with the interrupt page
        InitiateContact c = host.expect(InitiateContact.class);
        assertEquals(ProtocolVersion.WIN8_1.code(), c.versionRequested());
        assertEquals(1, host.lastConnectionId);
        assertEquals(0x1000, c.interruptPage());
        host.version = ProtocolVersion.WIN8_1;
        host.reply(new VersionResponse(VersionResponse.Form.BASIC, true, 0, ProtocolVersion.WIN8_1.code(), 0, 0, 0));
        assertEquals(ProtocolVersion.WIN8_1, join(connected));
        assertEquals(ConnectionState.CONNECTED, host.client.state());
        assertEquals(1, host.client.messageConnectionId());
        List<Object> versions = host.events(GuestActions.SEND_INITIATE_CONTACT).stream().map(e -> e.get("v")).toList();
        assertEquals(8, versions.size());
        assertEquals(ProtocolVersion.COPPER.code(), versions.get(0));
        assertEquals(ProtocolVersion.WIN8_1.code(), versions.get(7));
        TraceEvent last = host.lastEvent();
        assertEquals(GuestActions.RCV_VERSION_RESPONSE, last.action());
        assertEquals(ProtocolVersion.WIN8_1.code(), last.get("v"));
        assertEquals(true, last.get("ok"));
        host.client.requestOffers();
        host.expect(RequestOffers.class);
        assertEquals(1, host.lastConnectionId);
    }

    @Test
    void shouldPostLaterMessagesOnTheConnectionIdTheHostReturnsFrom5_0() {
        ScriptedHost host = new ScriptedHost();
        CompletableFuture<ProtocolVersion> connected = host.client.connect();
        host.refuseContact();
        host.expect(InitiateContact.class);
        host.version = ProtocolVersion.WIN10_V5_3;
        host.reply(new VersionResponse(VersionResponse.Form.BASIC, true, 0, 0x42, 0, 0, 0));
        assertEquals(ProtocolVersion.WIN10_V5_3, join(connected));
        assertEquals(0x42, host.client.messageConnectionId());
        host.client.requestOffers();
        host.expect(RequestOffers.class);
        assertEquals(0x42, host.lastConnectionId);
    }

    @Test
    void shouldFailConnectWithATypedExceptionWhenEveryVersionIsRefused() {
        ScriptedHost host = new ScriptedHost(ClientConfig.defaults(0x1000)
                .withVersions(List.of(ProtocolVersion.WIN10, ProtocolVersion.WIN8_1)));
        CompletableFuture<ProtocolVersion> connected = host.client.connect();
        assertEquals(ProtocolVersion.WIN10, host.refuseContact());
        assertEquals(ProtocolVersion.WIN8_1, host.refuseContact());
        host.expectNothing();
        assertFailsWith(NoCommonVersionException.class, connected);
        assertEquals("versions refused: [WIN10(4.0), WIN8_1(3.0)] (expected: the host to accept one)",
                failure(connected).getMessage());
        assertEquals(ConnectionState.FAILED, host.client.state());
        host.client.connect();
        assertEquals(ProtocolVersion.WIN10, host.acceptContact());
        assertEquals(ConnectionState.CONNECTED, host.client.state());
    }

    @Test
    void shouldTryTheNextOlderVersionWhenConnectionId4HasNoPort() {
        ScriptedHost host = new ScriptedHost(ClientConfig.defaults(0x1000).withVersions(
                List.of(ProtocolVersion.COPPER, ProtocolVersion.WIN10_V5_3, ProtocolVersion.WIN10_V4_1)));
        host.ports = id -> id != 4;
        CompletableFuture<ProtocolVersion> connected = host.client.connect();
        assertEquals(ProtocolVersion.WIN10_V4_1, host.acceptContact());
        assertEquals(1, host.lastConnectionId);
        assertEquals(ProtocolVersion.WIN10_V4_1, join(connected));
        assertEquals(3, host.events(GuestActions.SEND_INITIATE_CONTACT).size());
    }

    @Test
    void shouldRequestCopperFeaturesAndKeepOnlyThoseTheHostSupports() {
        int requested = FeatureFlags.GUEST_SPECIFIED_SIGNAL_PARAMETERS | FeatureFlags.CHANNEL_INTERRUPT_REDIRECTION;
        ScriptedHost host = new ScriptedHost(ClientConfig.defaults(0x1000).withFeatureFlags(requested));
        CompletableFuture<ProtocolVersion> connected = host.client.connect();
        InitiateContact c = host.expect(InitiateContact.class);
        assertEquals(requested, c.featureFlags());
        assertNull(c.clientId());
        host.version = ProtocolVersion.COPPER;
        host.reply(new VersionResponse(VersionResponse.Form.COPPER, true, 0, 1,
                FeatureFlags.GUEST_SPECIFIED_SIGNAL_PARAMETERS | FeatureFlags.MODIFY_CONNECTION, 0, 0));
        assertEquals(ProtocolVersion.COPPER, join(connected));
        assertEquals(FeatureFlags.GUEST_SPECIFIED_SIGNAL_PARAMETERS, host.client.features());
    }

    @Test
    void shouldSendNoFeatureFlagsBelowCopper() {
        ScriptedHost host = new ScriptedHost(ClientConfig.defaults(0x1000)
                .withVersions(List.of(ProtocolVersion.WIN10_V5_3))
                .withFeatureFlags(FeatureFlags.GUEST_SPECIFIED_SIGNAL_PARAMETERS));
        host.client.connect();
        InitiateContact c = host.expect(InitiateContact.class);
        assertEquals(0, c.featureFlags());
    }

    @Test
    void shouldRefuseToConnectTwice() {
        ScriptedHost host = new ScriptedHost();
        host.client.connect();
        IllegalStateException e = assertThrows(IllegalStateException.class, host.client::connect);
        assertEquals("client state: CONTACTING (expected: IDLE, FAILED or UNLOADED)", e.getMessage());
    }
}
