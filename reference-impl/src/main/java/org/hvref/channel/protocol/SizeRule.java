package org.hvref.channel.protocol;

import java.util.List;
import java.util.stream.Collectors;

/** The lengths a message type accepts, as data in {@link ChannelMessageCatalog} (vmbus-core.md §2.1 size column). */
public sealed interface SizeRule {

    /**
     * One accepted length, optionally limited to a version range.
     *
     * @param length     message length including the header
     * @param minVersion oldest version that uses it, {@code null} = any (also before a version is negotiated)
     * @param maxVersion newest version that uses it, {@code null} = no limit
     */
    record Variant(int length, ProtocolVersion minVersion, ProtocolVersion maxVersion) {
        boolean allowedAt(ProtocolVersion version) {
            if (minVersion != null && (version == null || !version.isAtLeast(minVersion))) {
                return false;
            }
            return maxVersion == null || (version != null && maxVersion.isAtLeast(version));
        }

        @Override
        public String toString() {
            return length + (minVersion == null ? "" : " from " + minVersion)
                    + (maxVersion == null ? "" : " up to " + maxVersion);
        }
    }

    /**
     * A fixed set of lengths, newest variant first.
     *
     * @param variants the accepted lengths
     */
    record Fixed(List<Variant> variants) implements SizeRule {
        /** Copies. */
        public Fixed {
            variants = List.copyOf(variants);
        }

        @Override
        public String expected() {
            return variants.stream().map(Variant::toString).collect(Collectors.joining(" or "));
        }
    }

    /**
     * A fixed part followed by a bounded number of equal items.
     *
     * @param base       length of the fixed part including the header
     * @param itemLength length of each item
     * @param minItems   fewest items
     * @param maxItems   most items
     * @param what       what is counted, for messages ("gpadl body: 31 pfns")
     */
    record Repeated(int base, int itemLength, int minItems, int maxItems, String what) implements SizeRule {
        @Override
        public String expected() {
            return base + " + " + itemLength + "*n, n in " + minItems + ".." + maxItems;
        }

        /** @return the largest accepted length */
        public int maxLength() {
            return base + itemLength * maxItems;
        }
    }

    /** @return the accepted lengths, for error messages */
    String expected();
}
