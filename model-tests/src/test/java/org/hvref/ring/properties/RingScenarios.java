package org.hvref.ring.properties;

import java.util.ArrayList;
import java.util.List;
import org.hvref.ring.properties.RingScenario.Op;
import org.quicktheories.core.Gen;

/** QuickTheories generators of {@link RingScenario}s: hostile rings, corrupted valid rings, changing control pages. */
final class RingScenarios {
    /** Relative weights of the op codes in {@link #hostile()} (READ, BEGIN, END, SET_WI, ... APPEND). */
    private static final int[] HOSTILE_WEIGHTS = {30, 8, 8, 4, 5, 2, 2, 3, 6, 2, 6, 8, 14};
    /** Weights for rings whose control page changes under a reader but whose packets stay valid. */
    private static final int[] CHANGING_WEIGHTS = {30, 8, 8, 2, 4, 0, 0, 4, 10, 2, 0, 0, 30};

    private RingScenarios() {
    }

    /** Anything: random or valid-chain data, indexes anywhere, every kind of edit between and inside batches. */
    static Gen<RingScenario> hostile() {
        return in -> {
            Draw d = new Draw(in);
            int dataSize = dataSize(d);
            int chain = d.between(0, 2) == 0 ? 0 : 1 + d.between(0, 12);
            return new RingScenario(dataSize, d.between(0, 1) | (d.oneIn(4) ? RingScenario.OPTION_TRACED : 0),
                chain, index(d, dataSize), index(d, dataSize), d.pickInt(0, 1, d.anyInt()), pending(d, dataSize),
                d.pickInt(1, 0, d.anyInt()), data(d, dataSize), ops(d, dataSize, HOSTILE_WEIGHTS, 16, 4));
        };
    }

    /**
     * A valid chain of packets, then peers that append, move write_index, and change pending_send_sz and
     * interrupt_mask between and during batches: the control page changing between reads.
     */
    static Gen<RingScenario> changingControlPage() {
        return in -> {
            Draw d = new Draw(in);
            int dataSize = dataSize(d);
            int ri = 8 * d.between(0, dataSize / 8 - 1);
            return new RingScenario(dataSize, d.between(0, 3), 1 + d.between(0, 24), 0, ri, d.pickInt(0, 1),
                pending(d, dataSize), 1, d.bytes(dataSize), ops(d, dataSize, CHANGING_WEIGHTS, 24, 2));
        };
    }

    /**
     * A valid chain with at least one packet whose first packet is then corrupted so that reading it must fail,
     * followed by repairs and more reader calls: the reader must stay failed.
     */
    static Gen<RingScenario> corruptedThenRepaired() {
        return in -> {
            Draw d = new Draw(in);
            int dataSize = 8 * d.between(64, 1536);
            int ri = 8 * d.between(0, dataSize / 8 - 1);
            List<Op> ops = new ArrayList<>();
            if (d.bool()) {
                ops.add(new Op(Op.READ, d.between(0, 15), 0xFFFF, 0));          // read the chain first
                ops.add(new Op(Op.APPEND, 0, 0, d.between(0, 63)));             // one more packet, then break it
            }
            switch (d.between(0, 3)) {
                case 0:
                    ops.add(new Op(Op.CORRUPT_NEXT, 0, 0, d.between(0, 1)));                 // offset8 < 2
                    break;
                case 1:
                    ops.add(new Op(Op.CORRUPT_NEXT, 1, 0, d.pickInt(0, 1, 0xFFFF)));         // len8 < 2 or huge
                    break;
                case 2:
                    ops.add(new Op(Op.CORRUPT_NEXT, 2, 0, dataSize + 8 * d.between(0, 99)));  // trailer elsewhere
                    break;
                default:
                    ops.add(new Op(Op.MOVE_WI, 0, 0, d.pickInt(4, 1, -4)));                  // misaligned
            }
            ops.add(new Op(d.pickInt(Op.READ, Op.BEGIN), 0, 0xFFFF, 0));
            ops.add(new Op(Op.READ, 15, 0xFFFF, 0));
            int more = d.between(3, 10);
            for (int i = 0; i < more; i++) {
                ops.add(d.bool() ? new Op(d.pickInt(Op.APPEND, Op.SET_WI, Op.SET_PENDING, Op.SET_MASK), 0, 0,
                    d.pickInt(0, 8 * d.between(0, dataSize / 8 - 1)))
                    : new Op(d.pickInt(Op.READ, Op.BEGIN, Op.END), d.between(0, 15), 0xFFFF, 0));
            }
            ops.add(new Op(Op.READ, 15, 0xFFFF, 0));                              // after the repairs
            return new RingScenario(dataSize, d.between(0, 3), 2 + d.between(0, 8), 0, ri, 0, 0, 1,
                d.bytes(dataSize), ops);
        };
    }

    private static int dataSize(Draw d) {
        switch (d.between(0, 2)) {
            case 0:
                return 8 * d.between(3, 64);                     // tiny: wraps and "packet exceeds ring" often
            case 1:
                return 4096 * d.between(1, 3);                   // real ring sizes
            default:
                return 8 * d.between(3, RingScenario.MAX_DATA_SIZE / 8);
        }
    }

    /** An index: mostly aligned and in range, else misaligned, at an edge, or anything. */
    static int index(Draw d, int dataSize) {
        switch (d.between(0, 9)) {
            case 0:
                return d.between(0, dataSize - 1) | d.between(1, 7);
            case 1:
                return d.pickInt(dataSize, dataSize - 8, dataSize + 8, -8, -1, Integer.MIN_VALUE, 0x7FFF_FFF8);
            case 2:
                return d.anyInt();
            default:
                return 8 * d.between(0, dataSize / 8 - 1);
        }
    }

    private static int pending(Draw d, int dataSize) {
        switch (d.between(0, 4)) {
            case 0:
            case 1:
                return 0;
            case 2:
                return d.anyInt();
            default:
                return 8 * d.between(1, dataSize / 8) + (d.oneIn(4) ? d.between(1, 7) : 0);
        }
    }

    /** Data region bytes: random, zero, constant, or a descriptor-like word at every 8-byte offset. */
    private static byte[] data(Draw d, int dataSize) {
        if (d.between(0, 2) < 2) {
            return d.bytes(dataSize);                            // (shrinks to all zeros)
        }
        java.util.SplittableRandom rnd = d.bulk();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(dataSize).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < dataSize; at += 8) {
            int offset8 = rnd.nextInt(8) == 0 ? rnd.nextInt(4) : 2;
            int len8 = rnd.nextInt(8) == 0 ? rnd.nextInt(0x10000) : 2 + rnd.nextInt(Math.min(40, dataSize / 8));
            long word = 0x6 | (long) offset8 << 16 | (long) len8 << 32;
            b.putLong(at, rnd.nextInt(4) == 0 ? (long) at << 32 : word);      // sometimes a plausible trailer
        }
        return b.array();
    }

    private static List<Op> ops(Draw d, int dataSize, int[] weights, int maxOps, int midBatchOneIn) {
        int n = d.between(1, maxOps);
        List<Op> ops = new ArrayList<>(n);
        while (ops.size() < n) {
            Op op = op(d, dataSize, weights);
            if (op.code() == Op.READ) {
                op = new Op(Op.READ, op.a(), d.oneIn(midBatchOneIn) ? d.between(0, 3) : 0xFFFF, 0);
            }
            ops.add(op);
            if (op.code() == Op.READ && op.b() < 16) {
                Op edit;
                do {
                    edit = op(d, dataSize, weights);
                } while (!edit.isEdit());
                ops.add(edit);
            }
        }
        return ops;
    }

    private static Op op(Draw d, int dataSize, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = d.between(0, total - 1);
        int code = 0;
        while (r >= weights[code]) {
            r -= weights[code++];
        }
        switch (code) {
            case Op.READ:
                return new Op(code, d.between(0, 15), 0xFFFF, 0);
            case Op.BEGIN:
                return new Op(code, d.oneIn(6) ? 1 : 0, 0, 0);
            case Op.END:
                return new Op(code, 0, 0, 0);
            case Op.SET_WI:
            case Op.SET_RI:
                return new Op(code, 0, 0, index(d, dataSize));
            case Op.MOVE_WI:
            case Op.MOVE_RI:
                return new Op(code, 0, 0, d.oneIn(4) ? d.between(-64, 64) : 8 * d.between(-dataSize / 8, dataSize / 8));
            case Op.SET_MASK:
            case Op.SET_FEATURE:
                return new Op(code, 0, 0, d.pickInt(0, 1, d.anyInt()));
            case Op.SET_PENDING:
                return new Op(code, 0, 0, pending(d, dataSize));
            case Op.POKE:
                return new Op(code, d.between(0, 3), d.between(0, dataSize - 1), d.anyInt());
            case Op.CORRUPT_NEXT:
                return new Op(code, d.between(0, 3), 0, d.oneIn(3) ? d.anyInt()
                    : d.pickInt(0, 1, 2, 3, 0xFFFF, dataSize / 8, dataSize / 8 - 1, d.between(0, 40)));
            default:
                return new Op(code, d.between(0, 1), 0, d.oneIn(8) ? d.anyInt() : d.between(0, 63));
        }
    }
}
