package org.hvref.storage.hazard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.device.ChannelPacketHandler;
import org.hvref.channel.host.HostChannelConfig;
import org.hvref.channel.host.WindowsHost;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.disk.DiskImages;
import org.hvref.machine.EndpointHostDevice;
import org.hvref.machine.GuestDeviceChannel;
import org.hvref.machine.GuestDriverFactory;
import org.hvref.machine.ReferenceMachine;
import org.hvref.ring.VmbusPacket;
import org.hvref.storage.protocol.StorvscDeviceClass;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.hvref.storage.scsi.ScsiDisk;
import org.hvref.storage.scsi.ScsiDiskIdentity;
import org.hvref.storage.scsi.ScsiTarget;
import org.hvref.storage.session.StorvscTrace;
import org.hvref.storage.vsc.DmaPages;
import org.hvref.storage.vsc.StorvscClient;
import org.hvref.storage.vsc.StorvscClientConfig;
import org.hvref.storage.vsp.StorvscHost;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;
import org.hvref.wire.ProtocolException;

/**
 * One StorVSC SCSI controller on a deterministic {@link ReferenceMachine}, wired like
 * {@code ReferenceMachine.addStorageController} but with a gate in front of the VSP: the test sees every guest packet
 * the host reads, can hold them (the host answers them only on {@link #release()}), and has the host's endpoint to
 * play a hostile host (packets the real VSP never sends, recorded as the host event the spec names). Both sides share
 * one StorvscProtocol trace.
 */
final class GatedStorageController implements AutoCloseable {
    /** Guest memory: 4 MiB. */
    static final int MEMORY_PAGES = 1024;
    /** Ring pages of the channel. */
    static final int RING_PAGES = 32;

    final ReferenceMachine m;
    final RecordingTracer tracer = new RecordingTracer();
    final StorvscTrace trace = new StorvscTrace(tracer);
    final ScsiTarget target = new ScsiTarget();
    final StorvscHost host;
    final StorvscClient client;
    final Gate gate;
    final GuestDeviceChannel<StorvscClient> channel;
    private final List<DiskImage> images = new ArrayList<>();

    /** The VSP's packet handler behind a gate that can hold guest packets. */
    static final class Gate implements ChannelPacketHandler {
        private final StorvscHost host;
        private ChannelEndpoint endpoint;
        private boolean holding;
        private final List<VmbusPacket> held = new ArrayList<>();
        private final List<VmbusPacket> seen = new ArrayList<>();

        Gate(StorvscHost host) {
            this.host = host;
        }

        @Override
        public boolean handlesCompletions() {
            return host.handlesCompletions();
        }

        @Override
        public void onProtocolError(ChannelEndpoint e, ProtocolException error) {
            host.onProtocolError(e, error);
        }

        @Override
        public synchronized void onPacket(ChannelEndpoint e, VmbusPacket packet) {
            if (endpoint == null) {
                endpoint = e;
                host.opened(e);
            }
            seen.add(packet);
            if (holding) {
                held.add(packet);
                return;
            }
            host.onPacket(e, packet);
        }

        synchronized void hold() {
            holding = true;
        }

        /** Hands the held packets to the VSP in order (on the caller's thread: a host task). */
        synchronized void releaseHeld() {
            holding = false;
            for (VmbusPacket p : held) {
                try {
                    host.onPacket(endpoint, p);
                } catch (ProtocolException e) {
                    // refused: recorded by the VSP (recentErrors), as the endpoint would
                }
            }
            held.clear();
        }

        synchronized int heldCount() {
            return held.size();
        }

        synchronized List<VmbusPacket> seen() {
            return List.copyOf(seen);
        }

        synchronized ChannelEndpoint endpoint() {
            return endpoint;
        }
    }

    /**
     * Starts a controller and waits until the guest initialized it and ended its first scan.
     *
     * @param seed      the scheduler's seed
     * @param dir       where the raw disk images go
     * @param luns      LUNs with an 8 MiB raw disk each
     * @param guest     the guest's behaviour
     * @param beforeRun runs after the VSP exists and before the channel opens (e.g. to install a tamper)
     * @return the running controller
     */
    static GatedStorageController start(long seed, Path dir, List<Integer> luns, StorvscClientConfig guest,
            Consumer<StorvscHost> beforeRun) {
        return new GatedStorageController(seed, dir, luns, guest, beforeRun);
    }

    /** A Linux guest, nothing before the run. */
    static GatedStorageController start(long seed, Path dir, List<Integer> luns) {
        return start(seed, dir, luns, StorvscClientConfig.linux(StorvscDeviceClass.SCSI), h -> { });
    }

    private GatedStorageController(long seed, Path dir, List<Integer> luns, StorvscClientConfig guest,
            Consumer<StorvscHost> beforeRun) {
        m = ReferenceMachine.builder().host(WindowsHost.WINDOWS_SERVER_2022).deterministic(seed)
                .memoryPages(MEMORY_PAGES).build();
        UUID instance = new UUID(0x5c5100000000L | seed, 0x8000_0000_0000_0000L);
        for (int lun : luns) {
            target.attach(lun, disk(image(dir, "lun" + lun + ".raw"), instance, lun));
        }
        host = new StorvscHost(StorvscDeviceClass.SCSI, VstorProtocolVersion.OPENVMM_ACCEPTS, 0, target, m.memory(),
                trace, -1);
        beforeRun.accept(host);
        gate = new Gate(host);
        DmaPages dma = new DmaPages() {
            @Override
            public long[] allocate(int count) {
                return m.pages().allocate(count);
            }

            @Override
            public void free(long[] pages) {
                m.pages().free(pages);
            }
        };
        client = new StorvscClient(guest, m.memory(), dma, trace);
        m.await(m.client().connect());
        m.await(m.client().requestOffers());
        CompletableFuture<OfferChannel> seen = new CompletableFuture<>();
        m.devices().onOfferAdded(o -> {
            if (o.interfaceInstance().equals(instance)) {
                seen.complete(o);
            }
        });
        m.await(m.addDevice(HostChannelConfig.of(StorvscDeviceClass.SCSI.classId(), instance), gate));
        OfferChannel offer = m.await(seen);
        channel = m.await(m.devices().open(offer, RING_PAGES, 0, (out, in, signal) ->
                new GuestDriverFactory.Binding<>(client, new ChannelEndpoint(out, in, signal, client))));
        m.await(m.onGuest("storvsc: start", () -> {
            client.attach(channel.endpoint());
            return client.start();
        }));
        m.await(client.ready());
        m.await(client.scanned());
        m.settle();
    }

    /** The host endpoint of the channel (set when the VSP read the first guest packet). */
    ChannelEndpoint hostEndpoint() {
        return Objects.requireNonNull(gate.endpoint(), "no guest packet read yet");
    }

    /** Holds every guest packet the host reads from now on. */
    void hold() {
        gate.hold();
    }

    /** Hands the held packets to the VSP (a host task) and runs the machine until idle. */
    void release() {
        m.await(m.onHost("gate: release", () -> {
            gate.releaseHeld();
            return null;
        }));
        m.settle();
    }

    /** Runs {@code body} as a host task and waits for it. */
    <T> T onHost(String label, java.util.function.Supplier<T> body) {
        return m.await(m.onHost(label, body));
    }

    /** @return the trace as records for the validator */
    List<Map<String, Object>> events() {
        return tracer.events().stream().map(TraceEvent::toRecord).toList();
    }

    private DiskImage image(Path dir, String name) {
        try {
            DiskImage d = DiskImages.create(dir.resolve(name), DiskFormat.RAW, 8 << 20, false);
            images.add(d);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ScsiDisk disk(DiskImage image, UUID instance, int lun) {
        return new ScsiDisk(image, new ScsiDiskIdentity(new UUID(instance.getMostSignificantBits(),
                instance.getLeastSignificantBits() ^ lun), ""));
    }

    @Override
    public void close() {
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

    @Override
    public String toString() {
        return "GatedStorageController[" + host + ", " + client + "]";
    }
}
