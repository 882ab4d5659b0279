package org.hvref.ic.filecopy;

import static org.hvref.ic.filecopy.FileCopyIcTestSupport.assertNoTemp;
import static org.hvref.ic.filecopy.FileCopyIcTestSupport.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import org.hvref.ic.IcHostResult;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.trace.SpecTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileCopyHostService} with a channel thread that pumps requests whenever the service signals it, while the
 * test thread starts copies, cancels them or loses the channel mid-copy. Outcomes are checked, never timings: a
 * cancelled copy leaves nothing, a completed one is bit-exact, a lost one fails its future and leaves nothing.
 */
class FileCopyHostServiceConcurrentTest {
    @TempDir
    Path tmp;

    /** A channel thread: waits for the service's signal, then exchanges requests until the service has none. */
    private static Thread channelThread(FileCopyIcLoop loop, Semaphore wake) {
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    wake.acquire();
                    loop.pumpAll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fcopy-channel");
        t.setDaemon(true);
        return t;
    }

    private static FileCopyIcLoop loop(Path root, Semaphore wake) {
        FileCopyIcLoop loop = new FileCopyIcLoop(root, IcVersionPolicy.LINUX, SpecTracer.OFF, SpecTracer.OFF);
        loop.service.bind(wake::release);
        assertInstanceOf(IcHostResult.Negotiated.class, loop.negotiate());
        return loop;
    }

    @Test
    void cancelFromAnotherThreadShouldEitherCancelCleanlyOrComplete() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Semaphore wake = new Semaphore(0);
        FileCopyIcLoop loop = loop(root, wake);
        Thread channel = channelThread(loop, wake);
        channel.start();
        SplittableRandom random = new SplittableRandom(0xFC0B_C0C0L);
        int cancelled = 0;
        for (int i = 0; i < 20; i++) {
            byte[] data = new byte[random.nextInt(1, 400_000)];
            random.nextBytes(data);
            Path src = Files.write(tmp.resolve("src" + i), data);
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<FileCopyResult> f = loop.service.copy(src, "f" + i, "d", FileCopyFlags.CREATE_PATH,
                    (ack, total) -> started.countDown());
            if (data.length > WriteToFileDescriptor.MAX_DATA_LENGTH) {
                started.await();
            }
            loop.service.cancel();
            FileCopyResult r = f.get();
            Path target = root.resolve("d").resolve("f" + i);
            if (r.outcome() == HostCopyState.CANCELLED) {
                cancelled++;
                assertFalse(Files.exists(target), "file " + i);
            } else {
                assertEquals(HostCopyState.COMPLETED, r.outcome(), "file " + i + ": " + r);
                assertEquals(sha256(src), sha256(target), "file " + i);
            }
            assertFalse(loop.service.busy());
        }
        channel.interrupt();
        channel.join();
        assertFalse(loop.daemon.copyInProgress());
        assertNoTemp(root);
        System.out.println("concurrent cancel: " + cancelled + " of 20 cancelled, " + (20 - cancelled) + " completed");
    }

    @Test
    void channelLossFromAnotherThreadShouldFailTheFutureAndLeaveNothing() throws IOException, InterruptedException {
        for (int i = 0; i < 10; i++) {
            Path root = Files.createDirectory(tmp.resolve("root" + i));
            Semaphore wake = new Semaphore(0);
            FileCopyIcLoop loop = loop(root, wake);
            Thread channel = channelThread(loop, wake);
            channel.start();
            Path src = Files.write(tmp.resolve("src" + i), new byte[2_000_000]);
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<FileCopyResult> f = loop.service.copy(src, "f", "", 0,
                    (ack, total) -> started.countDown());
            started.await();
            loop.loseChannel();
            channel.interrupt();
            channel.join();
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertInstanceOf(FileCopyChannelLostException.class, e.getCause());
            assertFalse(loop.daemon.copyInProgress());
            assertFalse(Files.exists(root.resolve("f")), "run " + i);
            assertNoTemp(root);
            assertTrue(loop.service.copy(src, "g", "", 0, FileCopyProgressListener.NONE).isCompletedExceptionally());
        }
    }
}
