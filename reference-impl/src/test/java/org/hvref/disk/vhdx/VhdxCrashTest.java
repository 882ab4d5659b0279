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
 * Crashes a writer at every mutating file operation of a script of writes and flushes (block allocations, BAT
 * updates through the log, header updates), on a disk that keeps every completed write, only the synced ones, or
 * every completed write plus garbage over the whole range of the interrupted one; the restarted image must open (replaying the log), hold every write that a completed flush covered, hold
 * either old or new data elsewhere, and stay writable.
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
}
