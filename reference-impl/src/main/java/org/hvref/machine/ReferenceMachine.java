package org.hvref.machine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.hvref.channel.device.ChannelDoorbells;
import org.hvref.channel.device.ChannelPacketHandler;
import org.hvref.channel.guest.ClientConfig;
import org.hvref.channel.guest.VmbusClient;
import org.hvref.channel.guest.VmbusGuestEndpoint;
import org.hvref.channel.host.HostChannelConfig;
import org.hvref.channel.host.HostConfig;
import org.hvref.channel.host.HostDevice;
import org.hvref.channel.host.VmbusHostEndpoint;
import org.hvref.channel.host.VmbusServer;
import org.hvref.channel.host.WindowsHost;
import org.hvref.hypervisor.ConcurrentScheduler;
import org.hvref.hypervisor.DeterministicScheduler;
import org.hvref.hypervisor.Hypervisor;
import org.hvref.hypervisor.HypervisorConfig;
import org.hvref.hypervisor.Scheduler;
import org.hvref.hypervisor.Side;
import org.hvref.ic.IcHostService;
import org.hvref.ic.IcRequestConsumer;
import org.hvref.ic.IcService;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.memory.GuestMemory;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.SpecTracer;

/**
 * One partition: guest memory, the simulated {@link Hypervisor}, a VMBus host ({@link VmbusHostEndpoint}, emulating
 * the {@link HostConfig} the caller chose) and a VMBus guest ({@link VmbusGuestEndpoint}), both recording into ONE
 * shared {@link SpecTracer} (channel/CONTRACT.md: one total order of both sides' events).
 *
 * <p>Guest memory layout (pages of 4 KiB): page 0 unused; pages 1–3 the interrupt page and the two monitor pages
 * ({@link ClientConfig#defaults(long)} at 0x1000); then two SynIC pages per VP (message page, event flags page);
 * every later page belongs to {@link #pages()} for rings and buffers.
 *
 * <p>Modes: {@link MachineMode#DETERMINISTIC} runs on the caller's thread; {@link #await} steps the {@link
 * DeterministicScheduler} until the future is done. {@link MachineMode#CONCURRENT} runs host and guest on their own
 * threads; {@link #await} waits with the hang guard. Host-side calls ({@link #addDevice}, {@link #rescind}) run as
 * host tasks and return futures.
 */
public final class ReferenceMachine implements AutoCloseable {
    /** GPA of the interrupt page; the two monitor pages follow (pages 1–3). */
    public static final long INTERRUPT_PAGE_GPA = 0x1000;
    /** First page of the SynIC pages (two per VP). */
    public static final long SYNIC_FIRST_PAGE = 4;
    /** Default guest memory: 1 MiB. */
    public static final int DEFAULT_MEMORY_PAGES = 256;
    /** Default hang guard of concurrent waits. */
    public static final Duration DEFAULT_HANG_GUARD = Duration.ofSeconds(60);
    /** Default step bound of deterministic waits. */
    public static final int DEFAULT_MAX_STEPS = 20_000_000;

    private final MachineMode mode;
    private final GuestMemory memory;
    private final Scheduler scheduler;
    private final DeterministicScheduler deterministic;
    private final ConcurrentScheduler concurrent;
    private final Hypervisor hypervisor;
    private final SpecTracer tracer;
    private final HostConfig hostConfig;
    private final VmbusHostEndpoint host;
    private final VmbusGuestEndpoint guest;
    private final GuestPageAllocator pages;
    private final GuestDevices devices;
    private final LegacyInterruptPage legacyInterrupts;
    private final IcServices icServices = new IcServices(this);
    private final StorageControllers storageControllers = new StorageControllers(this);
    private final Duration hangGuard;
    private final int maxSteps;
    private final Map<Integer, HostDevice> hostDevices = new ConcurrentHashMap<>();
    private final Map<Integer, ChannelRingTraces> ringTraces = new ConcurrentHashMap<>();

    private ReferenceMachine(Builder b) {
        this.mode = b.deterministic != null ? MachineMode.DETERMINISTIC : MachineMode.CONCURRENT;
        this.hostConfig = b.hostConfig;
        int vpCount = hostConfig.vpCount();
        long firstFreePage = SYNIC_FIRST_PAGE + 2L * vpCount;
        if (b.memoryPages < firstFreePage + 4) {
            throw new IllegalArgumentException("memory pages: " + b.memoryPages + " (expected: >= "
                    + (firstFreePage + 4) + " for " + vpCount + " VPs)");
        }
        this.memory = GuestMemory.heap(b.memoryPages);
        this.deterministic = b.deterministic;
        this.concurrent = deterministic == null ? new ConcurrentScheduler() : null;
        this.scheduler = deterministic != null ? deterministic : concurrent;
        this.tracer = b.tracer;
        this.hangGuard = b.hangGuard;
        this.maxSteps = b.maxSteps;
        this.hypervisor = new Hypervisor(memory, scheduler, HypervisorConfig.defaults().withVpCount(vpCount)
                .withSintQueueCapacity(b.sintQueueCapacity).withPortQueueCapacity(b.sintQueueCapacity));
        this.host = new VmbusHostEndpoint(hypervisor, hostConfig, tracer);
        ClientConfig clientConfig = b.client.apply(ClientConfig.defaults(INTERRUPT_PAGE_GPA));
        this.guest = new VmbusGuestEndpoint(hypervisor, clientConfig, tracer,
                SYNIC_FIRST_PAGE << GuestMemory.PAGE_SHIFT);
        this.legacyInterrupts = new LegacyInterruptPage(hypervisor, host.server(), clientConfig.interruptPageGpa());
        this.pages = new GuestPageAllocator(firstFreePage, b.memoryPages);
        this.devices = new GuestDevices(this);
    }

    /** @return a builder: Windows Server 2022 host, deterministic seed 1, 1 MiB of memory, a recording tracer */
    public static Builder builder() {
        return new Builder();
    }

    /** @return how tasks run */
    public MachineMode mode() {
        return mode;
    }

    /** @return the guest's memory */
    public GuestMemory memory() {
        return memory;
    }

    /** @return the hypervisor */
    public Hypervisor hypervisor() {
        return hypervisor;
    }

    /** @return the scheduler of both sides */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** @return the deterministic scheduler, in {@link MachineMode#DETERMINISTIC} mode */
    public Optional<DeterministicScheduler> deterministicScheduler() {
        return Optional.ofNullable(deterministic);
    }

    /** @return the tracer both sides record into */
    public SpecTracer tracer() {
        return tracer;
    }

    /** @return what the host accepts */
    public HostConfig hostConfig() {
        return hostConfig;
    }

    /** @return the host endpoint */
    public VmbusHostEndpoint host() {
        return host;
    }

    /** @return the host's server */
    public VmbusServer server() {
        return host.server();
    }

    /** @return the guest endpoint */
    public VmbusGuestEndpoint guest() {
        return guest;
    }

    /** @return the guest's client */
    public VmbusClient client() {
        return guest.client();
    }

    /** @return the pre-Win7 interrupt-page signalling of both sides */
    LegacyInterruptPage legacyInterrupts() {
        return legacyInterrupts;
    }

    /** @return the guest pages free for rings and buffers */
    public GuestPageAllocator pages() {
        return pages;
    }

    /** @return the guest's device helper */
    public GuestDevices devices() {
        return devices;
    }

    /**
     * Offers a channel (as a host task).
     *
     * @param offer         the offer parameters
     * @param device        the host device
     * @param onGuestSignal runs as a host task when the guest signals the channel
     * @return completes with the relid
     */
    public CompletableFuture<Integer> addDevice(HostChannelConfig offer, HostDevice device, Runnable onGuestSignal) {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(onGuestSignal, "onGuestSignal");
        return onHost("machine: add device " + offer.interfaceType(), () -> {
            int relid = host.addChannel(offer, device, onGuestSignal);
            hostDevices.put(relid, device);
            legacyInterrupts.addHostChannel(relid, onGuestSignal);
            return relid;
        });
    }

    /**
     * Offers a channel served by a data-plane handler through an {@link EndpointHostDevice} (as a host task).
     *
     * @param offer   the offer parameters
     * @param handler the device's packet handler, e.g. {@link org.hvref.channel.device.EchoDevice}
     * @return completes with the relid; {@link #hostDevice(int)} returns the adapter
     */
    public CompletableFuture<Integer> addDevice(HostChannelConfig offer, ChannelPacketHandler handler) {
        EndpointHostDevice device = new EndpointHostDevice(handler, hostRingTracers());
        return addDevice(offer, device, device::onGuestSignal);
    }

    /**
     * Adds an IC service pair over a real util channel with the host's default offer (framework 1.0, 3.0; the
     * service's list, ic §1.5): the host offers it, the guest (already connected, offers requested) opens it with its
     * family's ring size ({@link org.hvref.ic.vmbus.IcOffers#ringPages}), the host negotiates, then sends whatever the
     * provider asks, and the guest's daemon answers.
     *
     * @param host        the host provider (heartbeat, shutdown, time sync, file copy, ...)
     * @param guestFamily how the guest negotiates and answers a failed negotiation (ic §1.4)
     * @param guestDaemon what answers the requests in the guest, or {@code null} for none (requests answered E_FAIL)
     * @return completes with the pair once the guest opened the channel (negotiation may still be under way: see
     *     {@link IcServicePair#negotiated()})
     */
    public CompletableFuture<IcServicePair> addIcService(IcHostService host,
            IcVersionPolicy guestFamily, IcRequestConsumer guestDaemon) {
        return icServices.add(host, IcService.HOST_FRAMEWORK_VERSIONS, host.service().hostVersions(),
                guestFamily, guestDaemon);
    }

    /**
     * Adds an IC service pair whose host offers the given version lists (e.g. none in common with the guest).
     *
     * @param host            the host provider
     * @param hostFrameworks  framework versions the host offers, in wire order
     * @param hostMessages    message versions the host offers, in wire order
     * @param guestFamily     the guest family
     * @param guestDaemon     the guest's daemon, or {@code null}
     * @return completes with the pair once the guest opened the channel
     */
    public CompletableFuture<IcServicePair> addIcService(IcHostService host,
            List<IcVersion> hostFrameworks,
            List<IcVersion> hostMessages, IcVersionPolicy guestFamily,
            IcRequestConsumer guestDaemon) {
        return icServices.add(host, hostFrameworks, hostMessages, guestFamily, guestDaemon);
    }

    /**
     * Adds a StorVSC controller over real channels (devices-net-storage-pci.md §3): the host offers it (SCSI, or IDE
     * with the openvmm instance GUID and OfferProperties), the guest opens it and initializes it in Linux's order,
     * then scans it; sub-channels are offered and opened when the VSP grants them.
     *
     * @param config the controller (class, disks per LUN, sub-channels, versions, guest behaviour)
     * @return completes with the pair once the guest opened the primary channel and sent BEGIN_INITIALIZATION (see
     *     {@link StoragePair#ready()} and {@link StoragePair#scanned()})
     */
    public CompletableFuture<StoragePair> addStorageController(StorageControllerConfig config) {
        return storageControllers.add(config);
    }

    /**
     * Records the VmbusRing actions of both rings of a channel from its next open on (both sides' ring code records
     * into the channel's {@link ChannelRingTraces}); call before the guest opens it.
     *
     * @param relid the channel
     * @return its (fresh) ring traces
     */
    public ChannelRingTraces traceRings(int relid) {
        ChannelRingTraces t = ChannelRingTraces.create(relid);
        ringTraces.put(relid, t);
        return t;
    }

    /** @return the host's view of the rings' tracers and doorbells ({@link #traceRings}), for host devices */
    EndpointHostDevice.RingTracerSource hostRingTracers() {
        return new EndpointHostDevice.RingTracerSource() {
            @Override
            public SpecTracer tracer(int relid, boolean guestToHost) {
                return ringTracer(relid, guestToHost);
            }

            @Override
            public Optional<ChannelDoorbells> doorbells(int relid) {
                return ringDoorbells(relid).map(ChannelDoorbells::peer);
            }
        };
    }

    /**
     * @param relid       a channel
     * @param guestToHost which ring
     * @return the tracer of that ring, {@link SpecTracer#OFF} unless {@link #traceRings} asked for it
     */
    SpecTracer ringTracer(int relid, boolean guestToHost) {
        ChannelRingTraces t = ringTraces.get(relid);
        if (t == null) {
            return SpecTracer.OFF;
        }
        return guestToHost ? t.guestToHost() : t.hostToGuest();
    }

    /**
     * @param relid a channel
     * @return the guest's view of its per-ring doorbells while {@link #traceRings} records its rings
     */
    Optional<ChannelDoorbells> ringDoorbells(int relid) {
        return Optional.ofNullable(ringTraces.get(relid)).map(ChannelRingTraces::doorbells);
    }

    /**
     * @param relid a relid returned by {@link #addDevice}
     * @return its host device, while offered
     */
    public Optional<HostDevice> hostDevice(int relid) {
        return Optional.ofNullable(hostDevices.get(relid));
    }

    /**
     * Rescinds a channel (as a host task).
     *
     * @param relid the channel
     * @return completes once RESCIND_CHANNELOFFER was posted
     */
    public CompletableFuture<Void> rescind(int relid) {
        return onHost("machine: rescind " + relid, () -> {
            host.rescind(relid);
            hostDevices.remove(relid);
            legacyInterrupts.removeHostChannel(relid);
            return null;
        });
    }

    /**
     * @param label the task's label
     * @param body  what to run on the host side
     * @param <T>   the result type
     * @return completes with the body's result (or its failure)
     */
    public <T> CompletableFuture<T> onHost(String label, Supplier<T> body) {
        return on(Side.HOST, label, body);
    }

    /**
     * @param label the task's label
     * @param body  what to run on the guest side
     * @param <T>   the result type
     * @return completes with the body's result (or its failure)
     */
    public <T> CompletableFuture<T> onGuest(String label, Supplier<T> body) {
        return on(Side.GUEST, label, body);
    }

    private <T> CompletableFuture<T> on(Side side, String label, Supplier<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        scheduler.submit(side, label, () -> {
            try {
                f.complete(body.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /**
     * Runs the machine until {@code future} is done and returns its value: deterministic mode steps the scheduler
     * (at most the step bound), concurrent mode waits (at most the hang guard).
     *
     * @param future a future of this machine's work
     * @param <T>    its type
     * @return its value
     * @throws java.util.concurrent.CompletionException if it failed (cause: its failure)
     * @throws IllegalStateException                    if it did not complete (idle, livelock or hang guard)
     */
    public <T> T await(CompletableFuture<T> future) {
        if (deterministic != null) {
            deterministic.runUntil(future::isDone, maxSteps);
        } else {
            waitConcurrently(future);
        }
        return future.join();
    }

    private void waitConcurrently(CompletableFuture<?> future) {
        long deadline = System.nanoTime() + hangGuard.toNanos();
        try {
            while (!future.isDone()) {
                concurrent.awaitIdle(Duration.ZERO); // rethrows a task's failure
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("hang guard: not done after " + hangGuard.toMillis()
                            + " ms (expected: done; " + concurrent + ")");
                }
                try {
                    future.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // loop: check the scheduler, then the future again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    /** Runs until neither side has work queued (deterministic) or is busy (concurrent, within the hang guard). */
    public void settle() {
        if (deterministic != null) {
            deterministic.runUntilIdle(maxSteps);
            return;
        }
        try {
            if (!concurrent.awaitIdle(hangGuard)) {
                throw new IllegalStateException("hang guard: still busy after " + hangGuard.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while settling", e);
        }
    }

    /** Stops the threads (concurrent mode; rethrows a task failure) and releases the memory. */
    @Override
    public void close() {
        try {
            if (concurrent != null) {
                concurrent.close();
            }
        } finally {
            memory.close();
        }
    }

    @Override
    public String toString() {
        return "ReferenceMachine[" + mode + ", host " + hostConfig.newest() + ", " + memory.pages() + " pages, "
                + pages.freePages() + " free]";
    }

    /** Configures a {@link ReferenceMachine}. */
    public static final class Builder {
        private HostConfig hostConfig = HostConfig.of(WindowsHost.WINDOWS_SERVER_2022);
        private UnaryOperator<ClientConfig> client = UnaryOperator.identity();
        private DeterministicScheduler deterministic = DeterministicScheduler.seeded(1);
        private SpecTracer tracer = new RecordingTracer();
        private int memoryPages = DEFAULT_MEMORY_PAGES;
        private int sintQueueCapacity = HypervisorConfig.DEFAULT_QUEUE_CAPACITY;
        private Duration hangGuard = DEFAULT_HANG_GUARD;
        private int maxSteps = DEFAULT_MAX_STEPS;

        private Builder() {
        }

        /** @param preset the Windows host to emulate @return this */
        public Builder host(WindowsHost preset) {
            this.hostConfig = HostConfig.of(preset);
            return this;
        }

        /** @param config what the host accepts (its VP count is the partition's) @return this */
        public Builder host(HostConfig config) {
            this.hostConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /** @param customize adjusts the guest's {@link ClientConfig#defaults(long)} @return this */
        public Builder client(UnaryOperator<ClientConfig> customize) {
            this.client = Objects.requireNonNull(customize, "customize");
            return this;
        }

        /** @param seed seed of the scheduler's side choices @return this, in deterministic mode */
        public Builder deterministic(long seed) {
            return deterministic(DeterministicScheduler.seeded(seed));
        }

        /** @param scheduler a seeded or scripted scheduler @return this, in deterministic mode */
        public Builder deterministic(DeterministicScheduler scheduler) {
            this.deterministic = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** @return this, in concurrent mode */
        public Builder concurrent() {
            this.deterministic = null;
            return this;
        }

        /** @param t the tracer both sides share @return this */
        public Builder tracer(SpecTracer t) {
            this.tracer = Objects.requireNonNull(t, "tracer");
            return this;
        }

        /** @param pages guest memory size in pages @return this */
        public Builder memoryPages(int pages) {
            this.memoryPages = pages;
            return this;
        }

        /** @param capacity per-SINT and per-port queue capacity @return this */
        public Builder queueCapacity(int capacity) {
            this.sintQueueCapacity = capacity;
            return this;
        }

        /** @param guard longest concurrent wait @return this */
        public Builder hangGuard(Duration guard) {
            this.hangGuard = Objects.requireNonNull(guard, "guard");
            return this;
        }

        /** @param steps most deterministic steps per wait @return this */
        public Builder maxSteps(int steps) {
            this.maxSteps = steps;
            return this;
        }

        /** @return the machine (its threads started in concurrent mode) */
        public ReferenceMachine build() {
            return new ReferenceMachine(this);
        }
    }
}
