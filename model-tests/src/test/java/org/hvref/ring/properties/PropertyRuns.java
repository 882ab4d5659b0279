package org.hvref.ring.properties;

import org.quicktheories.QuickTheory;

/**
 * Fixed seeds and example counts for every property of this package. CI always runs with the defaults; to
 * reproduce or explore, {@code -Dhvref.props.seed=N} replaces every seed and {@code -Dhvref.props.scale=K}
 * multiplies the example counts. QuickTheories prints the seed ("Seed was ...") with every falsification.
 */
final class PropertyRuns {
    private PropertyRuns() {
    }

    static long seed(long defaultSeed) {
        return Long.getLong("hvref.props.seed", defaultSeed);
    }

    static int examples(int defaultExamples) {
        return Math.max(1, defaultExamples * Integer.getInteger("hvref.props.scale", 1));
    }

    /** QuickTheories with a fixed seed (printed now, and by QuickTheories on failure) and a fixed example count. */
    static QuickTheory qt(String property, long defaultSeed, int defaultExamples) {
        long seed = seed(defaultSeed);
        int examples = examples(defaultExamples);
        System.out.println(property + ": seed " + seed + ", " + examples + " examples");
        return QuickTheory.qt().withFixedSeed(seed).withExamples(examples).withShrinkCycles(2000);
    }
}
