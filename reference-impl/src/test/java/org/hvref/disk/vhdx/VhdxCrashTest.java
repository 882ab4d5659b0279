package org.hvref.disk.vhdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Crashes a writer at every mutating file operation of a script of writes and flushes (block allocations, BAT updates
 * through the log, header updates), on a disk that keeps every completed write, only the synced ones, or every
 * completed write plus garbage over the whole range of the interrupted one; the restarted image must open (replaying
 * the log), hold every write that a completed flush covered, hold either old or new data elsewhere, and stay writable;
 * a second script with discards (whole blocks set to ZERO through the log, partial ones zeroed) must recover the same
 * way.
 */
class VhdxCrashTest {
    private static final long MIB = VhdxLayout.MIB;
    private static final int SECTOR = 512;

    /** One scripted step: a write of {@code sectors} sectors of {@code fill} at {@code offset}, or a flush. */
    private record Step(long offset, int sectors, int fill) {
        boolean flush() {
            return sectors == 0;
        }
    }

    private static final List<Step> SCRIPT = List.of(
            new Step(0, 8, 0x11),
            new Step(2 * MIB + 4096, 16, 0x22),
            new Step(0, 0, 0),
            new Step(64 * SECTOR, 8, 0x33),
            new Step(5 * MIB - 2048, 8, 0x44),
            new Step(0, 0, 0),
            new Step(3 * MIB, 4, 0x55),
            new Step(7 * MIB, 4, 0x66));

    private static MemoryImageFile base(boolean zeroState) throws IOException {
        return VhdxImageTest.created(VhdxCreateOptions.dynamic(8 * MIB).withBlockSize(MIB)
                .withBlockStateZero(zeroState));
    }

    /** Runs the script until done or the injected crash; returns how many steps completed. */
    private static int runScript(MemoryImageFile f) {
        int done = 0;
        try (VhdxImage image = VhdxImage.open(f, false)) {
            for (Step s : SCRIPT) {
                if (s.flush()) {
                    image.flush();
                } else {
                    byte[] b = new byte[s.sectors() * SECTOR];
                    Arrays.fill(b, (byte) s.fill());
                    image.write(s.offset(), b, 0, b.length);
                }
                done++;
            }
        } catch (IOException e) {
            assertEquals("injected crash", e.getMessage());
        }
        return done;
    }

    @Test
    void shouldRecoverFromACrashAtEveryWrite() throws IOException {
        for (boolean zeroState : new boolean[] {true, false}) {
            MemoryImageFile dry = base(zeroState);
            long before = dry.operations();
            assertEquals(SCRIPT.size(), runScript(dry));
            long total = dry.operations() - before;
            assertTrue(total > 40, "script does " + total + " file operations");
            int recovered = 0;
            for (long k = 0; k <= total; k++) {
                for (int mode = 0; mode < 3; mode++) {
                    boolean keepUnsynced = mode != 1;
                    boolean torn = mode == 2;
                    MemoryImageFile f = base(zeroState);
                    f.crashAfter(k);
                    int done = runScript(f);
                    MemoryImageFile restarted = f.afterCrash(keepUnsynced, torn);
                    check(restarted, done, torn, "crash after " + k + " ops, mode " + mode);
                    recovered++;
                }
            }
            assertEquals(3 * (total + 1), recovered);
        }
    }

    private static void check(MemoryImageFile f, int done, boolean torn, String when) throws IOException {
        int lastFlush = -1;
        for (int i = 0; i < done; i++) {
            if (SCRIPT.get(i).flush()) {
                lastFlush = i;
            }
        }
        try (VhdxImage image = VhdxImage.open(f, false)) {
            assertFalse(image.header().logDirty(), when);
            for (int i = 0; i < SCRIPT.size(); i++) {
                Step s = SCRIPT.get(i);
                if (s.flush()) {
                    continue;
                }
                byte[] got = new byte[s.sectors() * SECTOR];
                image.read(s.offset(), got, 0, got.length);
                for (int sec = 0; sec < s.sectors(); sec++) {
                    byte[] one = Arrays.copyOfRange(got, sec * SECTOR, (sec + 1) * SECTOR);
                    boolean isNew = allEqual(one, (byte) s.fill());
                    boolean isOld = allEqual(one, (byte) 0);
                    if (i < lastFlush) {
                        assertTrue(isNew, when + ": flushed write " + i + " sector " + sec + " lost");
                    } else if (torn && i == done) {
                        continue; // the interrupted write's own sectors may hold anything
                    } else if (i >= done + 1) {
                        assertTrue(isOld, when + ": write " + i + " never started but sector " + sec + " changed");
                    } else {
                        assertTrue(isNew || isOld, when + ": write " + i + " sector " + sec + " is garbage");
                    }
                }
            }
            byte[] more = new byte[4096];
            Arrays.fill(more, (byte) 0x77);
            image.write(6 * MIB, more, 0, more.length);
        }
        try (VhdxImage again = VhdxImage.open(f, true)) {
            byte[] got = new byte[4096];
            again.read(6 * MIB, got, 0, got.length);
            assertTrue(allEqual(got, (byte) 0x77), when + ": image not writable after recovery");
        }
    }

    private static boolean allEqual(byte[] b, byte v) {
        for (byte x : b) {
            if (x != v) {
                return false;
            }
        }
        return true;
    }

    /** Guard: the script must contain flushes, or the "flushed write lost" check proves nothing. */
    @Test
    void scriptShouldFlushBetweenWrites() {
        List<Integer> flushes = new ArrayList<>();
        for (int i = 0; i < SCRIPT.size(); i++) {
            if (SCRIPT.get(i).flush()) {
                flushes.add(i);
            }
        }
        assertEquals(List.of(2, 5), flushes);
    }

    /** A step of the discard script: write {@code sectors} of {@code fill}, discard them ({@code fill < 0}), flush. */
    private record Op(long offset, int sectors, int fill) {
        static final int FLUSH = -2;
        static final int DISCARD = -1;
    }

    private static final List<Op> DISCARD_SCRIPT = List.of(
            new Op(0, 8, 0x11),
            new Op(MIB + 4096, 16, 0x22),
            new Op(3 * MIB + 512, 8, 0x33),
            new Op(4 * MIB, 8, 0x34),
            new Op(0, 0, Op.FLUSH),
            new Op(0, 2048, Op.DISCARD), // whole block 0 -> ZERO through the log
            new Op(MIB + 4096 + 4 * SECTOR, 8, Op.DISCARD), // part of block 1 -> zeroed in place
            new Op(0, 0, Op.FLUSH),
            new Op(3 * MIB + 1024, 2048 + 2046, Op.DISCARD), // part of block 3 and all of block 4
            new Op(4096, 4, 0x44), // block 0 allocated again
            new Op(7 * MIB, 2048, Op.DISCARD)); // never allocated: nothing to do

    /** Sector fills after each prefix of the discard script: {@code states[k]} = after {@code k} steps. */
    private static byte[][] discardStates() {
        byte[][] states = new byte[DISCARD_SCRIPT.size() + 1][(int) (8 * MIB / SECTOR)];
        for (int k = 0; k < DISCARD_SCRIPT.size(); k++) {
            states[k + 1] = states[k].clone();
            Op op = DISCARD_SCRIPT.get(k);
            if (op.fill() != Op.FLUSH) {
                int first = (int) (op.offset() / SECTOR);
                Arrays.fill(states[k + 1], first, first + op.sectors(), (byte) Math.max(op.fill(), 0));
            }
        }
        return states;
    }

    private static int runDiscardScript(MemoryImageFile f) {
        int done = 0;
        try (VhdxImage image = VhdxImage.open(f, false)) {
            for (Op op : DISCARD_SCRIPT) {
                if (op.fill() == Op.FLUSH) {
                    image.flush();
                } else if (op.fill() == Op.DISCARD) {
                    image.discard(op.offset(), (long) op.sectors() * SECTOR);
                } else {
                    byte[] b = new byte[op.sectors() * SECTOR];
                    Arrays.fill(b, (byte) op.fill());
                    image.write(op.offset(), b, 0, b.length);
                }
                done++;
            }
        } catch (IOException e) {
            assertEquals("injected crash", e.getMessage());
        }
        return done;
    }

    @Test
    void shouldRecoverFromACrashAtEveryStepOfDiscards() throws IOException {
        byte[][] states = discardStates();
        for (boolean zeroState : new boolean[] {true, false}) {
            MemoryImageFile dry = base(zeroState);
            long before = dry.operations();
            assertEquals(DISCARD_SCRIPT.size(), runDiscardScript(dry));
            long total = dry.operations() - before;
            try (VhdxImage image = VhdxImage.open(dry, true)) {
                assertEquals(VhdxBat.entry(VhdxBat.ZERO, 0), image.batEntry(4), "block 4 discarded");
                assertEquals(VhdxBat.FULLY_PRESENT, VhdxBat.state(image.batEntry(1)), "block 1 partly discarded");
                checkSectors(image, states, DISCARD_SCRIPT.size(), DISCARD_SCRIPT.size(), -1, "no crash");
            }
            for (long k = 0; k <= total; k++) {
                for (int mode = 0; mode < 3; mode++) {
                    MemoryImageFile f = base(zeroState);
                    f.crashAfter(k);
                    int done = runDiscardScript(f);
                    MemoryImageFile restarted = f.afterCrash(mode != 1, mode == 2);
                    String when = "discard script, crash after " + k + " ops, mode " + mode;
                    int lastFlush = -1;
                    for (int i = 0; i < done; i++) {
                        if (DISCARD_SCRIPT.get(i).fill() == Op.FLUSH) {
                            lastFlush = i;
                        }
                    }
                    try (VhdxImage image = VhdxImage.open(restarted, false)) {
                        assertFalse(image.header().logDirty(), when);
                        checkSectors(image, states, lastFlush + 1, Math.min(done + 1, DISCARD_SCRIPT.size()),
                                mode == 2 && done < DISCARD_SCRIPT.size() ? done : -1, when);
                        byte[] more = new byte[4096];
                        Arrays.fill(more, (byte) 0x77);
                        image.write(6 * MIB, more, 0, more.length);
                        image.discard(3 * MIB, MIB);
                    }
                    try (VhdxImage again = VhdxImage.open(restarted, true)) {
                        byte[] got = new byte[4096];
                        again.read(6 * MIB, got, 0, got.length);
                        assertTrue(allEqual(got, (byte) 0x77), when + ": image not writable after recovery");
                        byte[] gone = new byte[(int) MIB];
                        again.read(3 * MIB, gone, 0, gone.length);
                        assertTrue(allEqual(gone, (byte) 0), when + ": discard after recovery not applied");
                    }
                }
            }
        }
    }

    /**
     * Every sector any step touches holds the fill of some state in {@code [from, to]} (a flushed step is never
     * undone, a step not yet started never shows); the torn step's own range may hold anything.
     */
    private static void checkSectors(VhdxImage image, byte[][] states, int from, int to, int torn, String when)
            throws IOException {
        byte[] sector = new byte[SECTOR];
        long tornFirst = torn < 0 ? -1 : DISCARD_SCRIPT.get(torn).offset() / SECTOR;
        long tornEnd = torn < 0 ? -1 : tornFirst + DISCARD_SCRIPT.get(torn).sectors();
        for (int i = 0; i < DISCARD_SCRIPT.size(); i++) {
            Op op = DISCARD_SCRIPT.get(i);
            for (int s = 0; s < op.sectors(); s++) {
                int index = (int) (op.offset() / SECTOR) + s;
                image.read((long) index * SECTOR, sector, 0, SECTOR);
                if (index >= tornFirst && index < tornEnd) {
                    continue;
                }
                boolean ok = false;
                for (int k = from; k <= to && !ok; k++) {
                    ok = allEqual(sector, states[k][index]);
                }
                if (!ok) {
                    throw new AssertionError(when + ": sector " + index + " (step " + i + ") holds 0x"
                            + Integer.toHexString(sector[0] & 0xFF) + ", not the fill of any state " + from + ".."
                            + to);
                }
            }
        }
    }
}
