package org.hvref.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.hvref.channel.protocol.AllOffersDelivered;
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.CloseChannel;
import org.hvref.channel.protocol.CloseReservedChannel;
import org.hvref.channel.protocol.CloseReservedResponse;
import org.hvref.channel.protocol.FeatureFlags;
import org.hvref.channel.protocol.GpadlBody;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.GpadlTeardown;
import org.hvref.channel.protocol.GpadlTorndown;
import org.hvref.channel.protocol.InitiateContact;
import org.hvref.channel.protocol.ModifyChannel;
import org.hvref.channel.protocol.ModifyChannelResponse;
import org.hvref.channel.protocol.ModifyConnection;
import org.hvref.channel.protocol.ModifyConnectionResponse;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.channel.protocol.OpaqueBytes;
import org.hvref.channel.protocol.OpenChannel;
import org.hvref.channel.protocol.OpenChannelResult;
import org.hvref.channel.protocol.OpenReservedChannel;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RelidReleased;
import org.hvref.channel.protocol.RequestOffers;
import org.hvref.channel.protocol.RescindChannelOffer;
import org.hvref.channel.protocol.TlConnectRequest;
import org.hvref.channel.protocol.TlConnectResult;
import org.hvref.channel.protocol.Unload;
import org.hvref.channel.protocol.UnloadResponse;
import org.hvref.channel.protocol.VersionResponse;

/**
 * Golden vectors of the channel-management messages (vmbus-core.md §2.2): one JSON line per message type and size
 * variant, {@code {"message", "type", "version", "version_code", "fields", "hex"}}, with the fields named as in the
 * fact sheet (snake case), integers unsigned, GUIDs in their canonical text form, opaque areas as hex. Pure: the
 * I/O is in {@link VectorsCommand}.
 */
public final class ChannelVectors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final UUID CLASS = UUID.fromString("f8615163-df3e-46c5-913f-f2d2f965ed0e");
    private static final UUID INSTANCE = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
    private static final UUID SILO = UUID.fromString("a0b1c2d3-e4f5-0617-2839-4a5b6c7d8e9f");

    /** One vector: a message and the version it is encoded at. */
    public record Vector(ChannelMessage message, ProtocolVersion version) {
    }

    private ChannelVectors() {
    }

    /** @return every message type 1–26 in each of its size variants, with distinct values in every field */
    public static List<Vector> all() {
        List<Vector> v = new ArrayList<>();
        v.add(new Vector(new OfferChannel(CLASS, INSTANCE, 0x0102030405060708L, 0x1112131415161718L, 0x0100, 0x21,
                pattern(120, 0x30), 3, 0x22, 0x41, 0x05, 1, 1, 0x51), ProtocolVersion.WIN10));
        v.add(new Vector(new OfferChannel(CLASS, INSTANCE, 0, 0, 0x0001, 0, OpaqueBytes.zeros(120), 0, 0, 7,
                0xFF, 0, 0, 0), ProtocolVersion.WS2008));
        v.add(new Vector(new RescindChannelOffer(0x41), ProtocolVersion.WIN10));
        v.add(new Vector(new RequestOffers(), ProtocolVersion.WIN10));
        v.add(new Vector(new AllOffersDelivered(), ProtocolVersion.WIN10));
        v.add(new Vector(new OpenChannel(0x41, 0x42, 0xE1E2, 3, 0x10, pattern(120, 0x80), null),
                ProtocolVersion.WIN10));
        v.add(new Vector(new OpenChannel(0x41, 0x42, 0xE1E2, 3, 0x10, pattern(120, 0x80),
                new OpenChannel.Extension(0x2001, 0x0123, 1)), ProtocolVersion.COPPER));
        v.add(new Vector(new OpenChannelResult(0x41, 0x42, 0xC0000001), ProtocolVersion.WIN10));
        v.add(new Vector(new CloseChannel(0x41), ProtocolVersion.WIN10));
        v.add(new Vector(new GpadlHeader(0x41, 0xE1E2, 8 * 55, 1, values(0x0000_0000_0001_A000L, 26, 0x1000)),
                ProtocolVersion.WIN10));
        v.add(new Vector(new GpadlBody(0, 0xE1E2, values(0, 28, 0x2000).subList(1, 29)), ProtocolVersion.WIN10));
        v.add(new Vector(new GpadlCreated(0x41, 0xE1E2, 0), ProtocolVersion.WIN10));
        v.add(new Vector(new GpadlTeardown(0x41, 0xE1E2), ProtocolVersion.WIN10));
        v.add(new Vector(new GpadlTorndown(0xE1E2), ProtocolVersion.WIN10));
        v.add(new Vector(new RelidReleased(0x41), ProtocolVersion.WIN10));
        v.add(new Vector(new InitiateContact(ProtocolVersion.WIN8_1.code(), 1, 0x0000_0000_0009_1000L,
                0x0000_0000_0009_2000L, 0x0000_0000_0009_3000L, null), ProtocolVersion.WIN8_1));
        v.add(new Vector(InitiateContact.of(ProtocolVersion.WIN10_V5_3, 1, 2, 0, 0, 0x92000L, 0x93000L, null),
                ProtocolVersion.WIN10_V5_3));
        v.add(new Vector(InitiateContact.of(ProtocolVersion.COPPER, 1, 2, 1, FeatureFlags.CLIENT_ID | 0x5,
                0x92000L, 0x93000L, SILO), ProtocolVersion.COPPER));
        v.add(new Vector(new VersionResponse(VersionResponse.Form.BASIC, true, 0, ProtocolVersion.WIN8_1.code(),
                0, 0, 0), ProtocolVersion.WIN8_1));
        v.add(new Vector(new VersionResponse(VersionResponse.Form.BASIC, true, 0, 4, 0, 0, 0),
                ProtocolVersion.WIN10_V5_3));
        v.add(new Vector(new VersionResponse(VersionResponse.Form.COPPER, true, 0, 4, 0x0D, 0, 0),
                ProtocolVersion.COPPER));
        v.add(new Vector(new VersionResponse(VersionResponse.Form.COPPER_MONITOR_PAGES, true, 0, 4, 0x4D,
                0x0000_0001_0000_2000L, 0x0000_0001_0000_3000L), ProtocolVersion.COPPER));
        v.add(new Vector(new Unload(), ProtocolVersion.WIN10));
        v.add(new Vector(new UnloadResponse(), ProtocolVersion.WIN10));
        v.add(new Vector(new OpenReservedChannel(0x61, 2, 3, 0xE3E4, 0x08), ProtocolVersion.WIN10));
        v.add(new Vector(new CloseReservedChannel(0x61, 2, 3), ProtocolVersion.WIN10));
        v.add(new Vector(new CloseReservedResponse(0x61), ProtocolVersion.WIN10));
        v.add(new Vector(new TlConnectRequest(INSTANCE, CLASS, null), ProtocolVersion.WIN10));
        v.add(new Vector(new TlConnectRequest(INSTANCE, CLASS, SILO), ProtocolVersion.WIN10_V5_2));
        v.add(new Vector(new ModifyChannel(0x41, 5), ProtocolVersion.WIN10_V5_3));
        v.add(new Vector(new TlConnectResult(INSTANCE, CLASS, 0xC0000236), ProtocolVersion.WIN10_V5_3));
        v.add(new Vector(new ModifyChannelResponse(0x41, 0xC0000001), ProtocolVersion.WIN10_V5_3));
        v.add(new Vector(new ModifyConnection(0x0000_0002_0000_1000L, 0x0000_0002_0000_2000L),
                ProtocolVersion.COPPER));
        v.add(new Vector(new ModifyConnectionResponse(1), ProtocolVersion.COPPER));
        return List.copyOf(v);
    }

    /** @return every vector as JSON lines, each ended by {@code \n} */
    public static String jsonLines() {
        StringBuilder sb = new StringBuilder();
        for (Vector v : all()) {
            sb.append(line(v.message(), v.version(), ChannelMessageCodec.encode(v.message(), v.version())))
                    .append('\n');
        }
        return sb.toString();
    }

    /**
     * One vector as a JSON line (without the newline).
     *
     * @param m       the message
     * @param version its version
     * @param encoded the message's bytes
     * @return the line
     */
    public static String line(ChannelMessage m, ProtocolVersion version, byte[] encoded) {
        ObjectNode o = JSON.createObjectNode();
        o.put("message", m.getClass().getSimpleName());
        o.put("type", m.type().code());
        o.put("version", version.name());
        o.put("version_code", version.code());
        o.set("fields", fields(m, version));
        o.put("hex", HEX.formatHex(encoded));
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("vector json: " + e.getMessage(), e);
        }
    }

    /**
     * The message's fields, named as in vmbus-core.md §2.2.
     *
     * @param m       the message
     * @param version the version it is encoded at (VERSION_RESPONSE's offset 12 means a version below 5.0 and a
     *                connection id from 5.0)
     * @return the fields, in wire order
     */
    public static ObjectNode fields(ChannelMessage m, ProtocolVersion version) {
        ObjectNode f = JSON.createObjectNode();
        if (m instanceof OfferChannel o) {
            f.put("interface_type", o.interfaceType().toString());
            f.put("interface_instance", o.interfaceInstance().toString());
            u64(f, "reserved1", o.reserved1());
            u64(f, "reserved2", o.reserved2());
            f.put("channel_flags", o.flags());
            f.put("mmio_megabytes", o.mmioMegabytes());
            f.put("user_defined", HEX.formatHex(o.userDefined().toArray()));
            f.put("sub_channel_index", o.subChannelIndex());
            f.put("mmio_megabytes_optional", o.mmioMegabytesOptional());
            u32(f, "child_relid", o.childRelid());
            f.put("monitorid", o.monitorId());
            f.put("monitor_allocated", o.monitorFlags());
            if (version.isAtLeast(ProtocolVersion.WIN7)) {
                f.put("is_dedicated_interrupt", o.interruptFlags());
                u32(f, "connection_id", o.connectionId());
            }
        } else if (m instanceof RescindChannelOffer r) {
            u32(f, "child_relid", r.childRelid());
        } else if (m instanceof OpenChannel o) {
            u32(f, "child_relid", o.childRelid());
            u32(f, "openid", o.openId());
            u32(f, "ringbuffer_gpadl_handle", o.ringGpadl());
            u32(f, "target_vp", o.targetVp());
            u32(f, "downstream_ringbuffer_pageoffset", o.downstreamPageOffset());
            f.put("user_data", HEX.formatHex(o.userData().toArray()));
            if (o.extension() != null) {
                u32(f, "connection_id", o.extension().connectionId());
                f.put("event_flag", o.extension().eventFlag());
                f.put("flags", o.extension().flags());
            }
        } else if (m instanceof OpenChannelResult r) {
            u32(f, "child_relid", r.childRelid());
            u32(f, "openid", r.openId());
            u32(f, "status", r.status());
        } else if (m instanceof CloseChannel c) {
            u32(f, "child_relid", c.childRelid());
        } else if (m instanceof GpadlHeader g) {
            u32(f, "child_relid", g.childRelid());
            u32(f, "gpadl", g.gpadl());
            f.put("range_buflen", g.rangeBufferLength());
            f.put("rangecount", g.rangeCount());
            u64s(f, "range_buffer", g.values());
        } else if (m instanceof GpadlBody g) {
            u32(f, "msgnumber", g.msgNumber());
            u32(f, "gpadl", g.gpadl());
            u64s(f, "pfn", g.pfns());
        } else if (m instanceof GpadlCreated g) {
            u32(f, "child_relid", g.childRelid());
            u32(f, "gpadl", g.gpadl());
            u32(f, "creation_status", g.creationStatus());
        } else if (m instanceof GpadlTeardown g) {
            u32(f, "child_relid", g.childRelid());
            u32(f, "gpadl", g.gpadl());
        } else if (m instanceof GpadlTorndown g) {
            u32(f, "gpadl", g.gpadl());
        } else if (m instanceof RelidReleased r) {
            u32(f, "child_relid", r.childRelid());
        } else if (m instanceof InitiateContact c) {
            u32(f, "vmbus_version_requested", c.versionRequested());
            u32(f, "target_vcpu", c.targetVcpu());
            if (Integer.compareUnsigned(c.versionRequested(), ProtocolVersion.WIN10_V5.code()) < 0) {
                u64(f, "interrupt_page", c.interruptPage());
            } else {
                f.put("msg_sint", c.msgSint());
                f.put("msg_vtl", c.msgVtl());
                f.put("reserved", (int) (c.interruptPage() >>> 16) & 0xFFFF);
                u32(f, "feature_flags", c.featureFlags());
            }
            u64(f, "monitor_page1", c.parentToChildMonitorPage());
            u64(f, "monitor_page2", c.childToParentMonitorPage());
            if (c.clientId() != null) {
                f.put("client_id", c.clientId().toString());
            }
        } else if (m instanceof VersionResponse r) {
            f.put("version_supported", r.versionSupported());
            f.put("connection_state", r.connectionState());
            u32(f, version.isAtLeast(ProtocolVersion.WIN10_V5) ? "message_connection_id" : "selected_version",
                    r.connectionIdOrVersion());
            if (r.form() != VersionResponse.Form.BASIC) {
                u32(f, "supported_features", r.supportedFeatures());
            }
            if (r.form() == VersionResponse.Form.COPPER_MONITOR_PAGES) {
                u64(f, "parent_to_child_monitor_page", r.parentToChildMonitorPage());
                u64(f, "child_to_parent_monitor_page", r.childToParentMonitorPage());
            }
        } else if (m instanceof OpenReservedChannel r) {
            u32(f, "channel_id", r.channelId());
            u32(f, "target_vp", r.targetVp());
            u32(f, "target_sint", r.targetSint());
            u32(f, "ring_gpadl", r.ringGpadl());
            u32(f, "downstream_page_offset", r.downstreamPageOffset());
        } else if (m instanceof CloseReservedChannel r) {
            u32(f, "channel_id", r.channelId());
            u32(f, "target_vp", r.targetVp());
            u32(f, "target_sint", r.targetSint());
        } else if (m instanceof CloseReservedResponse r) {
            u32(f, "channel_id", r.channelId());
        } else if (m instanceof TlConnectRequest t) {
            f.put("endpoint_id", t.endpointId().toString());
            f.put("service_id", t.serviceId().toString());
            if (t.siloId() != null) {
                f.put("silo_id", t.siloId().toString());
            }
        } else if (m instanceof TlConnectResult t) {
            f.put("endpoint_id", t.endpointId().toString());
            f.put("service_id", t.serviceId().toString());
            u32(f, "status", t.status());
        } else if (m instanceof ModifyChannel c) {
            u32(f, "child_relid", c.childRelid());
            u32(f, "target_vp", c.targetVp());
        } else if (m instanceof ModifyChannelResponse r) {
            u32(f, "child_relid", r.childRelid());
            u32(f, "status", r.status());
        } else if (m instanceof ModifyConnection c) {
            u64(f, "parent_to_child_monitor_page", c.parentToChildMonitorPage());
            u64(f, "child_to_parent_monitor_page", c.childToParentMonitorPage());
        } else if (m instanceof ModifyConnectionResponse r) {
            f.put("connection_state", r.connectionState());
        } else if (!(m instanceof RequestOffers || m instanceof AllOffersDelivered || m instanceof Unload
                || m instanceof UnloadResponse)) {
            throw new IllegalArgumentException("message: " + m.getClass().getName() + " (expected: a §2.2 record)");
        }
        return f;
    }

    private static void u32(ObjectNode f, String name, int value) {
        f.put(name, Integer.toUnsignedLong(value));
    }

    private static void u64(ObjectNode f, String name, long value) {
        f.put(name, new BigInteger(Long.toUnsignedString(value)));
    }

    private static void u64s(ObjectNode f, String name, List<Long> values) {
        ArrayNode a = f.putArray(name);
        for (long value : values) {
            a.add(new BigInteger(Long.toUnsignedString(value)));
        }
    }

    private static OpaqueBytes pattern(int length, int start) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (start + i);
        }
        return OpaqueBytes.of(b);
    }

    /** A range header (byte offset 0, byte count pfns × page) followed by that many PFNs from firstPfn. */
    private static List<Long> values(long firstPfn, int pfns, int pageOffsetSeed) {
        List<Long> v = new ArrayList<>();
        v.add(((long) pfns * 4096) & 0xFFFFFFFFL);
        for (int i = 0; i < pfns; i++) {
            v.add(firstPfn + i * 3L + pageOffsetSeed);
        }
        return v;
    }
}
