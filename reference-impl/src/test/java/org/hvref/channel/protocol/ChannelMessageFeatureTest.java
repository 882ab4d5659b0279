package org.hvref.channel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The feature rules of the codec (vmbus-core.md §2.1–§2.3): messages and fields that need a negotiated Copper
 * feature, checked by {@link ChannelMessageCodec#decode(byte[], int, ProtocolVersion, FeatureFlags)} and
 * {@link ChannelMessageCodec#encode(ChannelMessage, ProtocolVersion, FeatureFlags)}, and {@link FeatureFlags} itself.
 */
class ChannelMessageFeatureTest {
    private static final ProtocolVersion V6 = ProtocolVersion.COPPER;
    private static final FeatureFlags ALL = FeatureFlags.of(FeatureFlags.KNOWN);

    private static MalformedChannelMessageException rejected(byte[] bytes, FeatureFlags negotiated) {
        MalformedChannelMessageException e = assertThrows(MalformedChannelMessageException.class,
            () -> ChannelMessageCodec.decode(bytes, bytes.length, V6, negotiated));
        assertEquals(ChannelMessageError.FEATURE_NOT_NEGOTIATED, e.reason());
        return e;
    }

    @Test
    void shouldRefuseModifyConnectionWithoutFeature0x4() {
        byte[] request = ChannelMessageCodec.encode(new ModifyConnection(0x5000, 0x6000), V6);
        byte[] response = ChannelMessageCodec.encode(new ModifyConnectionResponse(0), V6);
        FeatureFlags without = FeatureFlags.of(ALL.bits() & ~FeatureFlags.MODIFY_CONNECTION);
        MalformedChannelMessageException e = rejected(request, without);
        assertEquals("message type MODIFY_CONNECTION(0x19): needs FeatureFlags[0x4: MODIFY_CONNECTION] (expected: "
            + "negotiated features FeatureFlags[0xfb: GUEST_SPECIFIED_SIGNAL_PARAMETERS|CHANNEL_INTERRUPT_REDIRECTION|"
            + "CLIENT_ID|CONFIDENTIAL_CHANNELS|PAUSE_RESUME|SERVER_SPECIFIED_MONITOR_PAGES|GPA_PINNING] to include it)",
            e.getMessage());
        rejected(response, FeatureFlags.NONE);
        FeatureFlags with = FeatureFlags.of(FeatureFlags.MODIFY_CONNECTION);
        assertEquals(new ModifyConnection(0x5000, 0x6000), ChannelMessageCodec.decode(request, request.length, V6,
            with));
        assertEquals(new ModifyConnectionResponse(0), ChannelMessageCodec.decode(response, response.length, V6,
            with));
        // the three-argument decode does not check features
        assertEquals(new ModifyConnection(0x5000, 0x6000), ChannelMessageCodec.decode(request, request.length, V6));
        assertThrows(IllegalArgumentException.class,
            () -> ChannelMessageCodec.encode(new ModifyConnection(1, 2), V6, without));
        assertEquals(request.length, ChannelMessageCodec.encode(new ModifyConnection(0x5000, 0x6000), V6, with)
            .length);
    }

    @Test
    void shouldRefuseAVersionResponseGrantingFeaturesNotRequested() {
        VersionResponse granted = new VersionResponse(VersionResponse.Form.COPPER, true, 0, 0x12, 0x5, 0, 0);
        byte[] bytes = ChannelMessageCodec.encode(granted, V6);
        assertEquals(granted, ChannelMessageCodec.decode(bytes, bytes.length, V6, FeatureFlags.of(0x7)));
        assertEquals(granted, ChannelMessageCodec.decode(bytes, bytes.length, V6, FeatureFlags.of(0x5)));
        MalformedChannelMessageException e = rejected(bytes, FeatureFlags.of(0x1));
        assertTrue(e.getMessage().startsWith("version response supported features: FeatureFlags[0x5: "),
            e.getMessage());

        VersionResponse pages = new VersionResponse(VersionResponse.Form.COPPER_MONITOR_PAGES, true, 0, 0x12,
            FeatureFlags.SERVER_SPECIFIED_MONITOR_PAGES, 0x7000, 0x8000);
        byte[] forty = ChannelMessageCodec.encode(pages, V6);
        assertEquals(40, forty.length);
        rejected(forty, FeatureFlags.of(FeatureFlags.CLIENT_ID));
        assertEquals(pages, ChannelMessageCodec.decode(forty, forty.length, V6,
            FeatureFlags.of(FeatureFlags.SERVER_SPECIFIED_MONITOR_PAGES)));
    }

    @Test
    void shouldReadTheOpenChannelExtensionOnlyAsFarAsItsFeaturesWereNegotiated() {
        OpenChannel.Extension ext = new OpenChannel.Extension(0x1234, 7, 0x3);
        OpenChannel open = new OpenChannel(5, 5, 9, 0, 2, OpaqueBytes.zeros(OpenChannelDescriptor.USER_DATA_LENGTH),
            ext);
        byte[] bytes = ChannelMessageCodec.encode(open, V6);
        assertEquals(OpenChannelDescriptor.LENGTH_WITH_EXTENSION, bytes.length);

        assertEquals(open, ChannelMessageCodec.decode(bytes, bytes.length, V6, ALL));
        OpenChannel signalOnly = (OpenChannel) ChannelMessageCodec.decode(bytes, bytes.length, V6,
            FeatureFlags.of(FeatureFlags.GUEST_SPECIFIED_SIGNAL_PARAMETERS));
        assertEquals(new OpenChannel.Extension(0x1234, 7, 0x2), signalOnly.extension(), "no redirect bit");
        OpenChannel redirectOnly = (OpenChannel) ChannelMessageCodec.decode(bytes, bytes.length, V6,
            FeatureFlags.of(FeatureFlags.CHANNEL_INTERRUPT_REDIRECTION));
        assertEquals(new OpenChannel.Extension(0, 0, 0x3), redirectOnly.extension(), "no signal parameters");
        OpenChannel neither = (OpenChannel) ChannelMessageCodec.decode(bytes, bytes.length, V6, FeatureFlags.NONE);
        assertFalse(neither.hasExtension());
        assertNull(neither.extension());
        assertEquals(open.userData(), neither.userData());
    }

    @Test
    void shouldInterpretOfferFlagsOnlyWithTheirFeatures() {
        OfferChannel offer = new OfferChannel(UUID.randomUUID(), UUID.randomUUID(), 0, 0, 0x1 | 0x2 | 0x4 | 0x8, 0,
            OpaqueBytes.zeros(OfferChannelDescriptor.USER_DEFINED_LENGTH), 0, 0, 1, 0, 0, 0, 0);
        assertEquals(0x1, offer.flagsWith(FeatureFlags.NONE));
        assertEquals(0x7, offer.flagsWith(FeatureFlags.of(FeatureFlags.CONFIDENTIAL_CHANNELS)));
        assertEquals(0x9, offer.flagsWith(FeatureFlags.of(FeatureFlags.GPA_PINNING)));
        assertEquals(0xF, offer.flags(), "the raw value stays");
        assertFalse(offer.confidentialRingBuffer(FeatureFlags.NONE));
        assertTrue(offer.confidentialRingBuffer(FeatureFlags.of(FeatureFlags.CONFIDENTIAL_CHANNELS)));
        assertTrue(offer.confidentialExternalMemory(FeatureFlags.of(FeatureFlags.CONFIDENTIAL_CHANNELS)));
        assertFalse(offer.requirePinnedExternalMemory(FeatureFlags.of(FeatureFlags.CONFIDENTIAL_CHANNELS)));
        assertTrue(offer.requirePinnedExternalMemory(FeatureFlags.of(FeatureFlags.GPA_PINNING)));
    }

    @Test
    void shouldBehaveAsASetOfNamedBits() {
        FeatureFlags f = FeatureFlags.of(0x100 | FeatureFlags.CLIENT_ID | FeatureFlags.MODIFY_CONNECTION);
        assertTrue(f.clientId() && f.modifyConnection());
        assertFalse(f.guestSpecifiedSignalParameters() || f.channelInterruptRedirection() || f.confidentialChannels()
            || f.pauseResume() || f.serverSpecifiedMonitorPages() || f.gpaPinning());
        assertTrue(f.reservedBitsSet());
        assertEquals(FeatureFlags.of(0xC), f.withUnsupportedCleared());
        assertFalse(f.withUnsupportedCleared().reservedBitsSet());
        assertEquals(FeatureFlags.of(0x8), f.intersect(FeatureFlags.of(0x9)));
        assertTrue(FeatureFlags.of(0x8).isSubsetOf(f));
        assertFalse(f.isSubsetOf(FeatureFlags.of(0x8)));
        assertEquals("FeatureFlags[0x10c: MODIFY_CONNECTION|CLIENT_ID|reserved 0x100]", f.toString());
        assertEquals("FeatureFlags[0x0]", FeatureFlags.NONE.toString());
        assertTrue(FeatureFlags.NONE.contains(0));
        f.require(FeatureFlags.CLIENT_ID, "client id");
        MalformedChannelMessageException e = assertThrows(MalformedChannelMessageException.class,
            () -> f.require(FeatureFlags.GPA_PINNING, "pinning"));
        assertEquals("pinning: needs FeatureFlags[0x80: GPA_PINNING] (expected: negotiated features "
            + "FeatureFlags[0x10c: MODIFY_CONNECTION|CLIENT_ID|reserved 0x100] to include it)", e.getMessage());
    }

    @Test
    void shouldListTheRequiredFeaturesInTheCatalog() {
        for (ChannelMessageCatalog.Entry<?> entry : ChannelMessageCatalog.entries()) {
            boolean modifyConnection = entry.type().equals(ChannelMessageType.MODIFY_CONNECTION)
                || entry.type().equals(ChannelMessageType.MODIFY_CONNECTION_RESPONSE);
            assertEquals(modifyConnection ? FeatureFlags.MODIFY_CONNECTION : 0, entry.requiredFeatures(),
                entry.type().toString());
            assertEquals(!modifyConnection, entry.allowedWith(FeatureFlags.NONE));
        }
    }
}
