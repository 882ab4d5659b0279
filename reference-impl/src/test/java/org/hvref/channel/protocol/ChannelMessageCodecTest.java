package org.hvref.channel.protocol;

import static org.hvref.channel.protocol.ProtocolVersion.COPPER;
import static org.hvref.channel.protocol.ProtocolVersion.WIN10;
import static org.hvref.channel.protocol.ProtocolVersion.WIN10_V5_2;
import static org.hvref.channel.protocol.ProtocolVersion.WIN10_V5_3;
import static org.hvref.channel.protocol.ProtocolVersion.WIN8_1;
import static org.hvref.channel.protocol.ProtocolVersion.WS2008;
import static org.hvref.channel.protocol.Wire.concat;
import static org.hvref.channel.protocol.Wire.of;
import static org.hvref.channel.protocol.Wire.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Golden vectors for every channel message (vmbus-core.md §2.2), one comment per field, and every rejection. */
class ChannelMessageCodecTest {

    static final UUID NETVSC = UUID.fromString("f8615163-df3e-46c5-913f-f2d2f965ed0e");   // §9.1 synthetic network
    static final byte[] NETVSC_WIRE = of(0x63, 0x51, 0x61, 0xf8, 0x3e, 0xdf, 0xc5, 0x46,
            0x91, 0x3f, 0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e);
    static final UUID INSTANCE = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
    static final byte[] INSTANCE_WIRE = of(0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66,
            0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff);

    static void assertGolden(byte[] golden, ChannelMessage message, ProtocolVersion version) {
        assertArrayEquals(golden, ChannelMessageCodec.encode(message, version), "encode " + message);
        assertEquals(message, ChannelMessageCodec.decode(golden, golden.length, version), "decode");
    }

    static MalformedChannelMessageException reject(byte[] bytes, ProtocolVersion version, ChannelMessageError why) {
        MalformedChannelMessageException e = assertThrows(MalformedChannelMessageException.class,
                () -> ChannelMessageCodec.decode(bytes, bytes.length, version));
        assertEquals(why, e.reason(), e.getMessage());
        return e;
    }

    static byte[] userArea() {
        byte[] u = new byte[120];
        u[0] = 1;                                       // pipe_mode = 1 (message)
        u[4] = 0x41;                                    // first user byte 'A'
        return u;
    }

    static final byte[] OFFER_HEAD = concat(
        of(0x01, 0x00, 0x00, 0x00),                     // offset 0: msgtype = 1 OFFERCHANNEL
        of(0x00, 0x00, 0x00, 0x00),                     // offset 4: padding
        NETVSC_WIRE,                                    // offset 8: interface type f8615163-... (netvsc)
        INSTANCE_WIRE,                                  // offset 24: interface instance 00112233-...
        of(0x01, 0, 0, 0, 0, 0, 0, 0),                  // offset 40: reserved1 = 1
        of(0x02, 0, 0, 0, 0x03, 0, 0, 0),               // offset 48: reserved2 = 0x0000000300000002
        of(0x10, 0x00),                                 // offset 56: flags = 0x10 NAMED_PIPE_MODE
        of(0x08, 0x00),                                 // offset 58: mmio_megabytes = 8
        userArea(),                                     // offset 60: user-defined 120 bytes: pipe_mode 1, 'A'
        of(0x02, 0x00),                                 // offset 180: sub_channel_index = 2
        of(0x04, 0x00),                                 // offset 182: mmio_megabytes_optional = 4
        of(0x0f, 0x00, 0x00, 0x00),                     // offset 184: child_relid = 15
        of(0x05),                                       // offset 188: monitorid = 5
        of(0x01));                                      // offset 189: monitor_allocated = 1

    static final byte[] OFFER = concat(OFFER_HEAD,
        of(0x01, 0x00),                                 // offset 190: is_dedicated_interrupt = 1
        of(0x20, 0x00, 0x00, 0x00));                    // offset 192: connection_id = 0x20

    static OfferChannel offer(int dedicated, int connectionId) {
        return new OfferChannel(NETVSC, INSTANCE, 1, 0x0000000300000002L, 0x10, 8, OpaqueBytes.of(userArea()), 2, 4,
                15, 5, 1, dedicated, connectionId);
    }

    @Test
    void shouldCodeOfferChannel() {
        assertEquals(196, OFFER.length);
        assertGolden(OFFER, offer(1, 0x20), WIN8_1);
    }

    @Test
    void shouldCodeTheShortWs2008Offer() {
        assertEquals(190, OFFER_HEAD.length);
        assertGolden(OFFER_HEAD, offer(0, 0), WS2008);
        reject(OFFER_HEAD, WIN8_1, ChannelMessageError.NOT_AT_VERSION);
        assertThrows(IllegalArgumentException.class, () -> ChannelMessageCodec.encode(offer(1, 0x20), WS2008));
    }

    @Test
    void shouldCodeRescindChannelOffer() {
        assertGolden(of(
            0x02, 0, 0, 0,                              // offset 0: msgtype = 2 RESCIND_CHANNELOFFER
            0, 0, 0, 0,                                 // offset 4: padding
            0x0f, 0, 0, 0),                             // offset 8: child_relid = 15
            new RescindChannelOffer(15), WIN8_1);
    }

    @Test
    void shouldCodeHeaderOnlyMessages() {
        assertGolden(of(0x03, 0, 0, 0, 0, 0, 0, 0), new RequestOffers(), WIN8_1);       // 3 REQUESTOFFERS, padding
        assertGolden(of(0x04, 0, 0, 0, 0, 0, 0, 0), new AllOffersDelivered(), WIN8_1);  // 4 ALLOFFERS_DELIVERED
        assertGolden(of(0x10, 0, 0, 0, 0, 0, 0, 0), new Unload(), WIN8_1);              // 16 UNLOAD
        assertGolden(of(0x11, 0, 0, 0, 0, 0, 0, 0), new UnloadResponse(), WIN8_1);      // 17 UNLOAD_RESPONSE
    }

    static byte[] userData() {
        byte[] u = new byte[120];
        u[0] = 0x7f;                                    // device-defined first byte
        u[119] = (byte) 0x80;                           // device-defined last byte
        return u;
    }

    static final byte[] OPEN = concat(
        of(0x05, 0, 0, 0),                              // offset 0: msgtype = 5 OPENCHANNEL
        of(0, 0, 0, 0),                                 // offset 4: padding
        of(0x0f, 0, 0, 0),                              // offset 8: child_relid = 15
        of(0x0f, 0, 0, 0),                              // offset 12: openid = 15 (Linux: = relid)
        of(0x00, 0x10, 0, 0),                           // offset 16: ringbuffer gpadl = 0x1000
        of(0x03, 0, 0, 0),                              // offset 20: target_vp = 3
        of(0x10, 0, 0, 0),                              // offset 24: downstream page offset = 16 pages
        userData());                                    // offset 28: user data, 120 bytes (0x7f ... 0x80)

    static OpenChannel open(OpenChannel.Extension ext) {
        return new OpenChannel(15, 15, 0x1000, 3, 16, OpaqueBytes.of(userData()), ext);
    }

    @Test
    void shouldCodeOpenChannel() {
        assertEquals(148, OPEN.length);
        assertGolden(OPEN, open(null), WIN8_1);
    }

    @Test
    void shouldCodeOpenChannelWithCopperExtension() {
        byte[] golden = concat(OPEN,
            of(0x22, 0, 0, 0),                          // offset 148: connection_id = 0x22
            of(0x07, 0),                                // offset 152: event_flag = 7
            of(0x01, 0));                               // offset 154: flags = REDIRECT_INTERRUPT
        assertGolden(golden, open(new OpenChannel.Extension(0x22, 7, 1)), COPPER);
        // Below 6.0 the 156-byte form is accepted and its extension ignored (MSVM always sends it; §2.2).
        assertEquals(open(null), ChannelMessageCodec.decode(golden, golden.length, WIN8_1));
        assertThrows(IllegalArgumentException.class,
                () -> ChannelMessageCodec.encode(open(new OpenChannel.Extension(0x22, 7, 1)), WIN8_1));
    }

    @Test
    void shouldCodeOpenChannelResult() {
        assertGolden(of(
            0x06, 0, 0, 0,                              // offset 0: msgtype = 6 OPENCHANNEL_RESULT
            0, 0, 0, 0,                                 // offset 4: padding
            0x0f, 0, 0, 0,                              // offset 8: child_relid = 15
            0x0f, 0, 0, 0,                              // offset 12: openid = 15
            0x01, 0, 0, 0xc0),                          // offset 16: status = 0xC0000001
            new OpenChannelResult(15, 15, 0xC0000001), WIN8_1);
    }

    @Test
    void shouldCodeCloseChannel() {
        assertGolden(of(
            0x07, 0, 0, 0,                              // offset 0: msgtype = 7 CLOSECHANNEL
            0, 0, 0, 0,                                 // offset 4: padding
            0x0f, 0, 0, 0),                             // offset 8: child_relid = 15
            new CloseChannel(15), WIN8_1);
    }

    @Test
    void shouldCodeGpadlHeader() {
        assertGolden(of(
            0x08, 0, 0, 0,                              // offset 0: msgtype = 8 GPADL_HEADER
            0, 0, 0, 0,                                 // offset 4: padding
            0x0f, 0, 0, 0,                              // offset 8: child_relid = 15
            0x00, 0x10, 0, 0,                           // offset 12: gpadl = 0x1000
            0x18, 0x00,                                 // offset 16: range_buflen = 24 (range header + 2 pfns)
            0x01, 0x00,                                 // offset 18: rangecount = 1
            0x00, 0x20, 0, 0,                           // offset 20: range 0 byte_count = 0x2000
            0x00, 0x00, 0, 0,                           // offset 24: range 0 byte_offset = 0
            0x45, 0x23, 0x01, 0, 0, 0, 0, 0,            // offset 28: pfn 0x12345
            0x46, 0x23, 0x01, 0, 0, 0, 0, 0),           // offset 36: pfn 0x12346
            new GpadlHeader(15, 0x1000, 24, 1, List.of(0x2000L, 0x12345L, 0x12346L)), WIN8_1);
    }

    @Test
    void shouldCodeGpadlBody() {
        assertGolden(of(
            0x09, 0, 0, 0,                              // offset 0: msgtype = 9 GPADL_BODY
            0, 0, 0, 0,                                 // offset 4: padding
            0x00, 0, 0, 0,                              // offset 8: msgnumber = 0
            0x00, 0x10, 0, 0,                           // offset 12: gpadl = 0x1000
            0x47, 0x23, 0x01, 0, 0, 0, 0, 0),           // offset 16: pfn 0x12347
            new GpadlBody(0, 0x1000, List.of(0x12347L)), WIN8_1);
    }

    @Test
    void shouldCodeGpadlCreatedTeardownTorndown() {
        assertGolden(of(
            0x0a, 0, 0, 0,                              // offset 0: msgtype = 10 GPADL_CREATED
            0, 0, 0, 0,                                 // offset 4: padding
            0x0f, 0, 0, 0,                              // offset 8: child_relid = 15
            0x00, 0x10, 0, 0,                           // offset 12: gpadl = 0x1000
            0xff, 0xff, 0x00, 0x80),                    // offset 16: creation_status = 0x8000FFFF
            new GpadlCreated(15, 0x1000, 0x8000FFFF), WIN8_1);
        assertGolden(of(
            0x0b, 0, 0, 0,                              // offset 0: msgtype = 11 GPADL_TEARDOWN
            0, 0, 0, 0,                                 // offset 4: padding
            0x0f, 0, 0, 0,                              // offset 8: child_relid = 15
            0x00, 0x10, 0, 0),                          // offset 12: gpadl = 0x1000
            new GpadlTeardown(15, 0x1000), WIN8_1);
        assertGolden(of(
            0x0c, 0, 0, 0,                              // offset 0: msgtype = 12 GPADL_TORNDOWN
            0, 0, 0, 0,                                 // offset 4: padding
            0x00, 0x10, 0, 0),                          // offset 8: gpadl = 0x1000
            new GpadlTorndown(0x1000), WIN8_1);
    }

    @Test
    void shouldCodeRelidReleased() {
        assertGolden(of(
            0x0d, 0, 0, 0,                              // offset 0: msgtype = 13 RELID_RELEASED
            0, 0, 0, 0,                                 // offset 4: padding
            0x0f, 0, 0, 0),                             // offset 8: child_relid = 15
            new RelidReleased(15), WIN8_1);
    }

    static final byte[] CONTACT_COPPER = of(
        0x0e, 0, 0, 0,                                  // offset 0: msgtype = 14 INITIATE_CONTACT
        0, 0, 0, 0,                                     // offset 4: padding
        0x00, 0x00, 0x06, 0x00,                         // offset 8: version requested = 0x00060000 (6.0)
        0x01, 0, 0, 0,                                  // offset 12: target_vcpu = 1
        0x02,                                           // offset 16: msg_sint = 2
        0x00,                                           // offset 17: msg_vtl = 0
        0x00, 0x00,                                     // offset 18: reserved
        0x08, 0, 0, 0,                                  // offset 20: feature_flags = 0x8 CLIENT_ID
        0x00, 0x10, 0, 0, 0, 0, 0, 0,                   // offset 24: monitor_page1 = 0x1000
        0x00, 0x20, 0, 0, 0, 0, 0, 0);                  // offset 32: monitor_page2 = 0x2000

    @Test
    void shouldCodeInitiateContactWithClientId() {
        byte[] golden = concat(CONTACT_COPPER, INSTANCE_WIRE); // offset 40: client_id 00112233-...
        InitiateContact m = InitiateContact.of(COPPER, 1, 2, 0, FeatureFlags.CLIENT_ID, 0x1000, 0x2000, INSTANCE);
        assertGolden(golden, m, COPPER);
        assertEquals(m, ChannelMessageCodec.decodeBeforeContact(golden, golden.length));
        assertEquals(2, m.msgSint());
        assertEquals(FeatureFlags.CLIENT_ID, m.featureFlags());
        reject(CONTACT_COPPER, COPPER, ChannelMessageError.INVALID_FIELD);   // flag 0x8 without the client id
    }

    @Test
    void shouldCodeOldInitiateContactWithInterruptPage() {
        assertGolden(of(
            0x0e, 0, 0, 0,                              // offset 0: msgtype = 14 INITIATE_CONTACT
            0, 0, 0, 0,                                 // offset 4: padding
            0x00, 0x00, 0x03, 0x00,                     // offset 8: version requested = 0x00030000 (3.0)
            0x00, 0, 0, 0,                              // offset 12: target_vcpu = 0
            0x00, 0x30, 0, 0, 0, 0, 0, 0,               // offset 16: interrupt_page = 0x3000
            0x00, 0x10, 0, 0, 0, 0, 0, 0,               // offset 24: monitor_page1 = 0x1000
            0x00, 0x20, 0, 0, 0, 0, 0, 0),              // offset 32: monitor_page2 = 0x2000
            new InitiateContact(WIN8_1.code(), 0, 0x3000, 0x1000, 0x2000, null), WIN8_1);
    }

    @Test
    void shouldCodeVersionResponseInAllThreeForms() {
        byte[] basic = of(
            0x0f, 0, 0, 0,                              // offset 0: msgtype = 15 VERSION_RESPONSE
            0, 0, 0, 0,                                 // offset 4: padding
            0x01,                                       // offset 8: version_supported = 1
            0x00,                                       // offset 9: connection_state = 0 success
            0x00, 0x00,                                 // offset 10: padding
            0x04, 0, 0, 0);                             // offset 12: message connection id = 4
        assertGolden(basic, new VersionResponse(VersionResponse.Form.BASIC, true, 0, 4, 0, 0, 0), WIN10_V5_3);
        byte[] copper = concat(basic,
            of(0x0c, 0, 0, 0));                         // offset 16: supported_features = 0x4 | 0x8
        assertGolden(copper, new VersionResponse(VersionResponse.Form.COPPER, true, 0, 4, 0xc, 0, 0), COPPER);
        byte[] pages = concat(basic,
            of(0x40, 0, 0, 0),                          // offset 16: supported_features = 0x40 monitor pages
            of(0, 0, 0, 0),                             // offset 20: padding
            of(0x00, 0x50, 0, 0, 0, 0, 0, 0),           // offset 24: parent->child monitor page = 0x5000
            of(0x00, 0x60, 0, 0, 0, 0, 0, 0));          // offset 32: child->parent monitor page = 0x6000
        assertGolden(pages, new VersionResponse(VersionResponse.Form.COPPER_MONITOR_PAGES, true, 0, 4, 0x40,
                0x5000, 0x6000), COPPER);
        reject(copper, WIN10_V5_3, ChannelMessageError.NOT_AT_VERSION);
        MalformedChannelMessageException e = assertThrows(MalformedChannelMessageException.class,
                () -> ChannelMessageCodec.decodeBeforeContact(pages, pages.length));
        assertEquals(ChannelMessageError.NOT_AT_VERSION, e.reason());
    }

    @Test
    void shouldCodeReservedChannelMessages() {
        assertGolden(of(
            0x12, 0, 0, 0,                              // offset 0: msgtype = 18 OPEN_RESERVED_CHANNEL
            0, 0, 0, 0,                                 // offset 4: padding
            0x09, 0, 0, 0,                              // offset 8: channel_id = 9
            0x01, 0, 0, 0,                              // offset 12: target_vp = 1
            0x02, 0, 0, 0,                              // offset 16: target_sint = 2
            0x00, 0x30, 0, 0,                           // offset 20: ring gpadl = 0x3000
            0x04, 0, 0, 0),                             // offset 24: downstream page offset = 4
            new OpenReservedChannel(9, 1, 2, 0x3000, 4), WIN10);
        assertGolden(of(
            0x13, 0, 0, 0,                              // offset 0: msgtype = 19 CLOSE_RESERVED_CHANNEL
            0, 0, 0, 0,                                 // offset 4: padding
            0x09, 0, 0, 0,                              // offset 8: channel_id = 9
            0x01, 0, 0, 0,                              // offset 12: target_vp = 1
            0x02, 0, 0, 0),                             // offset 16: target_sint = 2
            new CloseReservedChannel(9, 1, 2), WIN8_1);
        assertGolden(of(
            0x14, 0, 0, 0,                              // offset 0: msgtype = 20 CLOSE_RESERVED_RESPONSE
            0, 0, 0, 0,                                 // offset 4: padding
            0x09, 0, 0, 0),                             // offset 8: channel_id = 9
            new CloseReservedResponse(9), WIN10);
    }

    @Test
    void shouldCodeTlConnectRequestAndResult() {
        byte[] request = concat(
            of(0x15, 0, 0, 0),                          // offset 0: msgtype = 21 TL_CONNECT_REQUEST
            of(0, 0, 0, 0),                             // offset 4: padding
            INSTANCE_WIRE,                              // offset 8: guest endpoint id 00112233-...
            NETVSC_WIRE);                               // offset 24: host service id f8615163-...
        assertGolden(request, new TlConnectRequest(INSTANCE, NETVSC, null), WIN10);
        byte[] withSilo = concat(request,
            NETVSC_WIRE);                               // offset 40: silo id f8615163-...
        assertGolden(withSilo, new TlConnectRequest(INSTANCE, NETVSC, NETVSC), WIN10_V5_2);
        reject(withSilo, WIN10, ChannelMessageError.NOT_AT_VERSION);
        byte[] result = concat(
            of(0x17, 0, 0, 0),                          // offset 0: msgtype = 23 TL_CONNECT_RESULT
            of(0, 0, 0, 0),                             // offset 4: padding
            INSTANCE_WIRE,                              // offset 8: endpoint id
            NETVSC_WIRE,                                // offset 24: service id
            of(0x36, 0x02, 0x00, 0xc0));                // offset 40: status = 0xC0000236 connection refused
        assertGolden(result, new TlConnectResult(INSTANCE, NETVSC, 0xC0000236), WIN10_V5_2);
    }

    @Test
    void shouldCodeModifyChannelAndResponse() {
        assertGolden(of(
            0x16, 0, 0, 0,                              // offset 0: msgtype = 22 MODIFYCHANNEL
            0, 0, 0, 0,                                 // offset 4: padding
            0x0f, 0, 0, 0,                              // offset 8: child_relid = 15
            0x05, 0, 0, 0),                             // offset 12: target_vp = 5
            new ModifyChannel(15, 5), WIN10_V5_3);
        assertGolden(of(
            0x18, 0, 0, 0,                              // offset 0: msgtype = 24 MODIFYCHANNEL_RESPONSE
            0, 0, 0, 0,                                 // offset 4: padding
            0x0f, 0, 0, 0,                              // offset 8: child_relid = 15
            0xff, 0xff, 0xff, 0xff),                    // offset 12: status = -1
            new ModifyChannelResponse(15, -1), WIN10_V5_3);
    }

    @Test
    void shouldCodeModifyConnectionAndResponse() {
        assertGolden(of(
            0x19, 0, 0, 0,                              // offset 0: msgtype = 25 MODIFY_CONNECTION
            0, 0, 0, 0,                                 // offset 4: padding
            0x00, 0x50, 0, 0, 0, 0, 0, 0,               // offset 8: parent->child monitor page = 0x5000
            0x00, 0x60, 0, 0, 0, 0, 0, 0),              // offset 16: child->parent monitor page = 0x6000
            new ModifyConnection(0x5000, 0x6000), COPPER);
        assertGolden(of(
            0x1a, 0, 0, 0,                              // offset 0: msgtype = 26 MODIFY_CONNECTION_RESPONSE
            0, 0, 0, 0,                                 // offset 4: padding
            0x01),                                      // offset 8: connection_state = 1 low resources
            new ModifyConnectionResponse(1), COPPER);
    }

    @Test
    void shouldRejectShortUnknownAndEarlyMessages() {
        assertEquals("message too small: 7 bytes (expected: 8+ bytes)",
                reject(zeros(7), WIN8_1, ChannelMessageError.TOO_SHORT).getMessage());
        assertEquals("message type: INVALID(0x00) (expected: 1..26)",
                reject(zeros(8), WIN8_1, ChannelMessageError.UNKNOWN_TYPE).getMessage());
        assertEquals("message type: UNKNOWN(0x1b) (expected: 1..26)",
                reject(of(0x1b, 0, 0, 0, 0, 0, 0, 0), COPPER, ChannelMessageError.UNKNOWN_TYPE).getMessage());
        reject(of(0x11, 0, 0, 0, 0, 0, 0, 0), WS2008, ChannelMessageError.NOT_AT_VERSION);  // UNLOAD_RESPONSE < 1.1
        reject(of(0x19, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), WIN10_V5_3,
                ChannelMessageError.NOT_AT_VERSION);                                       // MODIFY_CONNECTION < 6.0
        byte[] request = of(0x03, 0, 0, 0, 0, 0, 0, 0);
        assertThrows(MalformedChannelMessageException.class,
                () -> ChannelMessageCodec.decodeBeforeContact(request, request.length));
    }

    @Test
    void shouldRejectWrongSizes() {
        assertEquals("rescind channeloffer: 13 bytes (expected: 12)",
                reject(of(0x02, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0), WIN8_1, ChannelMessageError.BAD_SIZE).getMessage());
        reject(concat(OFFER, zeros(1)), WIN8_1, ChannelMessageError.BAD_SIZE);
        reject(java.util.Arrays.copyOf(OPEN, 150), WIN8_1, ChannelMessageError.BAD_SIZE);
        byte[] bodyOffGrid = concat(of(0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0), zeros(12));
        reject(bodyOffGrid, WIN8_1, ChannelMessageError.BAD_SIZE);
    }

    @Test
    void shouldRejectGpadlCountsOutOfRange() {
        byte[] body = concat(of(0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0), zeros(31 * 8));
        assertEquals("gpadl body: 31 pfns (expected: 1..28)",
                reject(body, COPPER, ChannelMessageError.BAD_COUNT).getMessage());
        byte[] emptyBody = of(0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0);
        reject(emptyBody, COPPER, ChannelMessageError.BAD_COUNT);
        byte[] header = concat(of(0x08, 0, 0, 0, 0, 0, 0, 0, 0x0f, 0, 0, 0, 0, 0x10, 0, 0, 0xe0, 0, 0x01, 0),
                zeros(28 * 8));
        assertEquals("gpadl header: 27 pfns (expected: <= 26)",
                reject(header, COPPER, ChannelMessageError.BAD_COUNT).getMessage());
        byte[] badRanges = of(
            0x08, 0, 0, 0, 0, 0, 0, 0,                  // GPADL_HEADER, padding
            0x0f, 0, 0, 0, 0x00, 0x10, 0, 0,            // relid 15, gpadl 0x1000
            0x10, 0x00,                                 // range_buflen = 16
            0x02, 0x00,                                 // rangecount = 2: two ranges cannot fit in 16 bytes
            0, 0x10, 0, 0, 0, 0, 0, 0,                  // range header
            0x01, 0, 0, 0, 0, 0, 0, 0);                 // pfn 1
        reject(badRanges, COPPER, ChannelMessageError.INVALID_FIELD);
        byte[] shortBuflen = badRanges.clone();
        shortBuflen[16] = 0x08;                         // range_buflen = 8 < the 16 bytes carried
        shortBuflen[18] = 0x01;
        reject(shortBuflen, COPPER, ChannelMessageError.INVALID_FIELD);
    }

    @Test
    void shouldRejectInvalidFields() {
        byte[] badFlags = OFFER.clone();
        badFlags[189] = 0x02;                           // reserved monitor flag bit
        reject(badFlags, WIN8_1, ChannelMessageError.INVALID_FIELD);
        byte[] zeroRelid = OFFER.clone();
        zeroRelid[184] = 0;                             // child_relid = 0
        reject(zeroRelid, WIN8_1, ChannelMessageError.INVALID_FIELD);
        byte[] notBool = of(0x0f, 0, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, 0, 0, 0, 0);   // version_supported = 2
        reject(notBool, WIN8_1, ChannelMessageError.INVALID_FIELD);
    }

    @Test
    void shouldIgnoreBytesBeyondLengthAndHeaderPadding() {
        byte[] bigger = concat(of(0x07, 0, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd, 0x0f, 0, 0, 0), of(0xff, 0xff));
        assertEquals(new CloseChannel(15), ChannelMessageCodec.decode(bigger, 12, WIN8_1));
        assertThrows(IllegalArgumentException.class, () -> ChannelMessageCodec.decode(bigger, 15, WIN8_1));
    }

    @Test
    void shouldNameTypesAndNeverThrowInValueOf() {
        assertEquals("OFFERCHANNEL(0x01)", ChannelMessageType.OFFERCHANNEL.toString());
        assertEquals("MODIFY_CONNECTION_RESPONSE(0x1a)", ChannelMessageType.valueOf(26).toString());
        assertEquals("UNKNOWN(0xffffffff)", ChannelMessageType.valueOf(-1).toString());
        assertEquals(27, ChannelMessageType.KNOWN.size());
        for (int i = 0; i < 27; i++) {
            assertEquals(i, ChannelMessageType.valueOf(i).code());
        }
    }

    @Test
    void shouldOrderVersions() {
        assertEquals(0x0000000D, ProtocolVersion.WS2008.code());
        assertEquals(0x00050003, ProtocolVersion.WIN10_V5_3.code());
        assertEquals(0x00060000, ProtocolVersion.COPPER.code());
        assertEquals(ProtocolVersion.WIN8, ProtocolVersion.fromCode(0x00020004));
        assertEquals(true, COPPER.isAtLeast(WIN10_V5_3));
        assertEquals(false, WS2008.isAtLeast(WIN8_1));
        assertThrows(IllegalArgumentException.class, () -> ProtocolVersion.fromCode(0x00020000));
    }
}
