package org.hvref.ring.properties;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.hvref.ring.MalformedPacketException;
import org.hvref.ring.PacketCodec;
import org.hvref.ring.PacketError;
import org.hvref.ring.VmbusPacket;

/**
 * The oracle for "the decoder never throws anything but the typed protocol exception on arbitrary bytes", shared by
 * {@link PacketCodecProperties} and {@link PacketCodecFuzzTest}.
 *
 * <p>For any bytes it checks that {@link PacketCodec#decode} either returns or throws {@link
 * MalformedPacketException}; that the outcome does not depend on the bytes around the packet, on the buffer's
 * position, byte order or kind (heap/direct) — so nothing outside {@code [offset, offset+length)} is read; and,
 * when a packet is returned, that its type, flags, transaction id and payload are the input's bytes at the
 * documented offsets, that the packet re-encodes (identically with {@link ReferenceEncoder}) to a canonical form
 * that is no longer than the input and decodes to the same packet.
 */
final class CodecOracle {
    /** What one decode produced. */
    record Outcome(VmbusPacket packet, PacketError error, String message) {
        boolean decoded() {
            return packet != null;
        }
    }

    /** Outcome counts over many inputs, to show which branches a property reached. */
    static final class Stats {
        final Map<PacketError, Integer> errors = new EnumMap<>(PacketError.class);
        final Map<String, Integer> decoded = new TreeMap<>();
        int inputs;

        void add(Outcome o) {
            inputs++;
            if (o.decoded()) {
                decoded.merge(o.packet().type().toString(), 1, Integer::sum);
            } else {
                errors.merge(o.error(), 1, Integer::sum);
            }
        }

        @Override
        public String toString() {
            return inputs + " inputs, decoded " + decoded + ", rejected " + errors;
        }
    }

    private CodecOracle() {
    }

    static Outcome check(byte[] packet, Stats stats) {
        Outcome plain = outcome(packet, () -> PacketCodec.decode(packet.clone(), packet.length));
        Outcome zeros = outcome(packet, () -> {
            ByteBuffer b = surrounded(packet, 24, (byte) 0, false);
            return PacketCodec.decode(b, 24, packet.length);
        });
        Outcome ones = outcome(packet, () -> {
            ByteBuffer b = surrounded(packet, 8, (byte) 0xFF, true).order(ByteOrder.BIG_ENDIAN);
            b.position(8);
            return PacketCodec.decode(b, packet.length);
        });
        for (Outcome other : new Outcome[] {zeros, ones}) {
            if (!plain.equals(other)) {
                throw new AssertionError("decode depends on bytes outside the packet, position or byte order: "
                    + plain + " vs " + other + " for " + hex(packet));
            }
        }
        if (plain.decoded()) {
            checkDecoded(packet, plain.packet());
        }
        if (stats != null) {
            stats.add(plain);
        }
        return plain;
    }

    private static ByteBuffer surrounded(byte[] packet, int lead, byte fill, boolean direct) {
        int size = lead + packet.length + 16;
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        for (int i = 0; i < size; i++) {
            b.put(i, fill);
        }
        b.put(lead, packet);
        return b;
    }

    private static Outcome outcome(byte[] packet, java.util.function.Supplier<VmbusPacket> decode) {
        try {
            VmbusPacket p = decode.get();
            if (p == null) {
                throw new AssertionError("decoder returned null for " + hex(packet));
            }
            return new Outcome(p, null, null);
        } catch (MalformedPacketException e) {
            if (e.reason() == null || e.getMessage() == null || !e.getMessage().contains("expected")) {
                throw new AssertionError("malformed-packet exception without reason or grammar: " + e, e);
            }
            return new Outcome(null, e.reason(), e.getMessage());
        } catch (RuntimeException | Error e) {
            throw new AssertionError("decoder threw " + e + " (expected: a packet or MalformedPacketException) on "
                + hex(packet), e);
        }
    }

    private static void checkDecoded(byte[] in, VmbusPacket p) {
        ByteBuffer b = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN);
        int offset8 = Short.toUnsignedInt(b.getShort(2));
        int len8 = Short.toUnsignedInt(b.getShort(4));
        check(p.type().code() == Short.toUnsignedInt(b.getShort(0)), "type", p, in);
        check(p.flags() == Short.toUnsignedInt(b.getShort(6)), "flags", p, in);
        check(p.transactionId() == b.getLong(8), "transaction id", p, in);
        check(len8 * 8 == in.length && offset8 >= 2 && offset8 <= len8, "accepted framing", p, in);
        check(Arrays.equals(p.payload(), Arrays.copyOfRange(in, offset8 * 8, in.length)), "payload", p, in);
        byte[] canonical = PacketCodec.encode(p);
        check(Arrays.equals(canonical, ReferenceEncoder.encode(p)), "encoding matches the reference encoder", p, in);
        check(canonical.length <= in.length, "canonical encoding not longer than the input", p, in);
        check(PacketCodec.decode(canonical, canonical.length).equals(p), "canonical form decodes to the packet", p,
            in);
    }

    private static void check(boolean ok, String what, VmbusPacket p, byte[] in) {
        if (!ok) {
            throw new AssertionError(what + " wrong: decoded " + p + " from " + hex(in));
        }
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2 + 16).append(b.length).append(" bytes ");
        for (int i = 0; i < Math.min(b.length, 256); i++) {
            sb.append(Character.forDigit((b[i] >> 4) & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
        }
        return b.length > 256 ? sb.append("...").toString() : sb.toString();
    }
}
