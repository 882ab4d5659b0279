package org.hvref.ic.filecopy.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hvref.ic.filecopy.FileCopyGuestConfig;
import org.hvref.ic.filecopy.FileCopyGuestSession;
import org.hvref.ic.filecopy.FileCopyMessage;
import org.hvref.ic.filecopy.FileCopyMessage.CancelFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.CompleteFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.StartFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.WriteToFile;
import org.hvref.ic.filecopy.FileCopyMessageCodec;
import org.hvref.ic.filecopy.FileCopyOperation;
import org.hvref.ic.filecopy.FileCopyReply;
import org.hvref.ic.filecopy.FileCopyStatus;
import org.hvref.ic.filecopy.StartFileCopyDescriptor;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@link FileCopyGuestSession} with a hostile host: up to 48 steps of START (names and
 * paths from a hostile alphabet: {@code ..}, {@code .}, absolute, drive letters, backslashes, NUL, lone surrogates,
 * symbolic links to outside the root, an existing file and directory), WRITE (in order or not, any size), COMPLETE,
 * CANCEL, host loss and raw (mostly malformed) bodies.
 *
 * <p>Oracle after every step: the reply is S_OK, E_FAIL, ALREADY_EXISTS or DISK_FULL, with an error exactly when not
 * S_OK; nothing outside the root changed (the sibling directory {@code outside} with its file, the link targets);
 * nothing appeared next to the root; without an open copy no temporary file exists under the root; no exception
 * escapes. Under {@code mvn verify} this runs in Jazzer's regression mode over the checked-in seed corpus in
 * {@code src/test/resources/org/hvref/ic/filecopy/properties/FileCopyGuestSessionFuzzTestInputs/neverWritesOutsideRoot/};
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=FileCopyGuestSessionFuzzTest} fuzzes.
 */
class FileCopyGuestSessionFuzzTest {
    private static final String[] NAMES = {"f", "g", "..", ".", "", "a", "file", "link", "flink", "x\0y", "\uD800",
        "C:", "\\", "a\\..", "/abs", "\uD83D\uDE00", "new", "n".repeat(255), "../outside", "link/f"};
    private static final Set<Integer> STATUSES = Set.of(FileCopyStatus.S_OK, FileCopyStatus.E_FAIL,
            FileCopyStatus.ALREADY_EXISTS, FileCopyStatus.DISK_FULL);

    @FuzzTest(maxDuration = "10m")
    void neverWritesOutsideRoot(FuzzedDataProvider data) throws IOException {
        Path base = Files.createTempDirectory("hvref-fcopy-fuzz-");
        try {
            Path root = Files.createDirectory(base.resolve("root"));
            Path outside = Files.createDirectory(base.resolve("outside"));
            Files.writeString(outside.resolve("victim"), "keep");
            Files.createDirectory(root.resolve("a"));
            Files.writeString(root.resolve("file"), "existing");
            Files.createSymbolicLink(root.resolve("link"), outside);
            Files.createSymbolicLink(root.resolve("flink"), outside.resolve("victim"));
            TreeMap<String, String> outsideBefore = snapshot(outside);
            long limit = data.consumeBoolean() ? 10_000 : Long.MAX_VALUE;
            FileCopyGuestSession guest = new FileCopyGuestSession(new FileCopyGuestConfig(root, limit),
                    SpecTracer.OFF);
            long next = 0;
            for (int step = 0; step < 48 && data.remainingBytes() > 0; step++) {
                int kind = data.consumeInt(0, 6);
                if (kind == 4) {
                    guest.abandon();
                    next = 0;
                } else {
                    FileCopyReply reply = switch (kind) {
                        case 0 -> {
                            next = 0;
                            yield guest.handle(new StartFileCopy(pick(data), path(data), data.consumeInt(0, 3),
                                    data.consumeLong(0, 20_000)));
                        }
                        case 1 -> {
                            long offset = data.consumeBoolean() ? next : data.consumeLong(0, 20_000);
                            byte[] bytes = data.consumeBytes(data.consumeInt(0, 6144));
                            FileCopyReply r = guest.handle(new WriteToFile(offset, bytes));
                            next = r.ok() ? offset + bytes.length : 0;
                            yield r;
                        }
                        case 2 -> guest.handle(new CompleteFileCopy());
                        case 3 -> guest.handle(new CancelFileCopy());
                        case 5 -> guest.handleBody(ByteBuffer.wrap(data.consumeBytes(data.consumeInt(0, 6300))));
                        default -> guest.handleBody(ByteBuffer.wrap(rawStart(data)));
                    };
                    assertTrue(STATUSES.contains(reply.status()), reply::toString);
                    assertEquals(reply.status() != FileCopyStatus.S_OK, reply.error().isPresent(), reply::toString);
                }
                assertEquals(outsideBefore, snapshot(outside), "outside the root changed");
                assertEquals(Set.of("root", "outside"), children(base), "something appeared next to the root");
                if (!guest.isOpen()) {
                    assertEquals(List.of(), temporaryFiles(root), "temporary file without an open copy");
                }
            }
            guest.abandon();
            assertEquals(List.of(), temporaryFiles(root));
            assertTrue(Files.isSymbolicLink(root.resolve("link")) || !Files.exists(root.resolve("link")));
            assertFalse(Files.exists(outside.resolve("f")));
        } finally {
            deleteTree(base);
        }
    }

    private static String pick(FuzzedDataProvider data) {
        return data.consumeBoolean() ? NAMES[data.consumeInt(0, NAMES.length - 1)] : data.consumeString(12);
    }

    private static String path(FuzzedDataProvider data) {
        int n = data.consumeInt(0, 3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : "/").append(pick(data));
        }
        String p = sb.toString();
        return p.length() >= StartFileCopyDescriptor.MAX_PATH_UNITS ? p.substring(0, 259) : p;
    }

    /** A START body with raw name units (terminated or not) and raw flags and size. */
    private static byte[] rawStart(FuzzedDataProvider data) {
        ByteBuffer b = ByteBuffer.allocate(StartFileCopyDescriptor.ENCODED_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, FileCopyOperation.START_FILE_COPY.code());
        int units = data.consumeInt(0, 260);
        for (int i = 0; i < units; i++) {
            b.putChar(StartFileCopyDescriptor.FILE_NAME_OFFSET + 2 * i, data.consumeChar());
        }
        int pathUnits = data.consumeInt(0, 260);
        for (int i = 0; i < pathUnits; i++) {
            b.putChar(StartFileCopyDescriptor.PATH_NAME_OFFSET + 2 * i, data.consumeChar());
        }
        b.putInt(StartFileCopyDescriptor.COPY_FLAGS_OFFSET, data.consumeInt());
        b.putLong(StartFileCopyDescriptor.FILE_SIZE_OFFSET, data.consumeLong());
        return b.array();
    }

    private static TreeMap<String, String> snapshot(Path dir) throws IOException {
        TreeMap<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.collect(Collectors.toList())) {
                m.put(dir.relativize(p).toString(), Files.isRegularFile(p) ? Files.readString(p) : "<dir>");
            }
        }
        return m;
    }

    private static Set<String> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static List<Path> temporaryFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(FileCopyGuestSession.TEMP_PREFIX))
                    .collect(Collectors.toList());
        }
    }

    private static void deleteTree(Path base) throws IOException {
        try (Stream<Path> s = Files.walk(base)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    void seedCorpusShouldExist() throws IOException {
        Path corpus = Path.of("src", "test", "resources", "org", "hvref", "ic", "filecopy", "properties",
                "FileCopyGuestSessionFuzzTestInputs", "neverWritesOutsideRoot");
        try (Stream<Path> s = Files.list(corpus)) {
            assertTrue(s.count() >= 4, "seed files in " + corpus);
        }
        FileCopyMessage m = FileCopyMessageCodec.decode(FileCopyMessageCodec.encode(new CancelFileCopy()));
        assertEquals(new CancelFileCopy(), m);
    }
}
