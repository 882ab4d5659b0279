package org.hvref.disk.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.hvref.disk.vhdx.ChannelImageFile;
import org.hvref.disk.vhdx.VhdxCreateOptions;
import org.hvref.disk.vhdx.VhdxImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of hvref's VHDX metadata updates, judged by qemu (issue 5 §3, devices-net-storage-pci.md §6.2.4): a
 * real image file is stopped at every mutating operation (write, truncate/extend, sync) of a script that allocates a
 * block (a BAT update through the log) and discards a whole block (ZERO state through the log); after each crash hvref
 * reopens the image (replaying the log), and then {@code qemu-img check} must find no errors, every write flushed
 * before the crash must be there, each sector of the interrupted operations must hold its old or its new content,
 * and qemu must read exactly what hvref reads ({@code qemu-img compare} against hvref's view).
 */
class VhdxCrashInteropTest {
    private static final int MIB = 1 << 20;
    private static final long SIZE = 8L * MIB;
    private static final int SECTOR = 512;
    /** Written and flushed before the crash run: must survive every crash. */
    private static final long FLUSHED = 1L * MIB + 8192;
    /** Written and flushed before the crash run, then discarded (its whole block) by the crashing script. */
    private static final long DISCARDED_BLOCK = 3L * MIB;
    /** Written by the crashing script into an unallocated block. */
    private static final long ALLOCATING = 5L * MIB + 4096;
    private static final int LENGTH = 16384;

    @TempDir
    Path dir;

    @Test
    void shouldReplayToAnImageQemuChecksCleanAfterACrashAtEveryOperation() throws IOException {
        int crashes = 0;
        for (int k = 0; ; k++) {
            Path image = dir.resolve("crash-" + k + ".vhdx");
            prepare(image);
            boolean crashed;
            try (VhdxImage rw = VhdxImage.open(CrashingImageFile.atOperation(ChannelImageFile.open(image, false), k),
                    false)) {
                crashed = !runScript(rw);
            } catch (IOException e) {
                assertEquals("injected crash", e.getMessage(), "crash " + k);
                crashed = true;
            }
            byte[] seen = checkAfterReopen(image, k);
            if (!crashed) {
                assertArrayEquals(pattern(LENGTH, 0x5a), Arrays.copyOfRange(seen, (int) ALLOCATING,
                        (int) ALLOCATING + LENGTH), "script ran to the end: the allocating write is there");
                assertArrayEquals(new byte[MIB], Arrays.copyOfRange(seen, (int) DISCARDED_BLOCK,
                        (int) DISCARDED_BLOCK + MIB), "script ran to the end: the discarded block reads zeros");
                break;
            }
            crashes++;
            Files.delete(image);
        }
        System.out.println("VhdxCrashInteropTest: " + crashes + " crash points, each replayed by hvref and checked "
                + "clean by qemu-img check");
        assertTrue(crashes >= 10, "the script has at least ten mutating operations (log writes, syncs, BAT, data): "
                + crashes);
    }

    /** An image with two flushed writes, closed cleanly. */
    private static void prepare(Path image) throws IOException {
        VhdxImage.create(image, VhdxCreateOptions.dynamic(SIZE).withBlockSize(MIB));
        try (VhdxImage rw = VhdxImage.open(image, false)) {
            rw.write(FLUSHED, pattern(LENGTH, 0x11), 0, LENGTH);
            rw.write(DISCARDED_BLOCK, pattern(MIB, 0x22), 0, MIB);
            rw.flush();
        }
    }

    /** Allocates a block, flushes, discards a whole block, flushes; false if a crash stopped it. */
    private static boolean runScript(VhdxImage rw) {
        try {
            rw.write(ALLOCATING, pattern(LENGTH, 0x5a), 0, LENGTH);
            rw.flush();
            rw.discard(DISCARDED_BLOCK, MIB);
            rw.flush();
            return true;
        } catch (IOException e) {
            assertEquals("injected crash", e.getMessage());
            return false;
        }
    }

    /** Reopens with hvref (log replay), checks the content rules, then qemu-img check and compare; hvref's view. */
    private byte[] checkAfterReopen(Path image, int k) throws IOException {
        byte[] seen = new byte[(int) SIZE];
        try (VhdxImage rw = VhdxImage.open(image, false)) {
            rw.read(0, seen, 0, seen.length);
        }
        String at = "crash at operation " + k;
        assertArrayEquals(pattern(LENGTH, 0x11), Arrays.copyOfRange(seen, (int) FLUSHED, (int) FLUSHED + LENGTH),
                at + ": the write flushed before the crash");
        assertSectorsOldOrNew(seen, ALLOCATING, LENGTH, (byte) 0, (byte) 0x5a, at + ": allocating write");
        assertSectorsOldOrNew(seen, DISCARDED_BLOCK, MIB, (byte) 0x22, (byte) 0, at + ": discarded block");
        for (int i = 0; i < seen.length; i++) {
            boolean written = inside(i, FLUSHED, LENGTH) || inside(i, ALLOCATING, LENGTH)
                    || inside(i, DISCARDED_BLOCK, MIB);
            if (!written && seen[i] != 0) {
                throw new AssertionError(at + ": byte " + i + " never written reads " + seen[i]);
            }
        }
        String check = QemuTools.ok("qemu-img", "check", "-f", "vhdx", image.toString());
        assertTrue(check.contains("No errors were found"), at + ": " + check);
        Path raw = dir.resolve("hvref-view.raw");
        Files.write(raw, seen);
        QemuTools.ok("qemu-img", "compare", "-f", "raw", "-F", "vhdx", raw.toString(), image.toString());
        return seen;
    }

    private static void assertSectorsOldOrNew(byte[] seen, long offset, int length, byte old, byte now, String what) {
        for (int s = 0; s < length; s += SECTOR) {
            int from = (int) offset + s;
            byte first = seen[from];
            if (first != old && first != now) {
                throw new AssertionError(what + ": sector at " + from + " reads " + first + " (expected: " + old
                        + " or " + now + ")");
            }
            for (int i = from; i < from + SECTOR; i++) {
                if (seen[i] != first) {
                    throw new AssertionError(what + ": sector at " + from + " is torn at byte " + i);
                }
            }
        }
    }

    private static boolean inside(int i, long offset, int length) {
        return i >= offset && i < offset + length;
    }

    private static byte[] pattern(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
