package org.hvref.ic.filecopy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10^3 random files (the fragment edges 0, 1, 6143, 6144, 6145, 12288, 12289, five of 1-3 MiB, the rest up to
 * three fragments) copied host session to guest session through encoded bodies: each arrives bit-exact, with
 * ceil(size / 6144) writes, and no temporary file remains. Fixed seed.
 */
class FileCopyRoundTripTest {
    private static final int[] EDGES = {0, 1, 6143, 6144, 6145, 12288, 12289};

    @TempDir
    Path tmp;

    @Test
    void shouldCopyThousandRandomFilesBitExact() throws IOException {
        SplittableRandom random = new SplittableRandom(0xFC0B_0001L);
        Path hostDir = Files.createDirectory(tmp.resolve("host"));
        Path guestRoot = Files.createDirectory(tmp.resolve("guest"));
        FileCopyGuestSession guest = new FileCopyGuestSession(guestRoot);
        long totalBytes = 0;
        for (int i = 0; i < 1000; i++) {
            int size;
            if (i < EDGES.length) {
                size = EDGES[i];
            } else if (i % 200 == 0) {
                size = random.nextInt(1 << 20, 3 << 20);
            } else {
                size = random.nextInt(3 * WriteToFileDescriptor.MAX_DATA_LENGTH + 2);
            }
            byte[] data = new byte[size];
            random.nextBytes(data);
            Path hostFile = Files.write(hostDir.resolve("h" + i), data);
            String dir = "d" + (i % 7) + "/e" + (i % 3);
            long[] progress = {-1};
            try (FileCopyHostSession host = new FileCopyHostSession(hostFile, "f" + i, dir,
                    FileCopyFlags.CREATE_PATH, (ack, total) -> progress[0] = ack, SpecTracer.OFF)) {
                int requests = FileCopyLoop.run(host, guest);
                assertEquals(HostCopyState.COMPLETED, host.state(), () -> "file " + host.failureStatus());
                assertEquals(2 + (size + WriteToFileDescriptor.MAX_DATA_LENGTH - 1)
                        / WriteToFileDescriptor.MAX_DATA_LENGTH, requests, "start + writes + complete");
                assertEquals(size == 0 ? -1 : size, progress[0]);
            }
            assertArrayEquals(data, Files.readAllBytes(guestRoot.resolve(dir).resolve("f" + i)), "file " + i);
            totalBytes += size;
        }
        assertFalse(guest.isOpen());
        try (Stream<Path> s = Files.walk(guestRoot)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().startsWith(FileCopyGuestSession.TEMP_PREFIX))
                    .count());
        }
        System.out.println("copied 1000 files, " + totalBytes + " bytes");
    }
}
