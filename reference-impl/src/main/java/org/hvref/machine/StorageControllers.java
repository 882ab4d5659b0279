package org.hvref.machine;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.host.HostChannelConfig;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.channel.protocol.OfferChannelDescriptor;
import org.hvref.channel.protocol.OpaqueBytes;
import org.hvref.disk.DiskImage;
import org.hvref.storage.protocol.StorvscDeviceClass;
import org.hvref.storage.scsi.ScsiDisk;
import org.hvref.storage.scsi.ScsiDiskIdentity;
import org.hvref.storage.scsi.ScsiTarget;
import org.hvref.storage.session.StorvscTrace;
import org.hvref.storage.vsc.DmaPages;
import org.hvref.storage.vsc.StorvscClient;
import org.hvref.storage.vsp.StorvscHost;
import org.hvref.trace.RecordingTracer;

/**
 * Adds StorVSC controllers to a {@link ReferenceMachine} (devices-net-storage-pci.md §3.4–§3.6): the host offers the
 * controller's primary channel (IDE: the openvmm instance GUID and OfferProperties), the guest opens it, attaches a
 * {@link StorvscClient} and starts initialization; when the VSP accepts CREATE_SUB_CHANNELS the host offers that many
 * sub-channels (same class and instance, index 1..n) and the guest opens each with the same ring size and spreads
 * its requests over them. Each controller records its StorvscProtocol events into its own tracer.
 */
final class StorageControllers {
    /** IDE OfferProperties flags: IDE device (§3.6, openvmm OfferProperties). */
    static final int IDE_OFFER_FLAGS = 0x2;
    /** IDE instance GUID data3 (§3.6: "the specific GUID that drivers in the guest expect"). */
    static final int IDE_INSTANCE_DATA3 = 0x8899;

    private final ReferenceMachine machine;
    private final AtomicInteger instances = new AtomicInteger();

    StorageControllers(ReferenceMachine machine) {
        this.machine = machine;
    }

    CompletableFuture<StoragePair> add(StorageControllerConfig config) {
        Objects.requireNonNull(config, "config");
        StorvscDeviceClass cls = config.deviceClass();
        int n = instances.getAndIncrement();
        UUID instance = cls == StorvscDeviceClass.IDE ? ideInstance(config.ideChannel(), config.ideDevice())
                : new UUID(0x5c5100000000L | n, 0x8000_0000_0000_0000L | n);
        RecordingTracer tracer = new RecordingTracer();
        StorvscTrace trace = new StorvscTrace(tracer);
        ScsiTarget target = new ScsiTarget();
        for (Map.Entry<Integer, DiskImage> d : config.disks().entrySet()) {
            target.attach(d.getKey(), disk(d.getValue(), instance, d.getKey()));
        }
        StorvscHost host = new StorvscHost(cls, config.hostVersions(), config.maxSubChannels(), target,
                machine.memory(), trace, cls == StorvscDeviceClass.IDE ? config.ideChannel() : -1);
        DmaPages dma = new DmaPages() {
            @Override
            public long[] allocate(int count) {
                return machine.pages().allocate(count);
            }

            @Override
            public void free(long[] pages) {
                machine.pages().free(pages);
            }
        };
        StorvscClient client = new StorvscClient(config.guest(), machine.memory(), dma, trace);
        StorvscHostDevice device = new StorvscHostDevice(machine, host, host::opened, host::closed);
        HostChannelConfig offer = HostChannelConfig.of(cls.classId(), instance);
        if (cls == StorvscDeviceClass.IDE) {
            offer = offer.withUserDefined(ideOfferProperties(config.ideChannel(), config.ideDevice()));
        }
        List<Integer> subRelids = new CopyOnWriteArrayList<>();
        HostChannelConfig primaryOffer = offer;
        host.onSubChannelsRequested(count -> machine.onHost("storvsc: offer " + count + " sub-channels", () -> {
            for (int i = 1; i <= count; i++) {
                StorvscHostDevice sub = new StorvscHostDevice(machine, host.subChannelHandler(i), e -> { }, () -> { });
                machine.addDevice(primaryOffer.subChannel(i), sub, sub::onGuestSignal).thenAccept(subRelids::add);
            }
            return null;
        }));
        machine.devices().onOfferAdded(o -> {
            if (o.interfaceInstance().equals(instance) && o.subChannelIndex() > 0 && !client.isClosed()) {
                machine.devices().open(o, config.ringPages(), 0, (out, in, signal) -> {
                    ChannelEndpoint e = new ChannelEndpoint(out, in, signal, client);
                    return new GuestDriverFactory.Binding<>(client, e);
                }).thenAccept(ch -> client.addSubChannel(ch.endpoint()));
            }
        });
        return machine.addDevice(offer, device, device::onGuestSignal)
                .thenCompose(relid -> offerSeen(cls, instance)
                        .thenCompose(o -> machine.devices().open(o, config.ringPages(), 0, (out, in, signal) -> {
                            ChannelEndpoint e = new ChannelEndpoint(out, in, signal, client);
                            return new GuestDriverFactory.Binding<>(client, e);
                        }))
                        .thenCompose(ch -> machine.onGuest("storvsc: start " + cls, () -> {
                            client.attach(ch.endpoint());
                            ch.rescinded().thenRun(() -> client.channelClosed(true));
                            client.start();
                            return new StoragePair(machine, relid, subRelids, config, host, client, ch, trace,
                                    tracer);
                        })));
    }

    /** A SCSI disk over an image, identified by the controller instance and LUN. */
    static ScsiDisk disk(DiskImage image, UUID instance, int lun) {
        return new ScsiDisk(image, new ScsiDiskIdentity(new UUID(instance.getMostSignificantBits(),
                instance.getLeastSignificantBits() ^ lun), ""));
    }

    /** openvmm's IDE instance GUID: data1 = channel, data2 = device, data3 = 0x8899, data4 = 0 (§3.6). */
    static UUID ideInstance(int channel, int device) {
        return new UUID((long) channel << 32 | (long) device << 16 | IDE_INSTANCE_DATA3, 0L);
    }

    /** OfferProperties at the start of the user-defined area: reserved u16, path, target, reserved u32, flags 0x2. */
    static OpaqueBytes ideOfferProperties(int channel, int device) {
        byte[] b = new byte[OfferChannelDescriptor.USER_DEFINED_LENGTH];
        b[2] = (byte) channel;
        b[3] = (byte) device;
        b[8] = IDE_OFFER_FLAGS;
        return OpaqueBytes.of(b);
    }

    /** Completes with the guest's offer of the primary channel of that instance: already known, or hot-added later. */
    private CompletableFuture<OfferChannel> offerSeen(StorvscDeviceClass cls, UUID instance) {
        CompletableFuture<OfferChannel> seen = new CompletableFuture<>();
        machine.devices().onOfferAdded(o -> {
            if (o.interfaceInstance().equals(instance) && o.subChannelIndex() == 0) {
                seen.complete(o);
            }
        });
        machine.onGuest("storvsc: find offer " + cls, () -> {
            for (OfferChannel o : machine.client().findOffers(cls.classId())) {
                if (o.interfaceInstance().equals(instance) && o.subChannelIndex() == 0) {
                    seen.complete(o);
                }
            }
            return null;
        });
        return seen;
    }
}
