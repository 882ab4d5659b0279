package org.hvref.benchmarks.storage;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hvref.channel.host.WindowsHost;
import org.hvref.disk.DiskImage;
import org.hvref.machine.ReferenceMachine;
import org.hvref.machine.StorageControllerConfig;
import org.hvref.machine.StoragePair;
import org.hvref.storage.vsc.StorvscClient;
import org.hvref.trace.SpecTracer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 4 KiB reads issued by the hvref guest StorVSC client ({@link StorvscClient#read}: READ(16) in an EXECUTE_SRB,
 * the data buffer as a GPA-direct range) through the VMBus ring to the host VSP ({@code StorvscHost} → SCSI
 * target → the VHDX {@link DiskImage}) and back, on a concurrent {@link ReferenceMachine} (guest and host on their
 * own threads, as in a VM); one SCSI controller with the image as LUN 0, added with
 * {@link ReferenceMachine#addStorageController}.
 *
 * <p>Queue depth {@code depth} as qemu-img bench keeps it: the benchmark thread keeps {@code depth} reads in flight;
 * each invocation waits for the oldest one and issues the next read in its place, so ops/s = completed reads/s.
 *
 * <p>Tracing: the connection tracer is {@link SpecTracer#OFF} and the rings are untraced (the machine's default);
 * the controller's StorvscProtocol recorder cannot be switched off through {@code addStorageController} (it
 * records 3 events per read: GuestIssueIo, HostRcvSrb, GuestRcvSrbComplete), so that cost is included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class StorvscReadBenchmark {
    /** Guest memory: 4 MiB (rings and one fresh 4 KiB data page per read in flight). */
    static final int MEMORY_PAGES = 1024;

    private static final long TIMEOUT_SECONDS = 30;

    /** Reads in flight (at most the Linux guest's 32 slots; more wait in the client's queue). */
    @Param({"1", "32"})
    public int depth;

    /** Offsets: {@code random} or {@code stride} (qemu-img bench's pattern), see {@link ReadPattern}. */
    @Param({"random", "stride"})
    public String pattern;

    private DiskImage image;
    private ReferenceMachine machine;
    private StoragePair pair;
    private StorvscClient client;
    private ReadPattern offsets;
    private int sectorsPerRead;
    private int sectorSize;
    private CompletableFuture<byte[]>[] inFlight;
    private int oldest;

    /**
     * Builds the machine, adds the controller, waits for the guest's scan, and issues the first {@code depth} reads.
     *
     * @throws IOException if the image cannot be opened
     */
    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws IOException {
        image = StorageImage.openConfigured();
        machine = ReferenceMachine.builder().host(WindowsHost.WINDOWS_SERVER_2022).concurrent()
                .tracer(SpecTracer.OFF).memoryPages(MEMORY_PAGES).build();
        machine.await(machine.client().connect());
        machine.await(machine.client().requestOffers());
        pair = machine.await(machine.addStorageController(StorageControllerConfig.scsi(Map.of(0, image))));
        machine.await(pair.ready());
        machine.await(pair.scanned());
        client = pair.client();
        sectorSize = client.lun(0).orElseThrow(() -> new IllegalStateException("lun 0: not found by the scan"))
                .blockSize();
        sectorsPerRead = ReadPattern.BLOCK / sectorSize;
        offsets = ReadPattern.of(pattern, image.size() / ReadPattern.BLOCK, 0);
        inFlight = new CompletableFuture[depth];
        for (int i = 0; i < depth; i++) {
            inFlight[i] = issue();
        }
        oldest = 0;
    }

    /**
     * Waits for the reads still in flight, then closes the machine and the image.
     *
     * @throws Exception if a read failed or closing fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            if (inFlight != null) {
                for (CompletableFuture<byte[]> read : inFlight) {
                    if (read != null) {
                        await(read);
                    }
                }
            }
        } finally {
            try {
                if (machine != null) {
                    machine.close();
                }
            } finally {
                image.close();
            }
        }
    }

    /**
     * Waits for the oldest read in flight and issues the next read in its place.
     *
     * @return the data of the completed read (consumed by JMH)
     * @throws Exception if the read failed or took longer than 30 s
     */
    @Benchmark
    public byte[] read() throws Exception {
        byte[] data = await(inFlight[oldest]);
        inFlight[oldest] = issue();
        oldest = oldest + 1 == depth ? 0 : oldest + 1;
        return data;
    }

    /** @return the LUN's sector size the scan reported (for tests) */
    int sectorSize() {
        return sectorSize;
    }

    private CompletableFuture<byte[]> issue() {
        return client.read(0, offsets.nextOffset() / sectorSize, sectorsPerRead);
    }

    private static byte[] await(CompletableFuture<byte[]> read)
            throws InterruptedException, ExecutionException, TimeoutException {
        byte[] data = read.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (data.length != ReadPattern.BLOCK) {
            throw new IllegalStateException("storvsc read: " + data.length + " bytes (expected: "
                    + ReadPattern.BLOCK + ")");
        }
        return data;
    }
}
