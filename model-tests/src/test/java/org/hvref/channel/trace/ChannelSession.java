package org.hvref.channel.trace;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import org.hvref.channel.guest.VmbusClient;
import org.hvref.channel.guest.VmbusGuestEndpoint;
import org.hvref.channel.host.HostChannelConfig;
import org.hvref.channel.host.HostChannelRings;
import org.hvref.channel.host.HostConfig;
import org.hvref.channel.host.HostDevice;
import org.hvref.channel.host.OpenRequest;
import org.hvref.channel.host.VmbusHostEndpoint;
import org.hvref.channel.host.VmbusServer;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.hypervisor.DeterministicScheduler;
import org.hvref.hypervisor.Scheduler;
import org.hvref.hypervisor.Side;
import org.hvref.machine.ReferenceMachine;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;

/**
 * A {@link ReferenceMachine} (reference host and guest, one shared {@link RecordingTracer}, so the trace is one
 * linearization of both sides, channel/CONTRACT.md) with test devices whose open answer is a separate host task, so
 * every open answer can race a rescind, a close or an unload. Host and guest calls are queued as tasks of their side.
 */
public final class ChannelSession implements AutoCloseable {
    /** Class GUID of the test devices (any GUID works for the channel layer). */
    public static final UUID DEVICE_CLASS = UUID.fromString("f8615163-df3e-46c5-913f-f2d2f965ed0e");
    /** Guest memory pages: 8 MiB. */
    public static final int MEMORY_PAGES = 2048;
    /** First page number the scenarios use for GPADLs and rings (above the machine's fixed pages). */
    public static final int FIRST_DATA_PAGE = 64;
    /** NTSTATUS a refusing device answers (STATUS_UNSUCCESSFUL). */
    public static final int DEVICE_REFUSES = VmbusServer.STATUS_UNSUCCESSFUL;

    private final RecordingTracer tracer = new RecordingTracer();
    private final ReferenceMachine machine;
    private final List<SlowDevice> devices = new CopyOnWriteArrayList<>();
    private int instances;

    /**
     * @param scheduler   a deterministic scheduler, or null for the concurrent mode
     * @param hostConfig  the versions the host accepts
     * @param guestVersions the guest's versions, newest first
     */
    public ChannelSession(DeterministicScheduler scheduler, HostConfig hostConfig, List<ProtocolVersion> guestVersions) {
        ReferenceMachine.Builder b = ReferenceMachine.builder().host(hostConfig).tracer(tracer)
                .memoryPages(MEMORY_PAGES).client(c -> c.withVersions(guestVersions));
        this.machine = (scheduler != null ? b.deterministic(scheduler) : b.concurrent()).build();
    }

    /** A device whose open answer is a separate host task, with the status its supplier chooses. */
    public final class SlowDevice implements HostDevice {
        private final IntSupplier status;
        private volatile int opens;
        private volatile int closes;

        SlowDevice(IntSupplier status) {
            this.status = status;
        }

        @Override
        public CompletableFuture<Integer> open(OpenRequest request, HostChannelRings rings) {
            opens++;
            CompletableFuture<Integer> answer = new CompletableFuture<>();
            int s = status.getAsInt();
            scheduler().submit(Side.HOST, "device: open answer " + request.relid(), () -> answer.complete(s));
            return answer;
        }

        @Override
        public void close() {
            closes++;
        }

        /** @return how many opens the server passed to this device */
        public int opens() {
            return opens;
        }

        /** @return how many times the server closed this device */
        public int closes() {
            return closes;
        }
    }

    /** @return the machine */
    public ReferenceMachine machine() {
        return machine;
    }

    /** @return the scheduler */
    public Scheduler scheduler() {
        return machine.scheduler();
    }

    /** @return the guest's client (call it from guest tasks) */
    public VmbusClient client() {
        return machine.client();
    }

    /** @return the host's server */
    public VmbusServer server() {
        return machine.server();
    }

    /** @return the host endpoint */
    public VmbusHostEndpoint hostEndpoint() {
        return machine.host();
    }

    /** @return the guest endpoint */
    public VmbusGuestEndpoint guestEndpoint() {
        return machine.guest();
    }

    /**
     * Offers (hot-adds once connected) a channel as a host task.
     *
     * @param openStatus the status each open is answered with
     * @return completes with the relid
     */
    public CompletableFuture<Integer> addChannel(IntSupplier openStatus) {
        int instance;
        synchronized (this) {
            instance = ++instances;
        }
        return add(HostChannelConfig.of(DEVICE_CLASS, new UUID(0x5EED, instance)), openStatus);
    }

    /**
     * Offers sub-channel {@code index} of the device of the {@code n}-th channel added (1-based) as a host task.
     *
     * @param n          which {@link #addChannel} call added the primary
     * @param index      the sub-channel index (&gt; 0)
     * @param openStatus the status each open is answered with
     * @return completes with the relid
     */
    public CompletableFuture<Integer> addSubchannel(int n, int index, IntSupplier openStatus) {
        return add(HostChannelConfig.of(DEVICE_CLASS, new UUID(0x5EED, n)).subChannel(index), openStatus);
    }

    private CompletableFuture<Integer> add(HostChannelConfig config, IntSupplier openStatus) {
        SlowDevice d = new SlowDevice(openStatus);
        devices.add(d);
        return machine.addDevice(config, d, () -> { });
    }

    /** @return every device added, in order */
    public List<SlowDevice> devices() {
        return List.copyOf(devices);
    }

    /** Queues {@code task} as a host step. */
    public void host(String label, Runnable task) {
        scheduler().submit(Side.HOST, "host: " + label, task);
    }

    /** Queues {@code task} as a guest step. */
    public void guest(String label, Runnable task) {
        scheduler().submit(Side.GUEST, "guest: " + label, task);
    }

    /** @return the recorded trace, as event maps of channel/CONTRACT.md */
    public List<Map<String, Object>> trace() {
        synchronized (tracer.lock()) {
            return tracer.events().stream().map(TraceEvent::toRecord).toList();
        }
    }

    /** Stops the machine's threads (concurrent mode) and releases its memory. */
    @Override
    public void close() {
        machine.close();
    }
}
