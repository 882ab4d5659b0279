package org.hvref.storage.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hvref.channel.host.WindowsHost;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.disk.DiskImages;
import org.hvref.machine.ReferenceMachine;
import org.hvref.machine.StorageControllerConfig;
import org.hvref.machine.StoragePair;
import org.hvref.spec.SpecFiles;
import org.hvref.spec.TlcRunner;
import org.hvref.spec.trace.StorvscTraceValidator;
import org.hvref.spec.trace.TraceVerdict;
import org.hvref.trace.TraceEvent;

/**
 * One machine run of the StorVSC machine tests: a connected guest, the controllers the test adds, and on close every
 * controller's StorvscProtocol trace handed to a {@link Traces} batch (validated by TLC once per test class).
 */
final class StorageRun implements AutoCloseable {
    /** Guest memory of a run: 4 MiB (rings of several controllers and 65-page buffers). */
    static final int MEMORY_PAGES = 1024;

    /** The traces of a test class's runs, validated together. */
    static final class Traces {
        final List<List<Map<String, Object>>> traces = new ArrayList<>();
        long events;

        synchronized void add(List<Map<String, Object>> trace) {
            traces.add(trace);
            events += trace.size();
        }

        /** @return the StorvscProtocol actions the runs so far performed */
        synchronized Set<String> actionsSeen() {
            Set<String> seen = new TreeSet<>();
            traces.forEach(t -> t.forEach(e -> seen.add((String) e.get(TraceEvent.ACTION_KEY))));
            return seen;
        }

        /** Validates every trace in one TLC batch; all accepted. */
        synchronized String validate(SpecFiles files) {
            TraceVerdict v = new StorvscTraceValidator(TlcRunner.usingClasspath(), files).validate(traces);
            TraceVerdict.Accepted ok = assertInstanceOf(TraceVerdict.Accepted.class, v, v::toString);
            assertEquals(traces.size(), ok.traces());
            return traces.size() + " StorvscProtocol traces (" + ok + "), " + events + " events";
        }
    }

    final ReferenceMachine m;
    final List<StoragePair> pairs = new ArrayList<>();
    final List<DiskImage> images = new ArrayList<>();
    private final Traces sink;
    private final boolean validated;

    StorageRun(ReferenceMachine machine, Traces sink, boolean validated) {
        this.m = machine;
        this.sink = sink;
        this.validated = validated;
        m.await(m.client().connect());
        m.await(m.client().requestOffers());
    }

    static StorageRun deterministic(long seed, Traces sink) {
        return new StorageRun(ReferenceMachine.builder().host(WindowsHost.WINDOWS_SERVER_2022).deterministic(seed)
                .memoryPages(MEMORY_PAGES).build(), sink, true);
    }

    static StorageRun concurrent(Traces sink) {
        return new StorageRun(ReferenceMachine.builder().host(WindowsHost.WINDOWS_SERVER_2022).concurrent()
                .memoryPages(MEMORY_PAGES).build(), sink, true);
    }

    /** A run whose trace is not validated (hostile peers). */
    static StorageRun unvalidated(long seed, Traces sink) {
        return new StorageRun(ReferenceMachine.builder().host(WindowsHost.WINDOWS_SERVER_2022).deterministic(seed)
                .memoryPages(MEMORY_PAGES).build(), sink, false);
    }

    /** Creates an image (closed with the run). */
    DiskImage image(Path dir, String name, DiskFormat format, long size) {
        try {
            DiskImage d = DiskImages.create(dir.resolve(name), format, size, false);
            images.add(d);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a controller and waits until the guest's first scan ended. */
    StoragePair scanned(StorageControllerConfig config) {
        StoragePair p = m.await(m.addStorageController(config));
        pairs.add(p);
        m.await(p.ready());
        m.await(p.scanned());
        return p;
    }

    @Override
    public void close() {
        try {
            m.settle();
            if (validated) {
                for (StoragePair p : pairs) {
                    sink.add(p.storvscTrace());
                }
            }
        } finally {
            try {
                m.close();
            } finally {
                for (DiskImage d : images) {
                    try {
                        d.close();
                    } catch (IOException e) {
                        // best effort
                    }
                }
            }
        }
    }
}
