package org.hvref.channel.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import org.hvref.channel.guest.ClientConfig;
import org.hvref.channel.guest.VmbusClient;
import org.hvref.channel.guest.VmbusGuestEndpoint;
import org.hvref.channel.host.HostChannelConfig;
import org.hvref.channel.host.HostChannelRings;
import org.hvref.channel.host.HostConfig;
import org.hvref.channel.host.HostDevice;
import org.hvref.channel.host.OpenRequest;
import org.hvref.channel.host.VmbusHostEndpoint;
import org.hvref.channel.host.VmbusServer;
import org.hvref.hypervisor.Hypervisor;
import org.hvref.hypervisor.Scheduler;
import org.hvref.hypervisor.Side;
import org.hvref.memory.GuestMemory;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;

/**
 * One reference host ({@link VmbusHostEndpoint}) and one reference guest ({@link VmbusGuestEndpoint}) on a simulated
 * hypervisor with one shared {@link RecordingTracer}, so the trace is one linearization of both sides
 * (channel/CONTRACT.md). Host calls and guest calls are queued as tasks of their side on the scheduler; the devices
 * answer opens as separate host tasks, so every open answer can race a rescind, a close or an unload.
 */
public final class ChannelSession {
    /** Class GUID of the test devices (any GUID works for the channel layer). */
    public static final UUID DEVICE_CLASS = UUID.fromString("f8615163-df3e-46c5-913f-f2d2f965ed0e");
    /** Guest memory pages: SynIC and interrupt pages low, GPADL pages from {@link #FIRST_DATA_PAGE}. */
    public static final int MEMORY_PAGES = 2048;
    /** First page number the scenarios use for GPADLs and rings. */
    public static final int FIRST_DATA_PAGE = 64;
    /** NTSTATUS a refusing device answers (STATUS_UNSUCCESSFUL). */
    public static final int DEVICE_REFUSES = VmbusServer.STATUS_UNSUCCESSFUL;

    private final Scheduler scheduler;
    private final RecordingTracer tracer = new RecordingTracer();
    private final Hypervisor hypervisor;
    private final VmbusHostEndpoint host;
    private final VmbusGuestEndpoint guest;
    private final List<SlowDevice> devices = new ArrayList<>();
    private int instances;

    /**
     * @param scheduler   deterministic or concurrent
     * @param hostConfig  the versions the host accepts
     * @param guestConfig the guest's versions, newest first
     */
    public ChannelSession(Scheduler scheduler, HostConfig hostConfig, ClientConfig guestConfig) {
        this.scheduler = scheduler;
        this.hypervisor = Hypervisor.create(GuestMemory.heap(MEMORY_PAGES), scheduler);
        this.host = new VmbusHostEndpoint(hypervisor, hostConfig, tracer);
        this.guest = new VmbusGuestEndpoint(hypervisor, guestConfig, tracer, 0x10000);
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
            scheduler.submit(Side.HOST, "device: open answer " + request.relid(), () -> answer.complete(s));
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

    /** @return the scheduler */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** @return the guest's client (call it from guest tasks) */
    public VmbusClient client() {
        return guest.client();
    }

    /** @return the host's server (call it from host tasks) */
    public VmbusServer server() {
        return host.server();
    }

    /** @return the host endpoint */
    public VmbusHostEndpoint hostEndpoint() {
        return host;
    }

    /** @return the guest endpoint */
    public VmbusGuestEndpoint guestEndpoint() {
        return guest;
    }

    /**
     * Adds (hot-adds once connected) a channel now, on the calling thread; call it from a host task or before the
     * guest connects.
     *
     * @param openStatus the status each open is answered with
     * @return the relid
     */
    public int addChannel(IntSupplier openStatus) {
        SlowDevice d = new SlowDevice(openStatus);
        devices.add(d);
        return host.addChannel(HostChannelConfig.of(DEVICE_CLASS, new UUID(0x5EED, ++instances)), d, () -> { });
    }

    /** @return every device added, in order */
    public List<SlowDevice> devices() {
        return List.copyOf(devices);
    }

    /** Queues {@code task} as a host step. */
    public void host(String label, Runnable task) {
        scheduler.submit(Side.HOST, "host: " + label, task);
    }

    /** Queues {@code task} as a guest step. */
    public void guest(String label, Runnable task) {
        scheduler.submit(Side.GUEST, "guest: " + label, task);
    }

    /** @return the recorded trace, as event maps of channel/CONTRACT.md */
    public List<Map<String, Object>> trace() {
        synchronized (tracer.lock()) {
            return tracer.events().stream().map(TraceEvent::toRecord).toList();
        }
    }
}
