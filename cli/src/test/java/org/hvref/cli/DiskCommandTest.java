package org.hvref.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.hvref.disk.DiskImage;
import org.hvref.disk.DiskImages;
import org.hvref.disk.vhd.VhdFooter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hvref disk}: create/info/check/read/write/convert on every format, and one-line errors for bad images. */
class DiskCommandTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;

    /** Runs {@code hvref disk read} capturing its binary stdout. */
    static byte[] readStdout(String... args) {
        CommandLine cl = HvrefCommand.commandLine();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DiskReadCommand read = cl.getSubcommands().get("disk").getSubcommands().get("read").getCommand();
        read.stdout = bytes;
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        assertEquals(ExitCodes.OK, status, err::toString);
        return bytes.toByteArray();
    }

    /** Runs {@code hvref disk write} with {@code stdin} as its input. */
    static CliRun writeStdin(byte[] stdin, String... args) {
        CommandLine cl = HvrefCommand.commandLine();
        DiskWriteCommand write = cl.getSubcommands().get("disk").getSubcommands().get("write").getCommand();
        write.stdin = new ByteArrayInputStream(stdin);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new CliRun(status, out.toString(), err.toString());
    }

    static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text);
    }

    private Path create(String name, String format, boolean fixed, String size) {
        Path p = tmp.resolve(name);
        CliRun run = fixed ? CliRun.of("disk", "create", "--format", format, "--fixed", "--size", size, p.toString())
                : CliRun.of("disk", "create", "--format", format, "--size", size, p.toString());
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        return p;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @Test
    void shouldCreateEveryFormatAndReportItWithInfoAndCheck() throws IOException {
        String[][] variants = {{"raw", "false", "raw", "8388608"}, {"vhd", "false", "vpc", "8390656"},
            {"vhd", "true", "vpc", "8390656"}, {"vhdx", "false", "vhdx", "8388608"},
            {"vhdx", "true", "vhdx", "8388608"}};
        for (String[] v : variants) {
            boolean fixed = Boolean.parseBoolean(v[1]);
            Path p = create("c-" + v[0] + "-" + v[1], v[0], fixed, "8M");
            CliRun info = CliRun.of("disk", "info", "--output", "json", p.toString());
            assertEquals(ExitCodes.OK, info.status(), info::toString);
            JsonNode j = json(info.out());
            assertEquals(v[2], j.get("format").asText(), info::toString);
            assertEquals(Long.parseLong(v[3]), j.get("virtual-size").asLong(), info::toString);
            assertEquals(p.toString(), j.get("filename").asText());
            assertEquals(Files.size(p), j.get("actual-size").asLong());
            assertFalse(j.get("dirty-flag").asBoolean());
            if (!v[0].equals("raw")) {
                JsonNode data = j.get("format-specific").get("data");
                assertEquals(fixed ? "fixed" : "dynamic", data.get("subformat").asText(), info::toString);
                assertEquals(512, data.get("logical-sector-size").asInt());
            }
            CliRun human = CliRun.of("disk", "info", p.toString());
            assertTrue(human.out().contains("file format: " + v[2] + "\n"), human::toString);
            assertTrue(human.out().contains("(" + v[3] + " bytes)"), human::toString);
            CliRun check = CliRun.of("disk", "check", p.toString());
            assertEquals(ExitCodes.OK, check.status(), check::toString);
            assertTrue(check.out().startsWith("No errors were found on the image.\n"), check::toString);
        }
    }

    @Test
    void shouldRefuseAnExistingFileBadSizesAndOptionsOfOtherFormats() throws IOException {
        Path p = create("e.vhdx", "vhdx", false, "4M");
        byte[] before = Files.readAllBytes(p);
        CliRun again = CliRun.of("disk", "create", "--format", "raw", "--size", "4M", p.toString());
        assertEquals(ExitCodes.BAD_INPUT, again.status(), again::toString);
        assertTrue(again.err().contains("exists (expected: a new file"), again::toString);
        assertArrayEquals(before, Files.readAllBytes(p));
        CliRun size = CliRun.of("disk", "create", "--format", "raw", "--size", "12X", tmp.resolve("x").toString());
        assertEquals(ExitCodes.BAD_INPUT, size.status(), size::toString);
        assertTrue(size.err().contains("size: \"12X\" (expected: a number of bytes"), size::toString);
        CliRun odd = CliRun.of("disk", "create", "--format", "vhd", "--size", "1000", tmp.resolve("y").toString());
        assertTrue(odd.err().contains("size: 1000 (expected: a positive multiple of 512)"), odd::toString);
        CliRun force = CliRun.of("disk", "create", "--format", "vhdx", "--force-size", "--size", "1M",
                tmp.resolve("z").toString());
        assertTrue(force.err().contains("--force-size: format vhdx (expected: vhd only)"), force::toString);
        CliRun format = CliRun.of("disk", "create", "--format", "qcow2", "--size", "1M", tmp.resolve("q").toString());
        assertTrue(format.err().contains("format: qcow2 (expected: raw, vhd (or vpc) or vhdx)"), format::toString);
        assertFalse(Files.exists(tmp.resolve("x")) || Files.exists(tmp.resolve("y")) || Files.exists(tmp.resolve("z")));
    }

    @Test
    void shouldParseSizesLikeQemuImg() {
        assertEquals(64L << 20, DiskImageAccess.parseSize("64M", "size"));
        assertEquals(64L << 20, DiskImageAccess.parseSize("64MiB", "size"));
        assertEquals(3L << 30, DiskImageAccess.parseSize("3g", "size"));
        assertEquals(2L << 40, DiskImageAccess.parseSize("2T", "size"));
        assertEquals(4096, DiskImageAccess.parseSize("4k", "size"));
        assertEquals(512, DiskImageAccess.parseSize("512", "size"));
        assertEquals(512, DiskImageAccess.parseSize("512B", "size"));
        for (String bad : new String[] {"", "M", "-1", "1.5G", "9999999999E", "0x10"}) {
            try {
                DiskImageAccess.parseSize(bad, "size");
                throw new AssertionError(bad + " accepted");
            } catch (CliException expected) {
                assertTrue(expected.getMessage().startsWith("size: \"" + bad + "\""), expected::getMessage);
            }
        }
    }

    @Test
    void shouldWriteAndReadBackAtAnyByteOffsetOnEveryFormat() throws IOException {
        for (String format : new String[] {"raw", "vhd", "vhdx"}) {
            Path p = create("rw." + format, format, false, "6M");
            byte[] aligned = random(MIB + 4096, 1);
            Path in = Files.write(tmp.resolve("in-" + format), aligned);
            CliRun w = CliRun.of("disk", "write", "--input", in.toString(), p.toString(), "1M");
            assertEquals(ExitCodes.OK, w.status(), w::toString);
            assertEquals("wrote " + aligned.length + "/" + aligned.length + " bytes at offset " + MIB + "\n", w.out());
            byte[] odd = random(1000, 2); // partial sectors at both ends: read-modify-write
            CliRun w2 = writeStdin(odd, "disk", "write", p.toString(), Integer.toString(MIB + 100));
            assertEquals(ExitCodes.OK, w2.status(), w2::toString);
            byte[] expected = aligned.clone();
            System.arraycopy(odd, 0, expected, 100, odd.length);
            Path outFile = tmp.resolve("out-" + format);
            CliRun r = CliRun.of("disk", "read", "-o", outFile.toString(), p.toString(), "1M",
                    Integer.toString(aligned.length));
            assertEquals(ExitCodes.OK, r.status(), r::toString);
            assertArrayEquals(expected, Files.readAllBytes(outFile), format);
            byte[] slice = readStdout("disk", "read", p.toString(), Integer.toString(MIB + 37), "3000");
            assertArrayEquals(Arrays.copyOfRange(expected, 37, 3037), slice, format);
            try (DiskImage d = DiskImages.open(p, true)) {
                byte[] all = new byte[(int) d.size()];
                d.read(0, all, 0, all.length);
                byte[] model = new byte[all.length];
                System.arraycopy(expected, 0, model, MIB, expected.length);
                assertArrayEquals(model, all, format + ": nothing else changed");
            }
        }
    }

    @Test
    void shouldDiscardAlignedRangesOnly() throws IOException {
        Path p = create("d.vhdx", "vhdx", false, "2M");
        Path in = Files.write(tmp.resolve("ones"), random(2 * MIB, 9));
        assertEquals(ExitCodes.OK, CliRun.of("disk", "write", "-i", in.toString(), p.toString(), "0").status());
        CliRun odd = CliRun.of("disk", "discard", p.toString(), "100", "512");
        assertEquals(ExitCodes.BAD_INPUT, odd.status(), odd::toString);
        assertTrue(odd.err().contains("discard: offset 100 length 512 (expected: multiples of the 512-byte sector)"),
                odd::toString);
        CliRun d = CliRun.of("disk", "discard", p.toString(), "4K", "1M");
        assertEquals(ExitCodes.OK, d.status(), d::toString);
        assertEquals("discard 1048576/1048576 bytes at offset 4096\n", d.out());
        byte[] want = Files.readAllBytes(in);
        Arrays.fill(want, 4096, 4096 + MIB, (byte) 0);
        assertArrayEquals(want, readStdout("disk", "read", p.toString(), "0", "2M"));
    }

    @Test
    void shouldRefuseRangesOutsideTheDisk() throws IOException {
        Path p = create("small.vhdx", "vhdx", false, "1M");
        CliRun r = CliRun.of("disk", "read", p.toString(), "1M", "1");
        assertEquals(ExitCodes.BAD_INPUT, r.status(), r::toString);
        assertTrue(r.err().contains("read: bytes [1048576, 1048577) (expected: inside the 1048576-byte disk)"),
                r::toString);
        CliRun w = writeStdin(new byte[600], "disk", "write", p.toString(), Integer.toString(MIB - 512));
        assertEquals(ExitCodes.BAD_INPUT, w.status(), w::toString);
        assertTrue(w.err().contains("write: input longer than the 512 bytes from offset 1048064"), w::toString);
        Path in = Files.write(tmp.resolve("big"), new byte[600]);
        CliRun w2 = CliRun.of("disk", "write", "-i", in.toString(), p.toString(), Integer.toString(MIB - 512));
        assertTrue(w2.err().contains("write of " + in + ": bytes [1048064, 1048664) (expected: inside the "
                + "1048576-byte disk)"), w2::toString);
    }

    @Test
    void shouldConvertBetweenEveryFormatKeepingTheData() throws IOException {
        Path raw = create("src.raw", "raw", false, "5M");
        byte[] data = random(3 * MIB, 3);
        Arrays.fill(data, MIB, 2 * MIB, (byte) 0); // a zero chunk that convert skips
        Files.write(tmp.resolve("d"), data);
        assertEquals(ExitCodes.OK, CliRun.of("disk", "write", "-i", tmp.resolve("d").toString(), raw.toString(),
                "512").status());
        String[][] chain = {{"a.vhd", "vhd", ""}, {"b.vhdx", "vhdx", "--fixed"}, {"c.vhd", "vhd", "--fixed"},
            {"d.vhdx", "vhdx", ""}, {"e.raw", "raw", ""}};
        Path from = raw;
        for (String[] step : chain) {
            Path to = tmp.resolve(step[0]);
            CliRun c = step[2].isEmpty() ? CliRun.of("disk", "convert", from.toString(), to.toString(), "-f", step[1])
                    : CliRun.of("disk", "convert", from.toString(), to.toString(), "-f", step[1], step[2]);
            assertEquals(ExitCodes.OK, c.status(), c::toString);
            assertTrue(c.out().contains("-> " + to + " (" + (step[1].equals("vhd") ? "vpc" : step[1])), c::toString);
            assertEquals(ExitCodes.OK, CliRun.of("disk", "check", to.toString()).status(), step[0]);
            byte[] got = readStdout("disk", "read", to.toString(), "512", Integer.toString(data.length));
            assertArrayEquals(data, got, step[0]);
            from = to;
        }
        long vhdSize = json(CliRun.of("disk", "info", "--output", "json", tmp.resolve("a.vhd").toString()).out())
                .get("virtual-size").asLong();
        assertTrue(vhdSize > 5 * MIB, "CHS rounding grows a 5 MiB VHD: " + vhdSize);
        assertEquals(vhdSize, Files.size(tmp.resolve("e.raw")), "the rounded size carries through the chain");
        CliRun exists = CliRun.of("disk", "convert", raw.toString(), tmp.resolve("a.vhd").toString(), "-f", "vhd");
        assertEquals(ExitCodes.BAD_INPUT, exists.status(), exists::toString);
    }

    private static void poke(Path p, long at, int value) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(at);
            f.write(value);
        }
    }

    @Test
    void shouldNameTheDamagedFieldInOneLineWithoutAStackTrace() throws IOException {
        Path vhd = create("bad.vhd", "vhd", false, "4M");
        long footer = Files.size(vhd) - 512;
        poke(vhd, footer + VhdFooter.CHECKSUM_OFFSET, 0x5A);
        CliRun info = CliRun.of("disk", "info", vhd.toString());
        assertEquals(ExitCodes.BAD_INPUT, info.status(), info::toString);
        assertTrue(info.err().startsWith("hvref: " + vhd + ": damaged image: vhd footer at " + footer
                + ": checksum 0x"), info::toString);
        assertEquals(1, info.err().lines().count(), info::toString);
        CliRun check = CliRun.of("disk", "check", vhd.toString());
        assertEquals(ExitCodes.FAILED, check.status(), check::toString);
        assertTrue(check.out().startsWith("ERROR vhd footer at " + footer + ": checksum 0x"), check::toString);
        assertTrue(check.out().contains("\n1 error was found on the image.\n"), check::toString);
        Path target = tmp.resolve("never.vhdx");
        CliRun convert = CliRun.of("disk", "convert", vhd.toString(), target.toString(), "-f", "vhdx");
        assertEquals(ExitCodes.BAD_INPUT, convert.status(), convert::toString);
        assertTrue(convert.err().startsWith("hvref: " + vhd + ": damaged image: vhd footer at "), convert::toString);
        assertFalse(Files.exists(target), "no target is left behind");

        Path vhdx = create("trunc.vhdx", "vhdx", false, "4M");
        try (RandomAccessFile f = new RandomAccessFile(vhdx.toFile(), "rw")) {
            f.setLength(3 * MIB + 4096); // cuts the metadata region
        }
        CliRun t = CliRun.of("disk", "read", vhdx.toString(), "0", "512");
        assertEquals(ExitCodes.BAD_INPUT, t.status(), t::toString);
        assertTrue(t.err().startsWith("hvref: " + vhdx + ": damaged image: vhdx metadata region: "), t::toString);
        CliRun tc = CliRun.of("disk", "check", "--output", "json", vhdx.toString());
        assertEquals(ExitCodes.FAILED, tc.status(), tc::toString);
        JsonNode j = json(tc.out());
        assertEquals(1, j.get("check-errors").asInt(), tc::toString);
        assertTrue(j.get("errors").get(0).asText().startsWith("vhdx metadata region: "), tc::toString);

        Path diff = create("diff.vhd", "vhd", true, "1M");
        long end = Files.size(diff) - 512;
        byte[] f = Arrays.copyOfRange(Files.readAllBytes(diff), (int) end, (int) end + 512);
        VhdFooter orig = VhdFooter.decode(f, "test");
        VhdFooter differencing = new VhdFooter(orig.features(), orig.dataOffset(), orig.timestamp(),
                orig.creatorApp(), orig.creatorVersion(), orig.creatorHostOs(), orig.originalSize(),
                orig.currentSize(), orig.geometry(), VhdFooter.TYPE_DIFFERENCING, orig.uniqueId(), 0);
        try (RandomAccessFile rf = new RandomAccessFile(diff.toFile(), "rw")) {
            rf.seek(end);
            rf.write(differencing.encode());
        }
        CliRun d = CliRun.of("disk", "info", diff.toString());
        assertEquals(ExitCodes.BAD_INPUT, d.status(), d::toString);
        assertTrue(d.err().contains("disk type 4"), d::toString);
        assertFalse(d.err().contains("\tat "), d::toString);
        CliRun missing = CliRun.of("disk", "info", tmp.resolve("nope").toString());
        assertEquals(ExitCodes.BAD_INPUT, missing.status(), missing::toString);
        assertTrue(missing.err().contains("(expected: an existing regular file)"), missing::toString);
    }
}
