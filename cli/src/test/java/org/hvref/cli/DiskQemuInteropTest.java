package org.hvref.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hvref disk} against qemu-img/qemu-io 7.2: images hvref creates pass {@code qemu-img info/check} with the
 * same format, virtual size and JSON keys; images qemu-img creates are reported identically by {@code hvref disk
 * info}; bytes written by one tool read back with the other, and ranges {@code hvref disk discard} drops read as
 * zeros in qemu-io; {@code hvref disk convert} chains compare equal with {@code qemu-img compare}.
 */
class DiskQemuInteropTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;

    /** {hvref format, fixed, qemu format, qemu -o options}. */
    private static final String[][] VARIANTS = {
        {"raw", "false", "raw", ""},
        {"vhd", "false", "vpc", "subformat=dynamic"},
        {"vhd", "true", "vpc", "subformat=fixed"},
        {"vhdx", "false", "vhdx", "subformat=dynamic"},
        {"vhdx", "true", "vhdx", "subformat=fixed"},
    };

    private static List<String> keys(JsonNode j) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = j.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }

    private static JsonNode qemuInfo(Path p, String qemuFormat) throws IOException {
        return DiskCommandTest.json(QemuRunner.ok("qemu-img", "info", "-f", qemuFormat, "--output=json",
                p.toString()));
    }

    private static JsonNode hvrefInfo(Path p) throws IOException {
        CliRun run = CliRun.of("disk", "info", "--output", "json", p.toString());
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        return DiskCommandTest.json(run.out());
    }

    /** Same format name and virtual size; every key qemu-img prints is in hvref's JSON (same cluster-size). */
    private static void assertAgree(JsonNode qemu, JsonNode hvref, String what) {
        assertEquals(qemu.get("format").asText(), hvref.get("format").asText(), what);
        assertEquals(qemu.get("virtual-size").asLong(), hvref.get("virtual-size").asLong(), what);
        assertEquals(qemu.get("filename").asText(), hvref.get("filename").asText(), what);
        for (String key : keys(qemu)) {
            assertTrue(hvref.has(key), () -> what + ": qemu-img info key " + key + " missing in " + hvref);
        }
        for (String key : keys(hvref)) {
            if (!key.equals("format-specific")) {
                assertTrue(qemu.has(key), () -> what + ": hvref key " + key + " unknown to qemu-img " + qemu);
            }
        }
        if (qemu.has("cluster-size")) {
            assertEquals(qemu.get("cluster-size").asLong(), hvref.get("cluster-size").asLong(), what);
        }
    }

    @Test
    void imagesHvrefCreatesAreWhatQemuImgReports() throws IOException {
        for (String[] v : VARIANTS) {
            Path p = tmp.resolve("h-" + v[0] + "-" + v[1]);
            CliRun c = v[1].equals("true")
                    ? CliRun.of("disk", "create", "-f", v[0], "--fixed", "--size", "20M", p.toString())
                    : CliRun.of("disk", "create", "-f", v[0], "--size", "20M", p.toString());
            assertEquals(ExitCodes.OK, c.status(), c::toString);
            assertAgree(qemuInfo(p, v[2]), hvrefInfo(p), "hvref-made " + Arrays.toString(v));
            if (v[2].equals("vhdx")) {
                QemuRunner.ok("qemu-img", "check", "-f", "vhdx", p.toString());
            }
        }
    }

    @Test
    void imagesQemuImgCreatesAreReportedAndCheckedByHvref() throws IOException {
        for (String[] v : VARIANTS) {
            Path p = tmp.resolve("q-" + v[0] + "-" + v[1]);
            if (v[3].isEmpty()) {
                QemuRunner.ok("qemu-img", "create", "-f", v[2], p.toString(), "20M");
            } else {
                QemuRunner.ok("qemu-img", "create", "-f", v[2], "-o", v[3], p.toString(), "20M");
            }
            assertAgree(qemuInfo(p, v[2]), hvrefInfo(p), "qemu-made " + Arrays.toString(v));
            CliRun check = CliRun.of("disk", "check", p.toString());
            assertEquals(ExitCodes.OK, check.status(), check::toString);
        }
    }

    @Test
    void bytesWrittenByOneToolReadBackWithTheOther() throws IOException {
        for (String[] v : VARIANTS) {
            Path p = tmp.resolve("rw-" + v[0] + "-" + v[1]);
            if (v[1].equals("true")) {
                CliRun.of("disk", "create", "-f", v[0], "--fixed", "--size", "12M", p.toString());
            } else {
                CliRun.of("disk", "create", "-f", v[0], "--size", "12M", p.toString());
            }
            byte[] pattern = new byte[MIB + 1000];
            Arrays.fill(pattern, (byte) 0x5c);
            CliRun w = DiskCommandTest.writeStdin(pattern, "disk", "write", p.toString(), Integer.toString(MIB - 500));
            assertEquals(ExitCodes.OK, w.status(), w::toString);
            QemuRunner.ok("qemu-io", "-f", v[2], "-c", "read -P 0x5c " + (MIB - 500) + " " + pattern.length,
                    "-c", "read -P 0 " + (MIB - 1024) + " 524", "-c", "read -P 0 " + (2 * MIB + 500) + " 524",
                    p.toString());
            QemuRunner.ok("qemu-io", "-f", v[2], "-c", "write -P 0xa7 " + 9 * MIB + " 65536", p.toString());
            byte[] got = DiskCommandTest.readStdout("disk", "read", p.toString(), Integer.toString(9 * MIB - 1),
                    "65538");
            byte[] want = new byte[65538];
            Arrays.fill(want, 1, 65537, (byte) 0xa7);
            assertArrayEquals(want, got, Arrays.toString(v));
            CliRun d = CliRun.of("disk", "discard", p.toString(), Integer.toString(MIB), "1M");
            assertEquals(ExitCodes.OK, d.status(), d::toString);
            QemuRunner.ok("qemu-io", "-f", v[2], "-c", "read -P 0x5c " + (MIB - 500) + " 500", "-c",
                    "read -P 0 " + MIB + " " + MIB, "-c", "read -P 0x5c " + 2 * MIB + " 500", p.toString());
            if (v[2].equals("vhdx")) {
                QemuRunner.ok("qemu-img", "check", "-f", "vhdx", p.toString());
            }
            assertEquals(ExitCodes.OK, CliRun.of("disk", "check", p.toString()).status(), Arrays.toString(v));
        }
    }

    @Test
    void convertChainsCompareEqualWithQemuImg() throws IOException {
        Path raw = tmp.resolve("src.raw");
        byte[] data = new byte[6 * MIB];
        new SplittableRandom(7).nextBytes(data);
        Arrays.fill(data, 2 * MIB, 4 * MIB, (byte) 0);
        Files.write(raw, data);
        String[][] chain = {{"a.vhd", "vhd", "vpc", ""}, {"b.vhdx", "vhdx", "vhdx", ""},
            {"c.vhd", "vhd", "vpc", "--fixed"}, {"d.vhdx", "vhdx", "vhdx", "--fixed"}, {"e.raw", "raw", "raw", ""}};
        Path from = raw;
        for (String[] step : chain) {
            Path to = tmp.resolve(step[0]);
            CliRun c = step[3].isEmpty() ? CliRun.of("disk", "convert", from.toString(), to.toString(), "-f", step[1])
                    : CliRun.of("disk", "convert", from.toString(), to.toString(), "-f", step[1], step[3]);
            assertEquals(ExitCodes.OK, c.status(), c::toString);
            QemuRunner.ok("qemu-img", "compare", "-f", "raw", "-F", step[2], raw.toString(), to.toString());
            if (step[2].equals("vhdx")) {
                QemuRunner.ok("qemu-img", "check", "-f", "vhdx", to.toString());
            }
            from = to;
        }
        Path q = tmp.resolve("q.vhdx");
        QemuRunner.ok("qemu-img", "convert", "-f", "raw", "-O", "vhdx", raw.toString(), q.toString());
        Path back = tmp.resolve("back.vhd");
        assertEquals(ExitCodes.OK, CliRun.of("disk", "convert", q.toString(), back.toString(), "-f", "vhd").status());
        QemuRunner.ok("qemu-img", "compare", "-f", "raw", "-F", "vpc", raw.toString(), back.toString());
        CliRun poke = DiskCommandTest.writeStdin(new byte[] {(byte) (data[12345] + 1)}, "disk", "write",
                back.toString(), "12345");
        assertEquals(ExitCodes.OK, poke.status(), poke::toString);
        QemuRunner.Result differs = QemuRunner.run("qemu-img", "compare", "-f", "raw", "-F", "vpc", raw.toString(),
                back.toString());
        assertEquals(1, differs.exit(), "one changed byte must make qemu-img compare fail:\n" + differs.output());
        assertTrue(differs.output().contains("Content mismatch at offset 12288"), differs.output());
    }
}
