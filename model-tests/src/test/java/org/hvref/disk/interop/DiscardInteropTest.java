package org.hvref.disk.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.disk.DiskImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discard seen by qemu 7.2: qemu-io writes patterns into qemu-made images (raw, VHD fixed and dynamic, VHDX fixed
 * and dynamic, block_state_zero on and off) and hvref-made ones, hvref discards ranges (parts of blocks, whole
 * blocks, never-written ones), and then {@code qemu-io read -P 0} sees zeros there, the other patterns are intact,
 * {@code qemu-img compare} against a raw model finds no difference and {@code qemu-img check} (VHDX) is clean.
 */
class DiscardInteropTest {
    private static final int MIB = 1 << 20;
    private static final long SIZE = 24L * MIB;

    @TempDir
    Path dir;

    private record Range(long offset, long length) {
    }

    /** Written with pattern 0x20 + index. */
    private static final List<Range> WRITES = List.of(new Range(0, 4 * MIB), new Range(9 * MIB - 4096, 2 * MIB),
            new Range(16 * MIB, 8 * MIB));

    /** Discarded afterwards: part of a block, whole 8 MiB block 2 (16..24 MiB), a straddling range, unwritten. */
    private static final List<Range> DISCARDS = List.of(new Range(4096, 8192), new Range(16 * MIB, 8 * MIB),
            new Range(3 * MIB, 7 * MIB), new Range(12 * MIB, MIB));

    private void run(String name, DiskFormat format, String... createOptions) throws IOException {
        Path image = dir.resolve(name);
        if (createOptions == null) {
            boolean fixed = name.contains("fixed");
            DiskImages.create(image, format, SIZE, fixed).close();
        } else {
            List<String> cmd = new java.util.ArrayList<>(List.of("qemu-img", "create", "-f", format.qemuName()));
            for (String o : createOptions) {
                cmd.add("-o");
                cmd.add(o);
            }
            cmd.add(image.toString());
            cmd.add(Long.toString(SIZE));
            QemuTools.ok(cmd.toArray(String[]::new));
        }
        long size;
        try (DiskImage d = DiskImages.open(image, format, true)) {
            size = d.size();
        }
        byte[] model = new byte[(int) size];
        String[] writes = new String[WRITES.size()];
        for (int i = 0; i < WRITES.size(); i++) {
            Range w = WRITES.get(i);
            writes[i] = "write -P 0x" + Integer.toHexString(0x20 + i) + " " + w.offset() + " " + w.length();
            Arrays.fill(model, (int) w.offset(), (int) (w.offset() + w.length()), (byte) (0x20 + i));
        }
        ok(QemuTools.qemuIo(null, format.qemuName(), image, writes), name + " qemu-io write");
        try (DiskImage d = DiskImages.open(image, format, false)) {
            for (Range r : DISCARDS) {
                d.discard(r.offset(), r.length());
                Arrays.fill(model, (int) r.offset(), (int) (r.offset() + r.length()), (byte) 0);
            }
            d.flush();
        }
        String[] reads = new String[DISCARDS.size() + 2];
        for (int i = 0; i < DISCARDS.size(); i++) {
            reads[i] = "read -P 0 " + DISCARDS.get(i).offset() + " " + DISCARDS.get(i).length();
        }
        reads[DISCARDS.size()] = "read -P 0x20 " + 3 * MIB / 2 + " " + MIB; // survives next to the discards
        reads[DISCARDS.size() + 1] = "read -P 0x21 " + 10 * MIB + " " + (MIB - 4096);
        ok(QemuTools.qemuIo(null, format.qemuName(), image, reads), name + " qemu-io read");
        if (format == DiskFormat.VHDX) {
            QemuTools.ok("qemu-img", "check", "-f", "vhdx", image.toString());
        }
        Path raw = dir.resolve(name + ".model.raw");
        Files.write(raw, model);
        QemuTools.ok("qemu-img", "compare", "-f", "raw", "-F", format.qemuName(), raw.toString(), image.toString());
    }

    private static void ok(QemuTools.Result r, String what) {
        assertEquals(0, r.exit(), () -> what + ":\n" + r.output());
        if (r.output().contains("Pattern verification failed") || r.output().contains("failed:")) {
            throw new AssertionError(what + ":\n" + r.output());
        }
    }

    @Test
    void qemuSeesZerosAfterHvrefDiscardsInQemuMadeImages() throws IOException {
        run("q.raw", DiskFormat.RAW, new String[0]);
        run("q-dyn.vhd", DiskFormat.VHD, "subformat=dynamic");
        run("q-fixed.vhd", DiskFormat.VHD, "subformat=fixed");
        run("q-dyn.vhdx", DiskFormat.VHDX, "subformat=dynamic");
        run("q-dyn-nz.vhdx", DiskFormat.VHDX, "subformat=dynamic,block_state_zero=off");
        run("q-fixed.vhdx", DiskFormat.VHDX, "subformat=fixed,block_state_zero=off");
        run("q-fixed-z.vhdx", DiskFormat.VHDX, "subformat=fixed");
    }

    @Test
    void qemuSeesZerosAfterHvrefDiscardsInHvrefMadeImages() throws IOException {
        for (DiskFormat f : DiskFormat.values()) {
            run("h-dyn." + f.qemuName(), f, (String[]) null);
            if (f != DiskFormat.RAW) {
                run("h-fixed." + f.qemuName(), f, (String[]) null);
            }
        }
    }
}
