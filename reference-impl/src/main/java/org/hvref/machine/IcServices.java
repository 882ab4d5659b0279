package org.hvref.machine;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.host.HostChannelConfig;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.ic.IcGuestVersions;
import org.hvref.ic.IcHostNegotiator;
import org.hvref.ic.IcHostService;
import org.hvref.ic.IcRequestConsumer;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.filecopy.FileCopyDaemon;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.ic.vmbus.IcGuestChannel;
import org.hvref.ic.vmbus.IcHostChannel;
import org.hvref.ic.vmbus.IcOffers;
import org.hvref.trace.RecordingTracer;

/**
 * Adds IC service pairs to a {@link ReferenceMachine} (devices-ic-input-video.md §1.1): the host offers the util
 * channel as a message-mode pipe, the guest opens it by offer with its family's ring size, the host negotiates and
 * then serves the provider's requests, the guest's daemon answers. Each pair records its IcNegotiation events into
 * its own tracer (one trace per channel); ring and channel events go to the machine's tracer as usual. When a
 * file-copy channel closes, the host service learns it first, then the {@link FileCopyDaemon} (abandoning the copy).
 */
final class IcServices {
    private final ReferenceMachine machine;
    private final AtomicInteger instances = new AtomicInteger();

    IcServices(ReferenceMachine machine) {
        this.machine = machine;
    }

    CompletableFuture<IcServicePair> add(IcHostService host, List<IcVersion> frameworks, List<IcVersion> messages,
                                         IcVersionPolicy family, IcRequestConsumer daemon) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(family, "family");
        IcService service = host.service();
        UUID instance = IcOffers.instanceId(service, instances.getAndIncrement());
        RecordingTracer icTracer = new RecordingTracer();
        IcHostNegotiator negotiator = new IcHostNegotiator(service, frameworks, messages, icTracer);
        IcHostChannel hostChannel = new IcHostChannel(host, negotiator,
                work -> machine.onHost("ic " + service + ": request ready", () -> {
                    work.run();
                    return null;
                }));
        IcGuestLossGate gate = daemon instanceof FileCopyDaemon fc ? new IcGuestLossGate(fc, fc::onChannelLost)
                : null;
        IcHostDevice device = new IcHostDevice(hostChannel, machine, gate);
        IcGuestChannel guestChannel = new IcGuestChannel(new IcServiceClient(service,
                IcGuestVersions.of(family, service), gate != null ? gate : daemon, icTracer));
        HostChannelConfig offer = HostChannelConfig.of(service.interfaceId(), instance)
                .withFlags(IcOffers.IC_OFFER_FLAGS).withUserDefined(IcOffers.pipeUserDefined());
        int ringPages = IcOffers.ringPages(family, service);
        return machine.addDevice(offer, device, device::onGuestSignal)
                .thenCompose(relid -> offerSeen(service, instance)
                        .thenCompose(o -> machine.devices().open(o, ringPages, 0, (out, in, signal) -> {
                            ChannelEndpoint e = new ChannelEndpoint(out, in, signal, guestChannel);
                            return new GuestDriverFactory.Binding<>(guestChannel, e);
                        }))
                        .thenCompose(ch -> machine.onGuest("ic " + service + ": first drain", () -> {
                            ch.endpoint().onInterrupt(); // a NEGOTIATE signalled before the binding is read now
                            return new IcServicePair(machine, relid, family, hostChannel, guestChannel, ch,
                                    icTracer);
                        })));
    }

    /** Completes with the guest's offer of that instance: already known, or hot-added later. */
    private CompletableFuture<OfferChannel> offerSeen(IcService service, UUID instance) {
        CompletableFuture<OfferChannel> seen = new CompletableFuture<>();
        machine.devices().onOfferAdded(o -> {
            if (o.interfaceInstance().equals(instance)) {
                seen.complete(o);
            }
        });
        machine.onGuest("ic " + service + ": find offer", () -> {
            for (OfferChannel o : machine.client().findOffers(service.interfaceId())) {
                if (o.interfaceInstance().equals(instance)) {
                    seen.complete(o);
                }
            }
            return null;
        });
        return seen;
    }
}
