package org.hvref.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyCommandTest {
    @TempDir
    Path tmp;

    private Path hostFile(String name, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return Files.write(Files.createDirectories(tmp.resolve("host")).resolve(name), b);
    }

    private Path root() throws IOException {
        return Files.createDirectories(tmp.resolve("root"));
    }

    private static List<String> contents(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void shouldCopyASmallFileBitExactAndHaveBothTracesAcceptedByTlc() throws IOException {
        Path src = hostFile("small.bin", 1000, 1);
        Path root = root();
        CliRun run = CliRun.of("copy", src.toString(), "a.bin", "--guest-root", root.toString());
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(root.resolve("a.bin")));
        String out = run.out();
        assertTrue(out.contains("copy: 1000 bytes, status S_OK(0x00000000), guest file "
                + root.toRealPath().resolve("a.bin") + ", SHA-256 equal (" + CopyCommand.sha256(src) + ")"),
                run::toString);
        assertTrue(out.contains("every event is a step of IcNegotiation"), run::toString);
        assertTrue(out.contains("every event is a step of FileCopy"), run::toString);
        assertTrue(out.endsWith("copy: done\n"), run::toString);
        assertEquals("", run.err(), "no progress lines for a small file");
    }

    @Test
    void shouldCopyAnEmptyFileKeepingTheHostNameInADirectoryTarget() throws IOException {
        Path src = hostFile("empty.txt", 0, 2);
        Path root = root();
        Files.createDirectory(root.resolve("docs"));
        CliRun run = CliRun.of("copy", src.toString(), "docs/", "--guest-root", root.toString(), "--family", "freebsd",
                "--no-validate");
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        assertEquals(0, Files.size(root.resolve("docs/empty.txt")));
        assertTrue(run.out().contains("copy: 0 bytes, status S_OK"), run::toString);
        assertTrue(run.out().contains("TLC       skipped (--no-validate)"), run::toString);
    }

    @Test
    void shouldCopyAMultiMebibyteFileWithProgressLines() throws IOException {
        int size = 3 * 1024 * 1024 + 17;
        Path src = hostFile("big.bin", size, 3);
        Path root = root();
        CliRun run = CliRun.of("copy", src.toString(), "big.bin", "--guest-root", root.toString(), "--family", "mac");
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(root.resolve("big.bin")));
        assertTrue(run.out().contains("copy: " + size + " bytes, status S_OK"), run::toString);
        assertTrue(run.err().contains("hvref: copied " + size + " / " + size + " bytes (100%)"), run::toString);
        assertTrue(run.err().lines().count() >= 2, run::toString);
        assertTrue(run.out().contains("every event is a step of FileCopy"), run::toString);
    }

    @Test
    void shouldRefuseAnExistingTargetWithoutOverwriteAndReplaceItWithOverwrite() throws IOException {
        Path src = hostFile("f", 5000, 4);
        Path root = root();
        Files.writeString(root.resolve("f"), "old");
        CliRun refused = CliRun.of("copy", src.toString(), "f", "--guest-root", root.toString());
        assertEquals(ExitCodes.REFUSED, refused.status(), refused::toString);
        assertTrue(refused.out().contains("status ERROR_ALREADY_EXISTS(0x80070050) (START_FILE_COPY refused)"),
                refused::toString);
        assertTrue(refused.err().contains("hvref: copy refused by the guest: ERROR_ALREADY_EXISTS(0x80070050): "
                + "the target exists (expected: --overwrite to replace it)"), refused::toString);
        assertTrue(refused.out().contains("every event is a step of FileCopy"), refused::toString);
        assertEquals("old", Files.readString(root.resolve("f")));
        assertEquals(List.of("", "f"), contents(root));

        CliRun replaced = CliRun.of("copy", src.toString(), "f", "--guest-root", root.toString(), "--overwrite");
        assertEquals(ExitCodes.OK, replaced.status(), replaced::toString);
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(root.resolve("f")));
        assertTrue(replaced.out().contains("every event is a step of FileCopy"), replaced::toString);
    }

    @Test
    void shouldCreateMissingDirectoriesOnlyWithCreatePath() throws IOException {
        Path src = hostFile("g", 300, 5);
        Path root = root();
        CliRun refused = CliRun.of("copy", src.toString(), "x/y/g", "--guest-root", root.toString());
        assertEquals(ExitCodes.REFUSED, refused.status(), refused::toString);
        assertTrue(refused.out().contains("status E_FAIL(0x80004005) (START_FILE_COPY refused)"), refused::toString);
        assertEquals(List.of(""), contents(root));

        CliRun created = CliRun.of("copy", src.toString(), "x/y/g", "--guest-root", root.toString(), "--create-path");
        assertEquals(ExitCodes.OK, created.status(), created::toString);
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(root.resolve("x/y/g")));
    }

    @Test
    void shouldRefuseTargetsOutsideTheGuestRootAndLeaveNothingBehind() throws IOException {
        Path src = hostFile("h", 100, 6);
        Path root = Files.createDirectories(tmp.resolve("a/root"));
        for (String target : new String[] {"../h", "../../h", "/h", "/tmp/h", "x/../../h"}) {
            CliRun run = CliRun.of("copy", src.toString(), target, "--guest-root", root.toString(), "--create-path",
                    "--overwrite");
            assertEquals(ExitCodes.REFUSED, run.status(), () -> target + ": " + run);
            assertTrue(run.out().contains("status E_FAIL(0x80004005) (START_FILE_COPY refused)"), run::toString);
            assertTrue(run.err().contains("invalid target (expected: a path inside the guest root"), run::toString);
            assertTrue(run.out().contains("every event is a step of IcNegotiation"), run::toString);
            assertTrue(run.out().contains("every event is a step of FileCopy"), run::toString);
            assertEquals(List.of(""), contents(root), target);
            assertFalse(Files.exists(tmp.resolve("a/h")), target);
            assertFalse(Files.exists(tmp.resolve("h")), target);
        }
    }

    @Test
    void shouldCopyDeterministicallyWithASeedOnAnyHostPreset() throws IOException {
        Path src = hostFile("d", 20_000, 7);
        for (String host : new String[] {"WINDOWS_SERVER_2008", "WINDOWS_8", "COPPER"}) {
            Path root = Files.createDirectories(tmp.resolve("root-" + host));
            CliRun run = CliRun.of("copy", src.toString(), "d", "--guest-root", root.toString(), "--deterministic",
                    "--seed", "9", "--host", host);
            assertEquals(ExitCodes.OK, run.status(), () -> host + ": " + run);
            assertTrue(run.out().contains(host + " host, deterministic mode (seed 9)"), run::toString);
            assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(root.resolve("d")));
        }
    }

    @Test
    void shouldRejectAMissingHostFileAndARootThatIsNotADirectory() throws IOException {
        Path root = root();
        CliRun missing = CliRun.of("copy", tmp.resolve("nope").toString(), "x", "--guest-root", root.toString());
        assertEquals(ExitCodes.BAD_INPUT, missing.status(), missing::toString);
        assertEquals("hvref: host file: " + tmp.resolve("nope") + " (expected: a readable regular file)\n",
                missing.err());
        Path src = hostFile("i", 10, 8);
        CliRun notDir = CliRun.of("copy", src.toString(), "x", "--guest-root", src.toString());
        assertEquals(ExitCodes.BAD_INPUT, notDir.status(), notDir::toString);
        assertEquals("hvref: guest root: " + src + " (expected: an existing directory)\n", notDir.err());
        CliRun family = CliRun.of("copy", src.toString(), "x", "--guest-root", root.toString(), "--family", "os2");
        assertEquals(ExitCodes.BAD_INPUT, family.status(), family::toString);
        assertEquals("hvref: family: os2 (expected: linux, freebsd or mac)\n", family.err());
        CliRun usage = CliRun.of("copy", src.toString());
        assertEquals(ExitCodes.BAD_INPUT, usage.status(), usage::toString);
        assertEquals(List.of(""), contents(root));
    }

    @Test
    void shouldDocumentTheExitCodesInHelp() {
        CliRun run = CliRun.of("copy", "--help");
        assertEquals(ExitCodes.OK, run.status(), run::toString);
        assertTrue(run.out().contains("--guest-root=DIR"), run::toString);
        assertTrue(run.out().contains("4   the guest refused the copy"), run::toString);
    }
}
