package org.hvref.channel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hvref.ring.PacketDescriptor;
import org.hvref.ring.RingControlDescriptor;
import org.junit.jupiter.api.Test;

/**
 * The layout every descriptor publishes as data (STYLE.md B4): each {@code <FIELD>_OFFSET} constant has a static
 * {@code <field>Offset()} method and each {@code <FIELD>_LENGTH} a {@code <field>Length()} returning the same value;
 * the fields of one message do not overlap and end within its longest variant; channel-message fields follow the
 * 8-byte header. The ring descriptors are also compared with the fact-sheet tables (vmbus-core.md §6.1, §7.1).
 */
class DescriptorLayoutTest {
    /** Every channel-message descriptor of this package. */
    static final List<Class<?>> CHANNEL_DESCRIPTORS = List.of(ChannelMessageHeaderDescriptor.class,
        GpadlBodyDescriptor.class, GpadlCreatedDescriptor.class, GpadlHeaderDescriptor.class,
        GpadlTeardownDescriptor.class, GpadlTorndownDescriptor.class, InitiateContactDescriptor.class,
        ModifyChannelDescriptor.class, ModifyConnectionDescriptor.class, OfferChannelDescriptor.class,
        OpenChannelDescriptor.class, OpenChannelResultDescriptor.class, RelidMessageDescriptor.class,
        ReservedChannelDescriptor.class, TlConnectDescriptor.class, VersionResponseDescriptor.class);

    /**
     * Descriptors that lay out a request and its response: the response's fields (marked {@code [type]} in their
     * Javadoc) reuse the request's offsets, so each message is checked for overlaps on its own.
     */
    static final Map<Class<?>, Set<String>> SECOND_MESSAGE_FIELDS = Map.of(
        ModifyChannelDescriptor.class, Set.of("STATUS"),                 // MODIFYCHANNEL_RESPONSE (24)
        ModifyConnectionDescriptor.class, Set.of("CONNECTION_STATE"),    // MODIFY_CONNECTION_RESPONSE (26)
        TlConnectDescriptor.class, Set.of("STATUS"));                    // TL_CONNECT_RESULT (23)

    /** A field: name (constant prefix), offset and length. */
    record FieldLayout(String name, int offset, int length) {
        int end() {
            return offset + length;
        }
    }

    static String camel(String constantPrefix) {
        StringBuilder b = new StringBuilder();
        for (String part : constantPrefix.toLowerCase().split("_")) {
            b.append(b.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return b.toString();
    }

    static Map<String, Integer> constants(Class<?> c) throws IllegalAccessException {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Field f : c.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && f.getType() == int.class) {
                out.put(f.getName(), f.getInt(null));
            }
        }
        return out;
    }

    static int call(Class<?> c, String method) throws ReflectiveOperationException {
        Method m = c.getMethod(method);
        assertTrue(Modifier.isStatic(m.getModifiers()), c.getSimpleName() + "." + method + " is static");
        return (int) m.invoke(null);
    }

    /** Checks the accessors against the constants and returns the fields with both an offset and a length. */
    static List<FieldLayout> layout(Class<?> c) throws ReflectiveOperationException {
        Map<String, Integer> k = constants(c);
        List<FieldLayout> fields = new ArrayList<>();
        for (Map.Entry<String, Integer> e : k.entrySet()) {
            if (!e.getKey().endsWith("_OFFSET")) {
                continue;
            }
            String prefix = e.getKey().substring(0, e.getKey().length() - "_OFFSET".length());
            assertEquals(e.getValue(), call(c, camel(prefix) + "Offset"), c.getSimpleName() + " " + e.getKey());
            Integer length = k.get(prefix + "_LENGTH");
            if (length != null) {
                assertEquals(length, call(c, camel(prefix) + "Length"), c.getSimpleName() + " " + prefix + "_LENGTH");
                fields.add(new FieldLayout(prefix, e.getValue(), length));
            } else if (c == RingControlDescriptor.class) {
                int l = call(c, camel(prefix) + "Length");
                fields.add(new FieldLayout(prefix, e.getValue(), l));
            }
        }
        fields.sort(Comparator.comparingInt(FieldLayout::offset));
        Set<String> second = SECOND_MESSAGE_FIELDS.getOrDefault(c, Set.of());
        checkNoOverlap(c, fields.stream().filter(f -> !second.contains(f.name())).toList());
        checkNoOverlap(c, fields.stream().filter(f -> second.contains(f.name())).toList());
        return fields;
    }

    private static void checkNoOverlap(Class<?> c, List<FieldLayout> fields) {
        for (int i = 1; i < fields.size(); i++) {
            if (fields.get(i - 1).end() > fields.get(i).offset()) {
                fail(c.getSimpleName() + ": " + fields.get(i - 1) + " overlaps " + fields.get(i));
            }
        }
    }

    /** The longest variant a channel descriptor declares (LENGTH, LENGTH_*, MAX_LENGTH, MIN_LENGTH...). */
    static int longest(Class<?> c) throws IllegalAccessException {
        int max = 0;
        for (Map.Entry<String, Integer> e : constants(c).entrySet()) {
            String n = e.getKey();
            boolean field = n.endsWith("_LENGTH") && constants(c).containsKey(n.replaceAll("_LENGTH$", "_OFFSET"));
            if ((n.equals("LENGTH") || n.startsWith("LENGTH_") || n.endsWith("_LENGTH")) && !field) {
                max = Math.max(max, e.getValue());
            }
        }
        return max;
    }

    @Test
    void shouldPublishEveryChannelMessageFieldAsOffsetAndLengthAccessors() throws Exception {
        int checked = 0;
        for (Class<?> c : CHANNEL_DESCRIPTORS) {
            List<FieldLayout> fields = layout(c);
            assertTrue(!fields.isEmpty(), c.getSimpleName() + " has fields");
            int first = c == ChannelMessageHeaderDescriptor.class ? 0 : ChannelMessageHeaderDescriptor.LENGTH;
            assertTrue(fields.get(0).offset() >= first, c.getSimpleName() + ": first field " + fields.get(0)
                + " (expected: at or after offset " + first + ")");
            int limit = Math.max(longest(c), ChannelMessageHeaderDescriptor.LENGTH);
            FieldLayout last = fields.get(fields.size() - 1);
            assertTrue(last.end() <= Math.max(limit, ChannelMessageHeaderDescriptor.MAX_MESSAGE_LENGTH),
                c.getSimpleName() + ": " + last + " ends past " + limit);
            checked += fields.size();
        }
        assertTrue(checked > 60, "fields checked: " + checked);
    }

    @Test
    void shouldMatchTheFactSheetTablesOfTheRingDescriptors() throws Exception {
        // vmbus-core.md §6.1: write_index, read_index, interrupt_mask, pending_send_sz, feature_bits (u32 each)
        assertEquals(List.of(new FieldLayout("WRITE_INDEX", 0x00, 4), new FieldLayout("READ_INDEX", 0x04, 4),
            new FieldLayout("INTERRUPT_MASK", 0x08, 4), new FieldLayout("PENDING_SEND_SIZE", 0x0C, 4),
            new FieldLayout("FEATURE_BITS", 0x40, 4)), layout(RingControlDescriptor.class));
        // vmbus-core.md §7.1: type u16 @0, offset8 u16 @2, len8 u16 @4, flags u16 @6, trans_id u64 @8
        assertEquals(List.of(new FieldLayout("TYPE", 0, 2), new FieldLayout("OFFSET8", 2, 2),
            new FieldLayout("LEN8", 4, 2), new FieldLayout("FLAGS", 6, 2), new FieldLayout("TRANSACTION_ID", 8, 8)),
            layout(PacketDescriptor.class));
        assertEquals(PacketDescriptor.LENGTH, PacketDescriptor.transactionIdOffset()
            + PacketDescriptor.transactionIdLength());
        assertEquals(PacketDescriptor.TRAILER_START_OFFSET, PacketDescriptor.trailerStartOffset());
    }
}
