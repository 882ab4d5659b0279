package org.hvref.channel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hvref.channel.protocol.FeatureFlags;
import org.hvref.channel.protocol.InitiateContact;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RequestOffers;
import org.hvref.channel.protocol.Unload;
import org.hvref.channel.protocol.UnloadResponse;
import org.hvref.channel.protocol.VersionResponse;
import org.junit.jupiter.api.Test;

/** Version negotiation, connection ids, contact fields, unload and reconnect (vmbus-core.md §1.5, §2.2, §3). */
class VmbusServerConnectTest {

    private static VersionResponse accepted(ProtocolVersion v, int features) {
        boolean copper = v.isAtLeast(ProtocolVersion.COPPER);
        return new VersionResponse(copper ? VersionResponse.Form.COPPER : VersionResponse.Form.BASIC, true, 0,
                v.isAtLeast(ProtocolVersion.WIN10_V5) ? 1 : v.code(), features, 0, 0);
    }

    private static final VersionResponse REFUSED =
            new VersionResponse(VersionResponse.Form.BASIC, false, 0, 0, 0, 0, 0);

    @Test
    void shouldAcceptEveryVersionOnACopperHost() {
        for (ProtocolVersion v : ProtocolVersion.values()) {
            ScriptedGuest g = new ScriptedGuest(WindowsHost.COPPER);
            g.version = v;
            g.post(ScriptedGuest.contactPort(v), ScriptedGuest.contact(v, 0));
            g.expect(accepted(v, 0));
            g.expectNothing();
            assertEquals(v, g.server.connection().orElseThrow().version());
            assertEquals(List.of("HostRcvInitiateContact[v=" + v.code() + ", ok=true]"), g.events());
        }
    }

    @Test
    void shouldRefuseVersionsNewerThanTheEmulatedWindowsHost() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.WINDOWS_8_1);
        for (ProtocolVersion v : List.of(ProtocolVersion.WIN10_V5_3, ProtocolVersion.WIN10_V4_1,
                ProtocolVersion.WIN10)) {
            g.post(ScriptedGuest.contact(v, 0));
            g.expect(REFUSED);
            assertTrue(g.server.connection().isEmpty());
        }
        g.version = ProtocolVersion.WIN8_1;
        g.post(ScriptedGuest.contact(ProtocolVersion.WIN8_1, 0));
        g.expect(accepted(ProtocolVersion.WIN8_1, 0));
        assertEquals("HostRcvInitiateContact[v=" + ProtocolVersion.WIN10_V5_3.code() + ", ok=false]",
                g.events().get(0));
    }

    @Test
    void shouldRefuseAVersionCodeNoWindowsReleaseHas() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.COPPER);
        g.post(new InitiateContact(0x00070000, 0, 0, 0, 0, null));
        g.expect(REFUSED);
        assertEquals(List.of("HostRcvInitiateContact[v=458752, ok=false]"), g.events());
    }

    @Test
    void shouldRefuseEveryVersionAHostWasNotConfiguredFor() {
        ScriptedGuest g = new ScriptedGuest(new HostConfig(java.util.Set.of(ProtocolVersion.WIN8_1), 0, 1, 1));
        g.post(ScriptedGuest.contact(ProtocolVersion.WIN8, 0));
        g.expect(REFUSED);
        g.version = ProtocolVersion.WIN8_1;
        g.post(ScriptedGuest.contact(ProtocolVersion.WIN8_1, 0));
        g.expect(accepted(ProtocolVersion.WIN8_1, 0));
    }

    @Test
    void shouldNegotiateTheIntersectionOfFeatures() {
        ScriptedGuest g = new ScriptedGuest(HostConfig.of(WindowsHost.COPPER)
                .withFeatures(FeatureFlags.GUEST_SPECIFIED_SIGNAL_PARAMETERS | FeatureFlags.CONFIDENTIAL_CHANNELS));
        g.version = ProtocolVersion.COPPER;
        g.post(4, ScriptedGuest.contact(ProtocolVersion.COPPER, FeatureFlags.GUEST_SPECIFIED_SIGNAL_PARAMETERS
                | FeatureFlags.CHANNEL_INTERRUPT_REDIRECTION | FeatureFlags.PAUSE_RESUME));
        g.expect(accepted(ProtocolVersion.COPPER, FeatureFlags.GUEST_SPECIFIED_SIGNAL_PARAMETERS));
        assertEquals(FeatureFlags.GUEST_SPECIFIED_SIGNAL_PARAMETERS, g.server.connection().orElseThrow().features());
    }

    @Test
    void shouldKeepTheClientIdOfACopperContact() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.COPPER);
        g.version = ProtocolVersion.COPPER;
        java.util.UUID id = new java.util.UUID(1, 2);
        g.post(4, InitiateContact.of(ProtocolVersion.COPPER, 0, 2, 0, FeatureFlags.CLIENT_ID, 0, 0, id));
        g.expect(accepted(ProtocolVersion.COPPER, FeatureFlags.CLIENT_ID));
        assertEquals(id, g.server.connection().orElseThrow().clientId());
    }

    @Test
    void shouldTakeTheSintFromAMulticlientContactOnly() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.COPPER);
        g.version = ProtocolVersion.WIN10_V5_3;
        g.post(4, InitiateContact.of(ProtocolVersion.WIN10_V5_3, 1, 5, 0, 0, 0, 0, null));
        g.expect(accepted(ProtocolVersion.WIN10_V5_3, 0));
        assertEquals(5, g.server.connection().orElseThrow().messageSint());
        assertEquals(1, g.server.connection().orElseThrow().targetVp());
        g.post(1, InitiateContact.of(ProtocolVersion.WIN10_V5_3, 0, 5, 0, 0, 0, 0, null));
        g.expect(accepted(ProtocolVersion.WIN10_V5_3, 0));
        assertEquals(HostConnection.VMBUS_SINT, g.server.connection().orElseThrow().messageSint());
    }

    @Test
    void shouldDropAContactOnAConnectionIdThatIsNotAMessagePort() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.COPPER);
        g.post(3, ScriptedGuest.contact(ProtocolVersion.WIN8_1, 0));
        g.expectNothing();
        g.expectError(HostError.BAD_CONNECTION_ID, "initiate contact connection id: 3 (expected: 1 or 4)");
        assertEquals(List.of("HostRcvInitiateContact[v=196608, ok=false, err=BadConnectionId]"), g.events());
    }

    @Test
    void shouldDropAContactOnTheMulticlientPortOfAPre50Host() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.WINDOWS_10_1709);
        g.post(4, ScriptedGuest.contact(ProtocolVersion.WIN10, 0));
        g.expectNothing();
        g.expectError(HostError.BAD_CONNECTION_ID, "initiate contact connection id: 4 (expected: 1)");
    }

    @Test
    void shouldFailAContactWithOneMonitorPage() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.COPPER);
        g.version = ProtocolVersion.WIN10_V5_3;
        g.post(4, InitiateContact.of(ProtocolVersion.WIN10_V5_3, 0, 2, 0, 0, 0x10000, 0, null));
        g.expect(new VersionResponse(VersionResponse.Form.BASIC, true, 2, 1, 0, 0, 0));
        g.expectError(HostError.BAD_CONTACT,
                "initiate contact monitor pages: 0x10000, 0x0 (expected: both or neither)");
        assertTrue(g.server.connection().isEmpty());
        assertEquals(List.of("HostRcvInitiateContact[v=327683, ok=false, err=BadContact]"), g.events());
    }

    @Test
    void shouldReportAContactFailureAsUnsupportedBeforeWin8() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.COPPER);
        g.version = ProtocolVersion.WIN7;
        g.post(new InitiateContact(ProtocolVersion.WIN7.code(), 0, 0, 0, 0, null));
        g.expect(new VersionResponse(VersionResponse.Form.BASIC, false, 0, ProtocolVersion.WIN7.code(), 0, 0, 0));
        g.expectError(HostError.BAD_CONTACT,
                "initiate contact interrupt page: 0 at WIN7(1.1) (expected: a GPA below 2.4)");
    }

    @Test
    void shouldFailAContactWhoseTargetVcpuDoesNotExist() {
        ScriptedGuest g = new ScriptedGuest(HostConfig.of(WindowsHost.WINDOWS_8_1).withVpCount(2));
        g.version = ProtocolVersion.WIN8_1;
        g.post(new InitiateContact(ProtocolVersion.WIN8_1.code(), 2, 0, 0, 0, null));
        g.expect(new VersionResponse(VersionResponse.Form.BASIC, true, 2, ProtocolVersion.WIN8_1.code(), 0, 0, 0));
        g.expectError(HostError.BAD_CONTACT, "initiate contact target vcpu: 2 (expected: < 2)");
    }

    @Test
    void shouldDropAMessageBeforeContact() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.COPPER);
        g.post(new RequestOffers());
        g.expectNothing();
        g.expectError(HostError.MALFORMED,
                "message type REQUESTOFFERS(0x03) before contact: not allowed (expected: version >= WS2008(0.13))");
        assertEquals(List.of(), g.events());
    }

    @Test
    void shouldDropAMessageOnAnotherConnectionIdAfterContact() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.COPPER);
        g.connect(ProtocolVersion.WIN10_V5_3);
        g.post(4, new RequestOffers());
        g.expectNothing();
        g.expectError(HostError.BAD_CONNECTION_ID,
                "message REQUESTOFFERS(0x03) connection id: 4 (expected: 1)");
    }

    @Test
    void shouldAnswerUnloadAndAcceptAReconnect() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.WINDOWS_SERVER_2022);
        g.connect(ProtocolVersion.WIN10_V5_3);
        g.post(new Unload());
        g.expect(new UnloadResponse());
        assertTrue(g.server.connection().isEmpty());
        g.connect(ProtocolVersion.WIN10_V5_2);
        assertEquals(List.of("HostRcvInitiateContact[v=327683, ok=true]", "HostRcvUnload[]",
                "HostRcvInitiateContact[v=327682, ok=true]"), g.events());
    }

    @Test
    void shouldNotAnswerUnloadAtWs2008() {
        ScriptedGuest g = new ScriptedGuest(WindowsHost.WINDOWS_SERVER_2008);
        g.connect(ProtocolVersion.WS2008);
        g.post(new Unload());
        g.expectNothing();
        assertFalse(g.server.connection().isPresent());
    }
}
