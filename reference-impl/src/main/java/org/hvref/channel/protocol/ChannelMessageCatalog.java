package org.hvref.channel.protocol;

import static org.hvref.channel.protocol.ProtocolVersion.COPPER;
import static org.hvref.channel.protocol.ProtocolVersion.WIN10;
import static org.hvref.channel.protocol.ProtocolVersion.WIN10_V4_1;
import static org.hvref.channel.protocol.ProtocolVersion.WIN10_V5_2;
import static org.hvref.channel.protocol.ProtocolVersion.WIN10_V5_3;
import static org.hvref.channel.protocol.ProtocolVersion.WIN7;
import static org.hvref.channel.protocol.ProtocolVersion.WS2008;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hvref.wire.Guid;

/**
 * The channel-message table (vmbus-core.md §2.1; the OVMM {@code vmbus_messages!} idea): per type its record, the
 * minimum version that allows it, the lengths it accepts and how its fields map to bytes. {@link
 * ChannelMessageCodec} dispatches from this table only. Buffers handed to readers and writers are little-endian
 * slices of exactly the message's length.
 */
public final class ChannelMessageCatalog {

    /** Reads a message's fields; the length is already accepted by the entry's {@link SizeRule}. */
    @FunctionalInterface
    interface Reader<M> {
        M read(ByteBuffer b, int length, ProtocolVersion version);
    }

    /** Writes a message's fields after the header. */
    @FunctionalInterface
    interface Writer<M> {
        void write(ByteBuffer b, M message);
    }

    /** Chooses the length of a message at a version; throws {@link IllegalArgumentException} if none fits. */
    @FunctionalInterface
    interface Length<M> {
        int of(M message, ProtocolVersion version);
    }

    /**
     * One row of the table.
     *
     * @param type       the message type
     * @param recordType the record
     * @param minVersion oldest version allowing the type, {@code null} = any, even before a version is negotiated
     * @param sizes      accepted lengths
     * @param length     the length a message is encoded with
     * @param reader     bytes to record
     * @param writer     record to bytes
     * @param requiredFeatures Copper feature bits the connection must have negotiated for the type, 0 for none
     *                   (vmbus-core.md §2.1 "min ver" column: MODIFY_CONNECTION and its response need 6.0 + 0x4)
     * @param <M>        the record type
     */
    public record Entry<M extends ChannelMessage>(ChannelMessageType type, Class<M> recordType,
            ProtocolVersion minVersion, SizeRule sizes, Length<M> length, Reader<M> reader, Writer<M> writer,
            int requiredFeatures) {

        /**
         * @param negotiated the connection's negotiated features
         * @return whether they include every feature the type needs
         */
        public boolean allowedWith(FeatureFlags negotiated) {
            return negotiated.contains(requiredFeatures);
        }

        Entry<M> withRequiredFeatures(int features) {
            return new Entry<>(type, recordType, minVersion, sizes, length, reader, writer, features);
        }

        /**
         * @param version negotiated version, {@code null} before one is
         * @return whether the type is allowed at it
         */
        public boolean allowedAt(ProtocolVersion version) {
            return minVersion == null || (version != null && version.isAtLeast(minVersion));
        }

        int lengthOf(ChannelMessage message, ProtocolVersion version) {
            return length.of(recordType.cast(message), version);
        }

        void write(ByteBuffer b, ChannelMessage message) {
            writer.write(b, recordType.cast(message));
        }
    }

    private static final List<Entry<?>> ENTRIES = List.of(
        entry(ChannelMessageType.OFFERCHANNEL, OfferChannel.class, WS2008, new SizeRule.Fixed(List.of(
                any(OfferChannelDescriptor.LENGTH),
                new SizeRule.Variant(OfferChannelDescriptor.LENGTH_WS2008, WS2008, WS2008))),
            (m, v) -> {
                if (v.isAtLeast(WIN7)) {
                    return OfferChannelDescriptor.LENGTH;
                }
                Checks.check(m.interruptFlags() == 0 && m.connectionId() == 0, "offer at " + v
                        + ": dedicated interrupt or connection id set (expected: 0 in the 190-byte form)");
                return OfferChannelDescriptor.LENGTH_WS2008;
            },
            ChannelMessageCatalog::readOffer, ChannelMessageCatalog::writeOffer),
        entry(ChannelMessageType.RESCIND_CHANNELOFFER, RescindChannelOffer.class, WS2008,
            fixed(RelidMessageDescriptor.LENGTH),
            (b, n, v) -> new RescindChannelOffer(u32(b, RelidMessageDescriptor.CHILD_RELID_OFFSET)),
            (b, m) -> b.putInt(RelidMessageDescriptor.CHILD_RELID_OFFSET, m.childRelid())),
        entry(ChannelMessageType.REQUESTOFFERS, RequestOffers.class, WS2008,
            fixed(ChannelMessageHeaderDescriptor.LENGTH), (b, n, v) -> new RequestOffers(), (b, m) -> { }),
        entry(ChannelMessageType.ALLOFFERS_DELIVERED, AllOffersDelivered.class, WS2008,
            fixed(ChannelMessageHeaderDescriptor.LENGTH), (b, n, v) -> new AllOffersDelivered(), (b, m) -> { }),
        entry(ChannelMessageType.OPENCHANNEL, OpenChannel.class, WS2008, new SizeRule.Fixed(List.of(
                any(OpenChannelDescriptor.LENGTH_WITH_EXTENSION), any(OpenChannelDescriptor.LENGTH))),
            (m, v) -> {
                Checks.check(!m.hasExtension() || v.isAtLeast(COPPER),
                        "open extension at " + v + ": present (expected: only from COPPER(6.0))");
                return m.hasExtension() ? OpenChannelDescriptor.LENGTH_WITH_EXTENSION : OpenChannelDescriptor.LENGTH;
            },
            ChannelMessageCatalog::readOpen, ChannelMessageCatalog::writeOpen),
        entry(ChannelMessageType.OPENCHANNEL_RESULT, OpenChannelResult.class, WS2008,
            fixed(OpenChannelResultDescriptor.LENGTH),
            (b, n, v) -> new OpenChannelResult(u32(b, OpenChannelResultDescriptor.CHILD_RELID_OFFSET),
                    u32(b, OpenChannelResultDescriptor.OPEN_ID_OFFSET), u32(b, OpenChannelResultDescriptor.STATUS_OFFSET)),
            (b, m) -> b.putInt(OpenChannelResultDescriptor.CHILD_RELID_OFFSET, m.childRelid())
                    .putInt(OpenChannelResultDescriptor.OPEN_ID_OFFSET, m.openId())
                    .putInt(OpenChannelResultDescriptor.STATUS_OFFSET, m.status())),
        entry(ChannelMessageType.CLOSECHANNEL, CloseChannel.class, WS2008, fixed(RelidMessageDescriptor.LENGTH),
            (b, n, v) -> new CloseChannel(u32(b, RelidMessageDescriptor.CHILD_RELID_OFFSET)),
            (b, m) -> b.putInt(RelidMessageDescriptor.CHILD_RELID_OFFSET, m.childRelid())),
        entry(ChannelMessageType.GPADL_HEADER, GpadlHeader.class, WS2008,
            new SizeRule.Repeated(GpadlHeaderDescriptor.MIN_LENGTH, GpadlHeaderDescriptor.RANGE_BUFFER_LENGTH, 0,
                    GpadlHeaderDescriptor.MAX_PFNS, "pfns"),
            (m, v) -> GpadlHeaderDescriptor.RANGE_BUFFER_OFFSET + 8 * m.values().size(),
            (b, n, v) -> new GpadlHeader(u32(b, GpadlHeaderDescriptor.CHILD_RELID_OFFSET),
                    u32(b, GpadlHeaderDescriptor.GPADL_OFFSET), u16(b, GpadlHeaderDescriptor.RANGE_BUFLEN_OFFSET),
                    u16(b, GpadlHeaderDescriptor.RANGE_COUNT_OFFSET), u64s(b, GpadlHeaderDescriptor.RANGE_BUFFER_OFFSET, n)),
            (b, m) -> {
                b.putInt(GpadlHeaderDescriptor.CHILD_RELID_OFFSET, m.childRelid())
                        .putInt(GpadlHeaderDescriptor.GPADL_OFFSET, m.gpadl())
                        .putShort(GpadlHeaderDescriptor.RANGE_BUFLEN_OFFSET, (short) m.rangeBufferLength())
                        .putShort(GpadlHeaderDescriptor.RANGE_COUNT_OFFSET, (short) m.rangeCount());
                putU64s(b, GpadlHeaderDescriptor.RANGE_BUFFER_OFFSET, m.values());
            }),
        entry(ChannelMessageType.GPADL_BODY, GpadlBody.class, WS2008,
            new SizeRule.Repeated(GpadlBodyDescriptor.PFNS_OFFSET, GpadlBodyDescriptor.PFNS_LENGTH, 1,
                    GpadlBodyDescriptor.MAX_PFNS, "pfns"),
            (m, v) -> GpadlBodyDescriptor.PFNS_OFFSET + 8 * m.pfns().size(),
            (b, n, v) -> new GpadlBody(u32(b, GpadlBodyDescriptor.MSG_NUMBER_OFFSET), u32(b, GpadlBodyDescriptor.GPADL_OFFSET),
                    u64s(b, GpadlBodyDescriptor.PFNS_OFFSET, n)),
            (b, m) -> {
                b.putInt(GpadlBodyDescriptor.MSG_NUMBER_OFFSET, m.msgNumber()).putInt(GpadlBodyDescriptor.GPADL_OFFSET, m.gpadl());
                putU64s(b, GpadlBodyDescriptor.PFNS_OFFSET, m.pfns());
            }),
        entry(ChannelMessageType.GPADL_CREATED, GpadlCreated.class, WS2008, fixed(GpadlCreatedDescriptor.LENGTH),
            (b, n, v) -> new GpadlCreated(u32(b, GpadlCreatedDescriptor.CHILD_RELID_OFFSET),
                    u32(b, GpadlCreatedDescriptor.GPADL_OFFSET), u32(b, GpadlCreatedDescriptor.CREATION_STATUS_OFFSET)),
            (b, m) -> b.putInt(GpadlCreatedDescriptor.CHILD_RELID_OFFSET, m.childRelid())
                    .putInt(GpadlCreatedDescriptor.GPADL_OFFSET, m.gpadl())
                    .putInt(GpadlCreatedDescriptor.CREATION_STATUS_OFFSET, m.creationStatus())),
        entry(ChannelMessageType.GPADL_TEARDOWN, GpadlTeardown.class, WS2008, fixed(GpadlTeardownDescriptor.LENGTH),
            (b, n, v) -> new GpadlTeardown(u32(b, GpadlTeardownDescriptor.CHILD_RELID_OFFSET),
                    u32(b, GpadlTeardownDescriptor.GPADL_OFFSET)),
            (b, m) -> b.putInt(GpadlTeardownDescriptor.CHILD_RELID_OFFSET, m.childRelid())
                    .putInt(GpadlTeardownDescriptor.GPADL_OFFSET, m.gpadl())),
        entry(ChannelMessageType.GPADL_TORNDOWN, GpadlTorndown.class, WS2008, fixed(GpadlTorndownDescriptor.LENGTH),
            (b, n, v) -> new GpadlTorndown(u32(b, GpadlTorndownDescriptor.GPADL_OFFSET)),
            (b, m) -> b.putInt(GpadlTorndownDescriptor.GPADL_OFFSET, m.gpadl())),
        entry(ChannelMessageType.RELID_RELEASED, RelidReleased.class, WS2008, fixed(RelidMessageDescriptor.LENGTH),
            (b, n, v) -> new RelidReleased(u32(b, RelidMessageDescriptor.CHILD_RELID_OFFSET)),
            (b, m) -> b.putInt(RelidMessageDescriptor.CHILD_RELID_OFFSET, m.childRelid())),
        entry(ChannelMessageType.INITIATE_CONTACT, InitiateContact.class, null, new SizeRule.Fixed(List.of(
                any(InitiateContactDescriptor.LENGTH_WITH_CLIENT_ID), any(InitiateContactDescriptor.LENGTH))),
            (m, v) -> m.clientId() != null ? InitiateContactDescriptor.LENGTH_WITH_CLIENT_ID : InitiateContactDescriptor.LENGTH,
            ChannelMessageCatalog::readInitiateContact, ChannelMessageCatalog::writeInitiateContact),
        entry(ChannelMessageType.VERSION_RESPONSE, VersionResponse.class, null, new SizeRule.Fixed(List.of(
                new SizeRule.Variant(VersionResponseDescriptor.LENGTH_MONITOR_PAGES, COPPER, null),
                new SizeRule.Variant(VersionResponseDescriptor.LENGTH_COPPER, COPPER, null),
                any(VersionResponseDescriptor.LENGTH))),
            (m, v) -> m.form().length(),
            ChannelMessageCatalog::readVersionResponse, ChannelMessageCatalog::writeVersionResponse),
        entry(ChannelMessageType.UNLOAD, Unload.class, WS2008, fixed(ChannelMessageHeaderDescriptor.LENGTH),
            (b, n, v) -> new Unload(), (b, m) -> { }),
        entry(ChannelMessageType.UNLOAD_RESPONSE, UnloadResponse.class, WIN7, fixed(ChannelMessageHeaderDescriptor.LENGTH),
            (b, n, v) -> new UnloadResponse(), (b, m) -> { }),
        entry(ChannelMessageType.OPEN_RESERVED_CHANNEL, OpenReservedChannel.class, WIN10,
            fixed(ReservedChannelDescriptor.OPEN_LENGTH),
            (b, n, v) -> new OpenReservedChannel(u32(b, ReservedChannelDescriptor.CHANNEL_ID_OFFSET),
                    u32(b, ReservedChannelDescriptor.TARGET_VP_OFFSET), u32(b, ReservedChannelDescriptor.TARGET_SINT_OFFSET),
                    u32(b, ReservedChannelDescriptor.RING_GPADL_OFFSET),
                    u32(b, ReservedChannelDescriptor.DOWNSTREAM_PAGE_OFFSET_OFFSET)),
            (b, m) -> b.putInt(ReservedChannelDescriptor.CHANNEL_ID_OFFSET, m.channelId())
                    .putInt(ReservedChannelDescriptor.TARGET_VP_OFFSET, m.targetVp())
                    .putInt(ReservedChannelDescriptor.TARGET_SINT_OFFSET, m.targetSint())
                    .putInt(ReservedChannelDescriptor.RING_GPADL_OFFSET, m.ringGpadl())
                    .putInt(ReservedChannelDescriptor.DOWNSTREAM_PAGE_OFFSET_OFFSET, m.downstreamPageOffset())),
        entry(ChannelMessageType.CLOSE_RESERVED_CHANNEL, CloseReservedChannel.class, null,
            fixed(ReservedChannelDescriptor.CLOSE_LENGTH),
            (b, n, v) -> new CloseReservedChannel(u32(b, ReservedChannelDescriptor.CHANNEL_ID_OFFSET),
                    u32(b, ReservedChannelDescriptor.TARGET_VP_OFFSET), u32(b, ReservedChannelDescriptor.TARGET_SINT_OFFSET)),
            (b, m) -> b.putInt(ReservedChannelDescriptor.CHANNEL_ID_OFFSET, m.channelId())
                    .putInt(ReservedChannelDescriptor.TARGET_VP_OFFSET, m.targetVp())
                    .putInt(ReservedChannelDescriptor.TARGET_SINT_OFFSET, m.targetSint())),
        entry(ChannelMessageType.CLOSE_RESERVED_RESPONSE, CloseReservedResponse.class, WIN10,
            fixed(ReservedChannelDescriptor.RESPONSE_LENGTH),
            (b, n, v) -> new CloseReservedResponse(u32(b, ReservedChannelDescriptor.CHANNEL_ID_OFFSET)),
            (b, m) -> b.putInt(ReservedChannelDescriptor.CHANNEL_ID_OFFSET, m.channelId())),
        entry(ChannelMessageType.TL_CONNECT_REQUEST, TlConnectRequest.class, WIN10, new SizeRule.Fixed(List.of(
                new SizeRule.Variant(TlConnectDescriptor.REQUEST_LENGTH_WITH_SILO, WIN10_V5_2, null),
                any(TlConnectDescriptor.REQUEST_LENGTH))),
            (m, v) -> {
                Checks.check(!m.hasSiloId() || v.isAtLeast(WIN10_V5_2),
                        "tl connect silo id at " + v + ": present (expected: only from WIN10_V5_2(5.2))");
                return m.hasSiloId() ? TlConnectDescriptor.REQUEST_LENGTH_WITH_SILO : TlConnectDescriptor.REQUEST_LENGTH;
            },
            (b, n, v) -> new TlConnectRequest(Guid.read(b, TlConnectDescriptor.ENDPOINT_ID_OFFSET),
                    Guid.read(b, TlConnectDescriptor.SERVICE_ID_OFFSET),
                    n == TlConnectDescriptor.REQUEST_LENGTH_WITH_SILO ? Guid.read(b, TlConnectDescriptor.SILO_ID_OFFSET) : null),
            (b, m) -> {
                Guid.write(b, TlConnectDescriptor.ENDPOINT_ID_OFFSET, m.endpointId());
                Guid.write(b, TlConnectDescriptor.SERVICE_ID_OFFSET, m.serviceId());
                if (m.hasSiloId()) {
                    Guid.write(b, TlConnectDescriptor.SILO_ID_OFFSET, m.siloId());
                }
            }),
        entry(ChannelMessageType.MODIFYCHANNEL, ModifyChannel.class, WIN10_V4_1, fixed(ModifyChannelDescriptor.LENGTH),
            (b, n, v) -> new ModifyChannel(u32(b, ModifyChannelDescriptor.CHILD_RELID_OFFSET),
                    u32(b, ModifyChannelDescriptor.TARGET_VP_OFFSET)),
            (b, m) -> b.putInt(ModifyChannelDescriptor.CHILD_RELID_OFFSET, m.childRelid())
                    .putInt(ModifyChannelDescriptor.TARGET_VP_OFFSET, m.targetVp())),
        entry(ChannelMessageType.TL_CONNECT_RESULT, TlConnectResult.class, WIN10_V4_1, fixed(TlConnectDescriptor.RESULT_LENGTH),
            (b, n, v) -> new TlConnectResult(Guid.read(b, TlConnectDescriptor.ENDPOINT_ID_OFFSET),
                    Guid.read(b, TlConnectDescriptor.SERVICE_ID_OFFSET), u32(b, TlConnectDescriptor.STATUS_OFFSET)),
            (b, m) -> {
                Guid.write(b, TlConnectDescriptor.ENDPOINT_ID_OFFSET, m.endpointId());
                Guid.write(b, TlConnectDescriptor.SERVICE_ID_OFFSET, m.serviceId());
                b.putInt(TlConnectDescriptor.STATUS_OFFSET, m.status());
            }),
        entry(ChannelMessageType.MODIFYCHANNEL_RESPONSE, ModifyChannelResponse.class, WIN10_V5_3,
            fixed(ModifyChannelDescriptor.LENGTH),
            (b, n, v) -> new ModifyChannelResponse(u32(b, ModifyChannelDescriptor.CHILD_RELID_OFFSET),
                    u32(b, ModifyChannelDescriptor.STATUS_OFFSET)),
            (b, m) -> b.putInt(ModifyChannelDescriptor.CHILD_RELID_OFFSET, m.childRelid())
                    .putInt(ModifyChannelDescriptor.STATUS_OFFSET, m.status())),
        entry(ChannelMessageType.MODIFY_CONNECTION, ModifyConnection.class, COPPER, fixed(ModifyConnectionDescriptor.LENGTH),
            (b, n, v) -> new ModifyConnection(b.getLong(ModifyConnectionDescriptor.MONITOR_PAGE1_OFFSET),
                    b.getLong(ModifyConnectionDescriptor.MONITOR_PAGE2_OFFSET)),
            (b, m) -> b.putLong(ModifyConnectionDescriptor.MONITOR_PAGE1_OFFSET, m.parentToChildMonitorPage())
                    .putLong(ModifyConnectionDescriptor.MONITOR_PAGE2_OFFSET, m.childToParentMonitorPage()))
            .withRequiredFeatures(FeatureFlags.MODIFY_CONNECTION),
        entry(ChannelMessageType.MODIFY_CONNECTION_RESPONSE, ModifyConnectionResponse.class, COPPER,
            fixed(ModifyConnectionDescriptor.RESPONSE_LENGTH),
            (b, n, v) -> new ModifyConnectionResponse(b.get(ModifyConnectionDescriptor.CONNECTION_STATE_OFFSET) & 0xFF),
            (b, m) -> b.put(ModifyConnectionDescriptor.CONNECTION_STATE_OFFSET, (byte) m.connectionState()))
            .withRequiredFeatures(FeatureFlags.MODIFY_CONNECTION));

    private static final Map<Integer, Entry<?>> BY_TYPE = new HashMap<>();
    private static final Map<Class<?>, Entry<?>> BY_RECORD = new HashMap<>();

    static {
        for (Entry<?> e : ENTRIES) {
            if (BY_TYPE.put(e.type().code(), e) != null || BY_RECORD.put(e.recordType(), e) != null) {
                throw new AssertionError("duplicate catalog entry: " + e.type());
            }
        }
    }

    private ChannelMessageCatalog() {
    }

    /** @return every entry, in type order */
    public static List<Entry<?>> entries() {
        return ENTRIES;
    }

    /**
     * @param type the u32 message type
     * @return its entry, or empty for a type with no codec
     */
    public static Optional<Entry<?>> forType(int type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /**
     * @param message a message
     * @return its entry
     */
    public static Entry<?> forMessage(ChannelMessage message) {
        return BY_RECORD.get(message.getClass());
    }

    private static <M extends ChannelMessage> Entry<M> entry(ChannelMessageType type, Class<M> recordType,
            ProtocolVersion minVersion, SizeRule sizes, Length<M> length, Reader<M> reader, Writer<M> writer) {
        return new Entry<>(type, recordType, minVersion, sizes, length, reader, writer, 0);
    }

    private static <M extends ChannelMessage> Entry<M> entry(ChannelMessageType type, Class<M> recordType,
            ProtocolVersion minVersion, SizeRule.Fixed sizes, Reader<M> reader, Writer<M> writer) {
        int only = sizes.variants().get(0).length();
        return new Entry<>(type, recordType, minVersion, sizes, (m, v) -> only, reader, writer, 0);
    }

    private static SizeRule.Variant any(int length) {
        return new SizeRule.Variant(length, null, null);
    }

    private static SizeRule.Fixed fixed(int length) {
        return new SizeRule.Fixed(List.of(any(length)));
    }

    private static int u32(ByteBuffer b, int offset) {
        return b.getInt(offset);
    }

    private static int u16(ByteBuffer b, int offset) {
        return b.getShort(offset) & 0xFFFF;
    }

    private static int u8(ByteBuffer b, int offset) {
        return b.get(offset) & 0xFF;
    }

    private static List<Long> u64s(ByteBuffer b, int offset, int length) {
        List<Long> values = new ArrayList<>((length - offset) / 8);
        for (int at = offset; at + 8 <= length; at += 8) {
            values.add(b.getLong(at));
        }
        return values;
    }

    private static void putU64s(ByteBuffer b, int offset, List<Long> values) {
        for (int i = 0; i < values.size(); i++) {
            b.putLong(offset + 8 * i, values.get(i));
        }
    }

    private static OpaqueBytes bytes(ByteBuffer b, int offset, int length) {
        byte[] out = new byte[length];
        b.get(offset, out);
        return OpaqueBytes.of(out);
    }

    private static OfferChannel readOffer(ByteBuffer b, int length, ProtocolVersion v) {
        // a 196-byte offer at WS2008 is accepted (Linux accepts >= 196 at every version) but, as for the open
        // extension below 6.0, the fields that version does not have are dropped: the 190-byte form re-encodes it
        boolean win7 = length == OfferChannelDescriptor.LENGTH && (v == null || v.isAtLeast(WIN7));
        return new OfferChannel(Guid.read(b, OfferChannelDescriptor.INTERFACE_TYPE_OFFSET),
                Guid.read(b, OfferChannelDescriptor.INTERFACE_INSTANCE_OFFSET),
                b.getLong(OfferChannelDescriptor.RESERVED1_OFFSET), b.getLong(OfferChannelDescriptor.RESERVED2_OFFSET),
                u16(b, OfferChannelDescriptor.FLAGS_OFFSET), u16(b, OfferChannelDescriptor.MMIO_MEGABYTES_OFFSET),
                bytes(b, OfferChannelDescriptor.USER_DEFINED_OFFSET, OfferChannelDescriptor.USER_DEFINED_LENGTH),
                u16(b, OfferChannelDescriptor.SUB_CHANNEL_INDEX_OFFSET),
                u16(b, OfferChannelDescriptor.MMIO_MEGABYTES_OPTIONAL_OFFSET),
                u32(b, OfferChannelDescriptor.CHILD_RELID_OFFSET), u8(b, OfferChannelDescriptor.MONITOR_ID_OFFSET),
                u8(b, OfferChannelDescriptor.MONITOR_FLAGS_OFFSET),
                win7 ? u16(b, OfferChannelDescriptor.INTERRUPT_FLAGS_OFFSET) : 0,
                win7 ? u32(b, OfferChannelDescriptor.CONNECTION_ID_OFFSET) : 0);
    }

    private static void writeOffer(ByteBuffer b, OfferChannel m) {
        Guid.write(b, OfferChannelDescriptor.INTERFACE_TYPE_OFFSET, m.interfaceType());
        Guid.write(b, OfferChannelDescriptor.INTERFACE_INSTANCE_OFFSET, m.interfaceInstance());
        b.putLong(OfferChannelDescriptor.RESERVED1_OFFSET, m.reserved1())
                .putLong(OfferChannelDescriptor.RESERVED2_OFFSET, m.reserved2())
                .putShort(OfferChannelDescriptor.FLAGS_OFFSET, (short) m.flags())
                .putShort(OfferChannelDescriptor.MMIO_MEGABYTES_OFFSET, (short) m.mmioMegabytes())
                .put(OfferChannelDescriptor.USER_DEFINED_OFFSET, m.userDefined().toArray())
                .putShort(OfferChannelDescriptor.SUB_CHANNEL_INDEX_OFFSET, (short) m.subChannelIndex())
                .putShort(OfferChannelDescriptor.MMIO_MEGABYTES_OPTIONAL_OFFSET, (short) m.mmioMegabytesOptional())
                .putInt(OfferChannelDescriptor.CHILD_RELID_OFFSET, m.childRelid())
                .put(OfferChannelDescriptor.MONITOR_ID_OFFSET, (byte) m.monitorId())
                .put(OfferChannelDescriptor.MONITOR_FLAGS_OFFSET, (byte) m.monitorFlags());
        if (b.limit() == OfferChannelDescriptor.LENGTH) {
            b.putShort(OfferChannelDescriptor.INTERRUPT_FLAGS_OFFSET, (short) m.interruptFlags())
                    .putInt(OfferChannelDescriptor.CONNECTION_ID_OFFSET, m.connectionId());
        }
    }

    private static OpenChannel readOpen(ByteBuffer b, int length, ProtocolVersion v) {
        OpenChannel.Extension ext = null;
        if (length == OpenChannelDescriptor.LENGTH_WITH_EXTENSION && v != null && v.isAtLeast(COPPER)) {
            ext = new OpenChannel.Extension(u32(b, OpenChannelDescriptor.CONNECTION_ID_OFFSET),
                    u16(b, OpenChannelDescriptor.EVENT_FLAG_OFFSET), u16(b, OpenChannelDescriptor.EXTENSION_FLAGS_OFFSET));
        }
        return new OpenChannel(u32(b, OpenChannelDescriptor.CHILD_RELID_OFFSET), u32(b, OpenChannelDescriptor.OPEN_ID_OFFSET),
                u32(b, OpenChannelDescriptor.RING_GPADL_OFFSET), u32(b, OpenChannelDescriptor.TARGET_VP_OFFSET),
                u32(b, OpenChannelDescriptor.DOWNSTREAM_PAGE_OFFSET_OFFSET),
                bytes(b, OpenChannelDescriptor.USER_DATA_OFFSET, OpenChannelDescriptor.USER_DATA_LENGTH), ext);
    }

    private static void writeOpen(ByteBuffer b, OpenChannel m) {
        b.putInt(OpenChannelDescriptor.CHILD_RELID_OFFSET, m.childRelid())
                .putInt(OpenChannelDescriptor.OPEN_ID_OFFSET, m.openId())
                .putInt(OpenChannelDescriptor.RING_GPADL_OFFSET, m.ringGpadl())
                .putInt(OpenChannelDescriptor.TARGET_VP_OFFSET, m.targetVp())
                .putInt(OpenChannelDescriptor.DOWNSTREAM_PAGE_OFFSET_OFFSET, m.downstreamPageOffset())
                .put(OpenChannelDescriptor.USER_DATA_OFFSET, m.userData().toArray());
        if (m.hasExtension()) {
            b.putInt(OpenChannelDescriptor.CONNECTION_ID_OFFSET, m.extension().connectionId())
                    .putShort(OpenChannelDescriptor.EVENT_FLAG_OFFSET, (short) m.extension().eventFlag())
                    .putShort(OpenChannelDescriptor.EXTENSION_FLAGS_OFFSET, (short) m.extension().flags());
        }
    }

    private static InitiateContact readInitiateContact(ByteBuffer b, int length, ProtocolVersion v) {
        UUID clientId = length == InitiateContactDescriptor.LENGTH_WITH_CLIENT_ID
                ? Guid.read(b, InitiateContactDescriptor.CLIENT_ID_OFFSET) : null;
        return new InitiateContact(u32(b, InitiateContactDescriptor.VERSION_REQUESTED_OFFSET),
                u32(b, InitiateContactDescriptor.TARGET_VCPU_OFFSET), b.getLong(InitiateContactDescriptor.INTERRUPT_PAGE_OFFSET),
                b.getLong(InitiateContactDescriptor.MONITOR_PAGE1_OFFSET),
                b.getLong(InitiateContactDescriptor.MONITOR_PAGE2_OFFSET), clientId);
    }

    private static void writeInitiateContact(ByteBuffer b, InitiateContact m) {
        b.putInt(InitiateContactDescriptor.VERSION_REQUESTED_OFFSET, m.versionRequested())
                .putInt(InitiateContactDescriptor.TARGET_VCPU_OFFSET, m.targetVcpu())
                .putLong(InitiateContactDescriptor.INTERRUPT_PAGE_OFFSET, m.interruptPage())
                .putLong(InitiateContactDescriptor.MONITOR_PAGE1_OFFSET, m.parentToChildMonitorPage())
                .putLong(InitiateContactDescriptor.MONITOR_PAGE2_OFFSET, m.childToParentMonitorPage());
        if (m.clientId() != null) {
            Guid.write(b, InitiateContactDescriptor.CLIENT_ID_OFFSET, m.clientId());
        }
    }

    private static VersionResponse readVersionResponse(ByteBuffer b, int length, ProtocolVersion v) {
        VersionResponse.Form form = length == VersionResponseDescriptor.LENGTH ? VersionResponse.Form.BASIC
                : length == VersionResponseDescriptor.LENGTH_COPPER ? VersionResponse.Form.COPPER
                : VersionResponse.Form.COPPER_MONITOR_PAGES;
        boolean copper = form != VersionResponse.Form.BASIC;
        boolean pages = form == VersionResponse.Form.COPPER_MONITOR_PAGES;
        int supported = u8(b, VersionResponseDescriptor.VERSION_SUPPORTED_OFFSET);
        Checks.check(supported <= 1, "version response version supported: " + supported + " (expected: 0 or 1)");
        return new VersionResponse(form, supported == 1, u8(b, VersionResponseDescriptor.CONNECTION_STATE_OFFSET),
                u32(b, VersionResponseDescriptor.CONNECTION_ID_OFFSET),
                copper ? u32(b, VersionResponseDescriptor.SUPPORTED_FEATURES_OFFSET) : 0,
                pages ? b.getLong(VersionResponseDescriptor.MONITOR_PAGE1_OFFSET) : 0,
                pages ? b.getLong(VersionResponseDescriptor.MONITOR_PAGE2_OFFSET) : 0);
    }

    private static void writeVersionResponse(ByteBuffer b, VersionResponse m) {
        b.put(VersionResponseDescriptor.VERSION_SUPPORTED_OFFSET, (byte) (m.versionSupported() ? 1 : 0))
                .put(VersionResponseDescriptor.CONNECTION_STATE_OFFSET, (byte) m.connectionState())
                .putInt(VersionResponseDescriptor.CONNECTION_ID_OFFSET, m.connectionIdOrVersion());
        if (m.form() != VersionResponse.Form.BASIC) {
            b.putInt(VersionResponseDescriptor.SUPPORTED_FEATURES_OFFSET, m.supportedFeatures());
        }
        if (m.form() == VersionResponse.Form.COPPER_MONITOR_PAGES) {
            b.putLong(VersionResponseDescriptor.MONITOR_PAGE1_OFFSET, m.parentToChildMonitorPage())
                    .putLong(VersionResponseDescriptor.MONITOR_PAGE2_OFFSET, m.childToParentMonitorPage());
        }
    }
}
