package org.hvref.channel.protocol;

import static org.hvref.channel.protocol.ProtocolVersion.COPPER;
import static org.hvref.channel.protocol.ProtocolVersion.WIN10;
import static org.hvref.channel.protocol.ProtocolVersion.WIN10_V5_2;
import static org.hvref.channel.protocol.ProtocolVersion.WIN10_V5_3;
import static org.hvref.channel.protocol.ProtocolVersion.WIN7;
import static org.hvref.channel.protocol.ProtocolVersion.WIN8_1;
import static org.hvref.channel.protocol.ProtocolVersion.WS2008;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The size column of vmbus-core.md §2.1, every variant, and a round trip of every message. */
class ChannelMessageSizeTest {

    static final UUID A = UUID.fromString("57164f39-9115-4e78-ab55-382f3bd5422d");  // §9.1 heartbeat
    static final UUID B = UUID.fromString("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f");  // §9.1 storvsc

    /** A message, the version it is encoded at and the length §2.1 gives. */
    record Row(ChannelMessage message, ProtocolVersion version, int length) {
    }

    static List<Long> values(int n) {
        return LongStream.rangeClosed(1, n).boxed().collect(Collectors.toList());
    }

    static OfferChannel offer(int dedicated, int connectionId) {
        return new OfferChannel(A, B, 0, 0, 0x1, 0, OpaqueBytes.zeros(120), 0, 0, 1, 0xFF, 0, dedicated, connectionId);
    }

    static OpenChannel open(OpenChannel.Extension e) {
        return new OpenChannel(1, 1, 2, 0, 4, OpaqueBytes.zeros(120), e);
    }

    /** Every message type 1–26 and every size variant, with the length vmbus-core.md §2.1 gives. */
    static List<Row> rows() {
        return List.of(
            new Row(offer(1, 7), WIN7, 196),
            new Row(offer(0, 0), WS2008, 190),
            new Row(new RescindChannelOffer(1), WIN8_1, 12),
            new Row(new RequestOffers(), WIN8_1, 8),
            new Row(new AllOffersDelivered(), WIN8_1, 8),
            new Row(open(null), WIN8_1, 148),
            new Row(open(new OpenChannel.Extension(9, 1, 0)), COPPER, 156),
            new Row(new OpenChannelResult(1, 1, 0), WIN8_1, 20),
            new Row(new CloseChannel(1), WIN8_1, 12),
            new Row(new GpadlHeader(1, 2, 8 * 27, 1, values(27)), WIN8_1, 20 + 8 * 27),
            new Row(new GpadlHeader(1, 2, 16, 1, values(2)), WIN8_1, 36),
            new Row(new GpadlBody(0, 2, values(28)), WIN8_1, 240),
            new Row(new GpadlBody(0, 2, values(1)), WIN8_1, 24),
            new Row(new GpadlCreated(1, 2, 0), WIN8_1, 20),
            new Row(new GpadlTeardown(1, 2), WIN8_1, 16),
            new Row(new GpadlTorndown(2), WIN8_1, 12),
            new Row(new RelidReleased(1), WIN8_1, 12),
            new Row(new InitiateContact(WIN8_1.code(), 0, 0, 0x1000, 0x2000, null), WIN8_1, 40),
            new Row(InitiateContact.of(COPPER, 0, 2, 0, FeatureFlags.CLIENT_ID, 0, 0, A), COPPER, 56),
            new Row(new VersionResponse(VersionResponse.Form.BASIC, true, 0, 1, 0, 0, 0), WIN8_1, 16),
            new Row(new VersionResponse(VersionResponse.Form.COPPER, true, 0, 1, 0x8, 0, 0), COPPER, 20),
            new Row(new VersionResponse(VersionResponse.Form.COPPER_MONITOR_PAGES, true, 0, 1, 0x40, 0, 0x3000),
                    COPPER, 40),
            new Row(new Unload(), WIN8_1, 8),
            new Row(new UnloadResponse(), WIN8_1, 8),
            new Row(new OpenReservedChannel(1, 0, 2, 3, 4), WIN10, 28),
            new Row(new CloseReservedChannel(1, 0, 2), WIN10, 20),
            new Row(new CloseReservedResponse(1), WIN10, 12),
            new Row(new TlConnectRequest(A, B, null), WIN10, 40),
            new Row(new TlConnectRequest(A, B, A), WIN10_V5_2, 56),
            new Row(new ModifyChannel(1, 3), WIN10_V5_3, 16),
            new Row(new TlConnectResult(A, B, 0xC0000236), WIN10_V5_3, 44),
            new Row(new ModifyChannelResponse(1, 0), WIN10_V5_3, 16),
            new Row(new ModifyConnection(0x1000, 0x2000), COPPER, 24),
            new Row(new ModifyConnectionResponse(0), COPPER, 9));
    }

    @Test
    void shouldEncodeEveryVariantWithTheFactSheetLength() {
        for (Row row : rows()) {
            byte[] bytes = ChannelMessageCodec.encode(row.message(), row.version());
            assertEquals(row.length(), bytes.length, row.message().type() + " at " + row.version());
            assertTrue(bytes.length <= ChannelMessageHeaderDescriptor.MAX_MESSAGE_LENGTH);
            assertEquals(row.message().type().code(), bytes[0] & 0xFF);
        }
    }

    @Test
    void shouldRoundTripEveryMessage() {
        for (Row row : rows()) {
            byte[] bytes = ChannelMessageCodec.encode(row.message(), row.version());
            assertEquals(row.message(), ChannelMessageCodec.decode(bytes, bytes.length, row.version()));
            assertArrayEquals(bytes, ChannelMessageCodec.encode(
                    ChannelMessageCodec.decode(bytes, bytes.length, row.version()), row.version()));
        }
    }

    @Test
    void shouldCoverEveryTypeOneToTwentySixInTheTableAndTheCatalog() {
        Set<Integer> covered = rows().stream().map(r -> r.message().type().code()).collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> catalogued = ChannelMessageCatalog.entries().stream().map(e -> e.type().code())
                .collect(Collectors.toCollection(TreeSet::new));
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= 26; i++) {
            expected.add(i);
        }
        assertEquals(expected, new ArrayList<>(covered));
        assertEquals(expected, new ArrayList<>(catalogued));
    }

    @Test
    void shouldPublishTheFactSheetSizesAndPfnLimits() {
        assertEquals(196, OfferChannelDescriptor.LENGTH);
        assertEquals(190, OfferChannelDescriptor.INTERRUPT_FLAGS_OFFSET);
        assertEquals(OfferChannelDescriptor.LENGTH, OfferChannelDescriptor.CONNECTION_ID_OFFSET
                + OfferChannelDescriptor.CONNECTION_ID_LENGTH);
        assertEquals(148, OpenChannelDescriptor.USER_DATA_OFFSET + OpenChannelDescriptor.USER_DATA_LENGTH);
        assertEquals(156, OpenChannelDescriptor.EXTENSION_FLAGS_OFFSET + OpenChannelDescriptor.EXTENSION_FLAGS_LENGTH);
        assertEquals(40, InitiateContactDescriptor.CLIENT_ID_OFFSET);
        assertEquals(56, InitiateContactDescriptor.CLIENT_ID_OFFSET + InitiateContactDescriptor.CLIENT_ID_LENGTH);
        assertEquals(40, VersionResponseDescriptor.MONITOR_PAGE2_OFFSET + VersionResponseDescriptor.MONITOR_PAGE2_LENGTH);
        // (240 - 20 - 8) / 8 = 26 PFNs after the first range header; (240 - 16) / 8 = 28 in a body (§2.2).
        assertEquals(26, (ChannelMessageHeaderDescriptor.MAX_MESSAGE_LENGTH - GpadlHeaderDescriptor.RANGE_BUFFER_OFFSET - 8) / 8);
        assertEquals(GpadlHeaderDescriptor.MAX_PFNS, 26);
        assertEquals(28, (ChannelMessageHeaderDescriptor.MAX_MESSAGE_LENGTH - GpadlBodyDescriptor.PFNS_OFFSET) / 8);
        assertEquals(GpadlBodyDescriptor.MAX_PFNS, 28);
        assertEquals(236, GpadlHeaderDescriptor.MAX_LENGTH);
    }

    @Test
    void shouldRejectOneMorePfnThanTheLimitsInRecordsAndDecoder() {
        assertThrows(IllegalArgumentException.class, () -> new GpadlHeader(1, 2, 8 * 28, 1, values(28)));
        assertThrows(IllegalArgumentException.class, () -> new GpadlBody(0, 2, values(29)));
        assertThrows(IllegalArgumentException.class, () -> new GpadlBody(0, 2, Collections.emptyList()));
    }

    @Test
    void shouldRefuseToEncodeAMessageBelowItsMinimumVersion() {
        assertThrows(IllegalArgumentException.class, () -> ChannelMessageCodec.encode(new UnloadResponse(), WS2008));
        assertThrows(IllegalArgumentException.class,
                () -> ChannelMessageCodec.encode(new ModifyChannel(1, 2), WIN10));
        assertThrows(IllegalArgumentException.class,
                () -> ChannelMessageCodec.encode(new TlConnectRequest(A, B, A), WIN10));
    }

    @Test
    void shouldGateEveryTypeAtTheFactSheetMinimumVersion() {
        // vmbus-core.md §2.1 "min ver (OVMM)" column, types 1..26; null = any, even before a version is negotiated.
        ProtocolVersion[] expected = {
            WS2008, WS2008, WS2008, WS2008, WS2008, WS2008, WS2008, WS2008, WS2008,  // 1..9
            WS2008, WS2008, WS2008, WS2008, null, null, WS2008, WIN7, WIN10, null,   // 10..19
            WIN10, WIN10, ProtocolVersion.WIN10_V4_1, ProtocolVersion.WIN10_V4_1,    // 20..23
            WIN10_V5_3, COPPER, COPPER};                                             // 24..26
        for (int type = 1; type <= 26; type++) {
            ChannelMessageCatalog.Entry<?> entry = ChannelMessageCatalog.forType(type).orElseThrow();
            assertEquals(expected[type - 1], entry.minVersion(), entry.type().toString());
            assertEquals(type, entry.type().code());
        }
        assertTrue(ChannelMessageCatalog.forType(0).isEmpty());
        assertTrue(ChannelMessageCatalog.forType(27).isEmpty());
    }
}
