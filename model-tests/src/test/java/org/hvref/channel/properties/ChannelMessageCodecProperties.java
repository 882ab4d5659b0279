package org.hvref.channel.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.hvref.channel.protocol.AllOffersDelivered;
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageCatalog;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.ChannelMessageError;
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
import org.hvref.channel.protocol.MalformedChannelMessageException;
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
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * The codec contract (STYLE.md B22) for channel messages: {@code decode(encode(m), v).equals(m)} for random
 * messages of every type 1–26 at every version that allows them, and "decode throws nothing but {@link
 * MalformedChannelMessageException}" on arbitrary and on mutated valid bytes. Seeds are fixed; each property ends
 * by asserting its generator reached every type and every rejection reason, so it cannot pass vacuously.
 */
class ChannelMessageCodecProperties {

    private static final ProtocolVersion[] VERSIONS = ProtocolVersion.values();

    static QuickTheory qt(String property, long seed, int examples) {
        long s = Long.getLong("hvref.props.seed", seed);
        int n = Math.max(1, examples * Integer.getInteger("hvref.props.scale", 1));
        System.out.println(property + ": seed " + s + ", " + n + " examples");
        return QuickTheory.qt().withFixedSeed(s).withExamples(n).withShrinkCycles(2000);
    }

    static UUID uuid(Random r) {
        return new UUID(r.nextLong(), r.nextLong());
    }

    static OpaqueBytes bytes120(Random r) {
        byte[] b = new byte[120];
        r.nextBytes(b);
        return OpaqueBytes.of(b);
    }

    static List<Long> randomLongs(Random r, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(r.nextLong());
        }
        return out;
    }

    static ProtocolVersion atLeast(Random r, ProtocolVersion min) {
        return VERSIONS[min.ordinal() + r.nextInt(VERSIONS.length - min.ordinal())];
    }

    /** One generator per message type 1–26 (index = type - 1); each returns a message and a version allowing it. */
    static final List<Function<Random, Sample>> GENERATORS = List.of(
        r -> {
            ProtocolVersion v = VERSIONS[r.nextInt(VERSIONS.length)];
            boolean win7 = v != ProtocolVersion.WS2008;
            return new Sample(new OfferChannel(uuid(r), uuid(r), r.nextLong(), r.nextLong(), r.nextInt(0x10000),
                    r.nextInt(0x10000), bytes120(r), r.nextInt(0x10000), r.nextInt(0x10000), r.nextInt() | 1,
                    r.nextInt(256), r.nextInt(2), win7 ? r.nextInt(2) : 0, win7 ? r.nextInt() : 0), v);
        },
        r -> new Sample(new RescindChannelOffer(r.nextInt()), atLeast(r, ProtocolVersion.WS2008)),
        r -> new Sample(new RequestOffers(), atLeast(r, ProtocolVersion.WS2008)),
        r -> new Sample(new AllOffersDelivered(), atLeast(r, ProtocolVersion.WS2008)),
        r -> {
            ProtocolVersion v = atLeast(r, ProtocolVersion.WS2008);
            OpenChannel.Extension e = v.isAtLeast(ProtocolVersion.COPPER) && r.nextBoolean()
                    ? new OpenChannel.Extension(r.nextInt(), r.nextInt(0x10000), r.nextInt(0x10000)) : null;
            return new Sample(new OpenChannel(r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(),
                    bytes120(r), e), v);
        },
        r -> new Sample(new OpenChannelResult(r.nextInt(), r.nextInt(), r.nextInt()), atLeast(r, ProtocolVersion.WS2008)),
        r -> new Sample(new CloseChannel(r.nextInt()), atLeast(r, ProtocolVersion.WS2008)),
        r -> {
            int n = 1 + r.nextInt(27);
            int buflen = 8 * (Math.max(n, 2) + r.nextInt(100)); // room for at least one range (16 bytes)
            return new Sample(new GpadlHeader(r.nextInt(), r.nextInt(), buflen, 1 + r.nextInt(buflen / 16),
                    randomLongs(r, n)), atLeast(r, ProtocolVersion.WS2008));
        },
        r -> new Sample(new GpadlBody(r.nextInt(), r.nextInt(), randomLongs(r, 1 + r.nextInt(28))),
                atLeast(r, ProtocolVersion.WS2008)),
        r -> new Sample(new GpadlCreated(r.nextInt(), r.nextInt(), r.nextInt()), atLeast(r, ProtocolVersion.WS2008)),
        r -> new Sample(new GpadlTeardown(r.nextInt(), r.nextInt()), atLeast(r, ProtocolVersion.WS2008)),
        r -> new Sample(new GpadlTorndown(r.nextInt()), atLeast(r, ProtocolVersion.WS2008)),
        r -> new Sample(new RelidReleased(r.nextInt()), atLeast(r, ProtocolVersion.WS2008)),
        r -> {
            ProtocolVersion v = VERSIONS[r.nextInt(VERSIONS.length)];
            if (v.isAtLeast(ProtocolVersion.WIN10_V5)) {
                boolean client = v == ProtocolVersion.COPPER && r.nextBoolean();
                int features = v == ProtocolVersion.COPPER ? (r.nextInt() & ~FeatureFlags.CLIENT_ID) : 0;
                return new Sample(InitiateContact.of(v, r.nextInt(), r.nextInt(256), r.nextInt(256),
                        client ? features | FeatureFlags.CLIENT_ID : features, r.nextLong(), r.nextLong(),
                        client ? uuid(r) : null), v);
            }
            return new Sample(new InitiateContact(v.code(), r.nextInt(), r.nextLong(), r.nextLong(), r.nextLong(),
                    null), v);
        },
        r -> {
            ProtocolVersion v = VERSIONS[r.nextInt(VERSIONS.length)];
            VersionResponse.Form form = v == ProtocolVersion.COPPER
                    ? VersionResponse.Form.values()[r.nextInt(3)] : VersionResponse.Form.BASIC;
            int features = form == VersionResponse.Form.BASIC ? 0 : r.nextInt();
            boolean pages = form == VersionResponse.Form.COPPER_MONITOR_PAGES;
            if (pages) {
                features |= FeatureFlags.SERVER_SPECIFIED_MONITOR_PAGES;
            }
            return new Sample(new VersionResponse(form, r.nextBoolean(), r.nextInt(256), r.nextInt(), features,
                    pages ? r.nextLong() : 0, pages ? r.nextLong() : 0), v);
        },
        r -> new Sample(new Unload(), atLeast(r, ProtocolVersion.WS2008)),
        r -> new Sample(new UnloadResponse(), atLeast(r, ProtocolVersion.WIN7)),
        r -> new Sample(new OpenReservedChannel(r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt()),
                atLeast(r, ProtocolVersion.WIN10)),
        r -> new Sample(new CloseReservedChannel(r.nextInt(), r.nextInt(), r.nextInt()), atLeast(r, ProtocolVersion.WS2008)),
        r -> new Sample(new CloseReservedResponse(r.nextInt()), atLeast(r, ProtocolVersion.WIN10)),
        r -> {
            ProtocolVersion v = atLeast(r, ProtocolVersion.WIN10);
            UUID silo = v.isAtLeast(ProtocolVersion.WIN10_V5_2) && r.nextBoolean() ? uuid(r) : null;
            return new Sample(new TlConnectRequest(uuid(r), uuid(r), silo), v);
        },
        r -> new Sample(new ModifyChannel(r.nextInt(), r.nextInt()), atLeast(r, ProtocolVersion.WIN10_V4_1)),
        r -> new Sample(new TlConnectResult(uuid(r), uuid(r), r.nextInt()), atLeast(r, ProtocolVersion.WIN10_V4_1)),
        r -> new Sample(new ModifyChannelResponse(r.nextInt(), r.nextInt()), atLeast(r, ProtocolVersion.WIN10_V5_3)),
        r -> new Sample(new ModifyConnection(r.nextLong(), r.nextLong()), ProtocolVersion.COPPER),
        r -> new Sample(new ModifyConnectionResponse(r.nextInt(256)), ProtocolVersion.COPPER));

    /** A message and a version at which it may be sent. */
    record Sample(ChannelMessage message, ProtocolVersion version) {
    }

    static Sample sample(int type, long seed) {
        return GENERATORS.get(type - 1).apply(new Random(seed));
    }

    @Test
    void shouldRoundTripEveryMessageTypeAtEveryAllowedVersion() {
        Map<Integer, Integer> types = new TreeMap<>();
        qt("channel round trip", 0x5EED_C0DEL, 4000)
            .forAll(integers().between(1, 26), longs().all())
            .checkAssert((type, seed) -> {
                Sample s = sample(type, seed);
                byte[] bytes = ChannelMessageCodec.encode(s.message(), s.version());
                assertEquals(type.intValue(), bytes[0] & 0xFF);
                assertTrue(bytes.length <= 240, "length " + bytes.length);
                assertEquals(s.message(), ChannelMessageCodec.decode(bytes, bytes.length, s.version()));
                assertArrayEquals(bytes, ChannelMessageCodec.encode(
                        ChannelMessageCodec.decode(bytes, bytes.length, s.version()), s.version()));
                types.merge(type, 1, Integer::sum);
            });
        assertEquals(26, types.size(), "types reached: " + types);
    }

    @Test
    void shouldThrowOnlyTheTypedExceptionOnArbitraryBytes() {
        Map<ChannelMessageError, Integer> errors = new EnumMap<>(ChannelMessageError.class);
        Map<Integer, Integer> decoded = new TreeMap<>();
        qt("channel hostile bytes", 0xBAD_C0DEL, 20000)
            .forAll(integers().between(0, 2), integers().between(0, 30), longs().all())
            .checkAssert((mode, type, seed) -> {
                Random r = new Random(seed);
                byte[] bytes = hostile(mode, type, r);
                int v = r.nextInt(VERSIONS.length + 1);
                // half the time with a random negotiated feature set, so the feature rules are exercised too
                FeatureFlags negotiated = r.nextBoolean() ? null : FeatureFlags.of(r.nextInt(0x100));
                try {
                    ChannelMessage m = v == VERSIONS.length
                            ? ChannelMessageCodec.decodeBeforeContact(bytes, bytes.length)
                            : negotiated == null ? ChannelMessageCodec.decode(bytes, bytes.length, VERSIONS[v])
                            : ChannelMessageCodec.decode(bytes, bytes.length, VERSIONS[v], negotiated);
                    assertEquals(bytes[0] & 0xFF, m.type().code());
                    assertTrue(ChannelMessageCatalog.forMessage(m) != null);
                    decoded.merge(m.type().code(), 1, Integer::sum);
                } catch (MalformedChannelMessageException e) {
                    assertTrue(!e.getMessage().isEmpty() && !e.getMessage().endsWith("."), e.getMessage());
                    errors.merge(e.reason(), 1, Integer::sum);
                }
            });
        System.out.println("channel hostile bytes: decoded " + decoded + ", rejected " + errors);
        assertEquals(ChannelMessageError.values().length, errors.size(), "reasons reached: " + errors);
        assertEquals(26, decoded.size(), "types decoded: " + decoded);
    }

    /** Mode 0: random bytes after a type; 1: a valid encoding mutated; 2: a valid encoding resized. */
    static byte[] hostile(int mode, int type, Random r) {
        if (mode == 0 || type < 1 || type > 26) {
            byte[] b = new byte[r.nextInt(260)];
            r.nextBytes(b);
            if (b.length >= 4) {
                b[0] = (byte) type;
                b[1] = 0;
                b[2] = 0;
                b[3] = 0;
            }
            return b;
        }
        Sample s = sample(type, r.nextLong());
        byte[] valid = ChannelMessageCodec.encode(s.message(), s.version());
        if (mode == 1) {
            for (int i = r.nextInt(3); i >= 0; i--) {
                int at = 4 + r.nextInt(Math.max(1, valid.length - 4));
                if (at < valid.length) {
                    valid[at] = (byte) r.nextInt(256);
                }
            }
            return valid;
        }
        int length = Math.max(0, valid.length + r.nextInt(33) - 16);
        return java.util.Arrays.copyOf(valid, length);
    }
}
