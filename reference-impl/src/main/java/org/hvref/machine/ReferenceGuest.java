package org.hvref.machine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.hvref.channel.device.EchoDevice;
import org.hvref.channel.guest.VmbusClient;
import org.hvref.channel.host.HostChannelConfig;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.memory.GuestMemory;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;

/**
 * The reference guest's life on a {@link ReferenceMachine}: connect (versions newest first down to WS2008 against
 * the host, vmbus-core.md §3) → request offers → open every offered loopback {@link EchoDevice} channel (ring GPADL
 * + OPENCHANNEL) → create a shared GPADL of {@value #SHARED_GPADL_PAGES} pages (more PFNs than a GPADL_HEADER
 * holds, so GPADL_BODY fragments follow, §5) → exchange packets on every echo channel (in-band requests with
 * completions, GPA-direct requests, posts) → move each channel's interrupts to another VP where the version has
 * MODIFYCHANNEL (4.1+) and echo once more → tear the shared GPADL down → close every channel and tear down its ring
 * GPADL → UNLOAD (from 1.1; a 0.13 host has no UNLOAD_RESPONSE, vmbus-core.md §3). Everything is a chain of futures, so {@link ReferenceMachine#await} drives it in either mode.
 */
public final class ReferenceGuest {
    /** Pages of the shared GPADL: 40 PFNs, more than the 26 of a GPADL_HEADER (vmbus-core.md §5). */
    public static final int SHARED_GPADL_PAGES = 40;
    /** Packets echoed on a re-offered channel ({@link #withHotPlug()}). */
    public static final int HOT_PLUG_PACKETS = 6;

    private final ReferenceMachine machine;
    private final int packets;
    private final int ringPages;
    private final List<BootReport.Channel> offered = Collections.synchronizedList(new ArrayList<>());
    private final List<BootReport.Channel> opened = Collections.synchronizedList(new ArrayList<>());
    private final List<BootReport.Gpadl> created = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> tornDown = Collections.synchronizedList(new ArrayList<>());
    private volatile EchoExchange.PacketCounts counts = new EchoExchange.PacketCounts(0, 0, 0);
    private volatile boolean modified;
    private volatile ProtocolVersion version;
    private volatile int messageConnectionId;
    private volatile boolean traceRings;
    private volatile boolean hotPlug;
    private final List<ChannelRingTraces> ringTraces = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Void> beforeUnload = new CompletableFuture<>();
    private volatile CompletableFuture<?> resume;

    /**
     * @param machine   the machine (not yet connected)
     * @param packets   packets per echo channel
     * @param ringPages ring pages per channel (even, at least 4)
     */
    public ReferenceGuest(ReferenceMachine machine, int packets, int ringPages) {
        this.machine = Objects.requireNonNull(machine, "machine");
        if (packets < 0) {
            throw new IllegalArgumentException("packets: " + packets + " (expected: >= 0)");
        }
        this.packets = packets;
        this.ringPages = ringPages;
    }

    /**
     * Also records the VmbusRing traces of both rings of the first echo channel ({@link ReferenceMachine#traceRings}).
     *
     * @return this
     */
    public ReferenceGuest traceRingsOfFirstEchoChannel() {
        traceRings = true;
        return this;
    }

    /**
     * Adds a hot-plug step after the packet exchange when two or more echo channels are open: the host rescinds the
     * last one while it is open, the guest closes it locally (RELID_RELEASED follows), the host offers the device
     * again, and the guest opens the hot-added offer and echoes on it (vmbus-core.md §4.1 step 4, §4.2).
     *
     * @return this
     */
    public ReferenceGuest withHotPlug() {
        hotPlug = true;
        return this;
    }

    /**
     * Makes the boot pause after the echo part (every echo channel closed, the connection still up) until
     * {@code resumeSignal} completes, so that more work (e.g. IC services) can run in the same boot before UNLOAD;
     * {@link #beforeUnload()} completes when the pause begins. The boot resumes on a guest task.
     *
     * @param resumeSignal completes when the boot may go on
     * @return this
     */
    public ReferenceGuest holdBeforeUnload(CompletableFuture<?> resumeSignal) {
        resume = Objects.requireNonNull(resumeSignal, "resumeSignal");
        return this;
    }

    /** @return completes when the echo part is over and the boot is about to unload (or pauses there) */
    public CompletableFuture<Void> beforeUnload() {
        return beforeUnload;
    }

    /** Boots and waits ({@link ReferenceMachine#await}). @return the report */
    public BootReport run() {
        return machine.await(boot());
    }

    /** @return completes with the report when the guest has unloaded */
    public CompletableFuture<BootReport> boot() {
        VmbusClient client = machine.client();
        long[] shared = machine.pages().allocate(SHARED_GPADL_PAGES);
        fillPattern(shared);
        long[] buffer = Arrays.copyOf(shared, 2);
        List<GuestDeviceChannel<EchoExchange>> channels = Collections.synchronizedList(new ArrayList<>());
        int[] sharedHandle = {0};
        return client.connect()
                .thenCompose(v -> {
                    version = v;
                    messageConnectionId = client.messageConnectionId();
                    return client.requestOffers();
                })
                .thenCompose(offers -> {
                    List<CompletableFuture<GuestDeviceChannel<EchoExchange>>> opens = new ArrayList<>();
                    for (OfferChannel o : offers) {
                        offered.add(new BootReport.Channel(o.childRelid(), o.interfaceType(), o.interfaceInstance()));
                        if (o.interfaceType().equals(EchoDevice.CLASS_ID)) {
                            if (traceRings && opens.isEmpty()) {
                                ringTraces.add(machine.traceRings(o.childRelid()));
                            }
                            EchoExchange x = new EchoExchange(machine.memory(), buffer);
                            opens.add(machine.devices().open(o, ringPages, 0, x.factory()).thenApply(c -> {
                                channels.add(c);
                                opened.add(new BootReport.Channel(c.relid(), c.classGuid(), c.instanceGuid()));
                                created.add(new BootReport.Gpadl(c.ringGpadl(), c.relid(), ringPages, true));
                                return c;
                            }));
                        }
                    }
                    return all(opens);
                })
                .thenCompose(v -> {
                    if (channels.isEmpty()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    int relid = channels.get(0).relid();
                    return client.createGpadl(relid, shared).thenAccept(h -> {
                        sharedHandle[0] = h;
                        created.add(new BootReport.Gpadl(h, relid, shared.length, false));
                    });
                })
                .thenCompose(v -> all(map(channels, c -> c.driver().exchange(packets)
                        .thenAccept(this::add))))
                .thenCompose(v -> hotPlug && channels.size() >= 2 ? rescindAndReoffer(channels, buffer)
                        : CompletableFuture.completedFuture(null))
                .thenCompose(v -> modifyAndEcho(channels))
                .thenCompose(v -> {
                    if (sharedHandle[0] == 0) {
                        return CompletableFuture.completedFuture(null);
                    }
                    return client.teardownGpadl(sharedHandle[0]).thenRun(() -> tornDown.add(sharedHandle[0]));
                })
                .thenCompose(v -> all(map(channels, c -> machine.devices().close(c)
                        .thenRun(() -> tornDown.add(c.ringGpadl())))))
                .thenCompose(v -> hold())
                .thenCompose(v -> version.isAtLeast(ProtocolVersion.WIN7) ? client.unload().thenApply(x -> true)
                        : CompletableFuture.completedFuture(false)) // 0.13 has no UNLOAD_RESPONSE (§3)
                .thenApply(unloaded -> {
                    machine.pages().free(shared);
                    return report(unloaded);
                });
    }

    private CompletableFuture<Void> hold() {
        beforeUnload.complete(null);
        CompletableFuture<?> signal = resume;
        if (signal == null) {
            return CompletableFuture.completedFuture(null);
        }
        return signal.thenCompose(x -> machine.onGuest("guest: resume before unload", () -> null));
    }

    /** Rescinds the last channel (not the one holding the shared GPADL), re-offers its device, opens and echoes. */
    private CompletableFuture<Void> rescindAndReoffer(List<GuestDeviceChannel<EchoExchange>> channels,
            long[] buffer) {
        GuestDeviceChannel<EchoExchange> old = channels.get(channels.size() - 1);
        CompletableFuture<OfferChannel> reoffered = new CompletableFuture<>();
        machine.devices().onOfferAdded(o -> {
            if (o.interfaceType().equals(old.classGuid()) && o.interfaceInstance().equals(old.instanceGuid())) {
                reoffered.complete(o);
            }
        });
        return machine.rescind(old.relid())
                .thenCompose(v -> old.rescinded())
                .thenCompose(v -> {
                    channels.remove(old);
                    return machine.addDevice(HostChannelConfig.of(old.classGuid(), old.instanceGuid()),
                            new EchoDevice(machine.memory()));
                })
                .thenCompose(relid -> reoffered)
                .thenCompose(o -> {
                    offered.add(new BootReport.Channel(o.childRelid(), o.interfaceType(), o.interfaceInstance()));
                    EchoExchange x = new EchoExchange(machine.memory(), buffer);
                    return machine.devices().open(o, ringPages, 0, x.factory());
                })
                .thenCompose(c -> {
                    channels.add(c);
                    opened.add(new BootReport.Channel(c.relid(), c.classGuid(), c.instanceGuid()));
                    created.add(new BootReport.Gpadl(c.ringGpadl(), c.relid(), ringPages, true));
                    return c.driver().exchange(HOT_PLUG_PACKETS).thenAccept(this::add);
                });
    }

    private CompletableFuture<Void> modifyAndEcho(List<GuestDeviceChannel<EchoExchange>> channels) {
        VmbusClient client = machine.client();
        if (!version.isAtLeast(ProtocolVersion.WIN10_V4_1)) {
            return CompletableFuture.completedFuture(null);
        }
        int vp = machine.hostConfig().vpCount() > 1 ? 1 : 0;
        return all(map(channels, c -> client.modify(c.relid(), vp)
                .thenCompose(v -> {
                    modified = true;
                    return c.driver().requestOnce(packets + 1L);
                })
                .thenRun(() -> add(new EchoExchange.PacketCounts(1, 0, 0)))));
    }

    private synchronized void add(EchoExchange.PacketCounts c) {
        counts = counts.plus(c);
    }

    /**
     * @param unloaded whether the guest unloaded
     * @return the report of what happened so far
     */
    public BootReport report(boolean unloaded) {
        VmbusClient client = machine.client();
        List<TraceEvent> events = machine.tracer() instanceof RecordingTracer r ? r.events() : List.of();
        synchronized (offered) {
            return new BootReport(machine.hostConfig().newest(),
                    version != null ? version : client.negotiatedVersion().orElse(ProtocolVersion.WS2008),
                    version != null ? messageConnectionId : client.messageConnectionId(), List.copyOf(offered), List.copyOf(opened), List.copyOf(created),
                    List.copyOf(tornDown), counts, modified, unloaded, events, List.copyOf(ringTraces));
        }
    }

    private void fillPattern(long[] pages) {
        byte[] page = new byte[GuestMemory.PAGE_SIZE];
        for (long p : pages) {
            for (int i = 0; i < page.length; i++) {
                page[i] = (byte) (p * 31 + i * 13 + (i >>> 8));
            }
            machine.memory().write(p << GuestMemory.PAGE_SHIFT, page, 0, page.length);
        }
    }

    private static <T> List<CompletableFuture<?>> map(List<T> items, Function<T, CompletableFuture<?>> f) {
        List<CompletableFuture<?>> out = new ArrayList<>();
        synchronized (items) {
            for (T t : items) {
                out.add(f.apply(t));
            }
        }
        return out;
    }

    private static CompletableFuture<Void> all(List<? extends CompletableFuture<?>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }
}
