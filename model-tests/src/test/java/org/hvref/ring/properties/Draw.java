package org.hvref.ring.properties;

import java.util.SplittableRandom;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Draws values for a generator from QuickTheories' {@link RandomnessSource}, so every choice shrinks towards its
 * lower bound. Bulk bytes come from a drawn seed ({@link #bulk()}): reproducible, but shrunk only as a whole.
 */
final class Draw {
    private final RandomnessSource in;

    Draw(RandomnessSource in) {
        this.in = in;
    }

    /** @return a value in {@code [lo, hi]} */
    int between(int lo, int hi) {
        return (int) in.next(Constraint.between(lo, hi));
    }

    /** @return a value in {@code [lo, hi]} */
    long between(long lo, long hi) {
        return in.next(Constraint.between(lo, hi));
    }

    /** @return any int */
    int anyInt() {
        return between(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** @return any long */
    long anyLong() {
        return in.next(Constraint.none());
    }

    /** @return true with probability 1/n */
    boolean oneIn(int n) {
        return between(0, n - 1) == 0;
    }

    /** @return a random boolean */
    boolean bool() {
        return between(0, 1) == 1;
    }

    /** @return one of the values (shrinks towards the first) */
    @SafeVarargs
    final <T> T pick(T... values) {
        return values[between(0, values.length - 1)];
    }

    /** @return one of the values (shrinks towards the first) */
    int pickInt(int... values) {
        return values[between(0, values.length - 1)];
    }

    /** @return one of the values (shrinks towards the first) */
    long pickLong(long... values) {
        return values[between(0, values.length - 1)];
    }

    /** @return a generator of bulk pseudo-random data, seeded from one drawn value */
    SplittableRandom bulk() {
        return new SplittableRandom(anyLong());
    }

    /** @return {@code n} bytes: random, all zero, or a short repeating pattern */
    byte[] bytes(int n) {
        byte[] b = new byte[n];
        switch (between(0, 5)) {
            case 0:
                return b;
            case 1:
                java.util.Arrays.fill(b, (byte) between(0, 255));
                return b;
            default:
                bulk().nextBytes(b);
                return b;
        }
    }
}
