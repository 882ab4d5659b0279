package org.hvref.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.device.ChannelPacketHandler;
import org.hvref.channel.device.ChannelSignal;
import org.hvref.channel.guest.ClientListener;
import org.hvref.channel.guest.GpadlState;
import org.hvref.channel.guest.OpenedChannel;
import org.hvref.channel.guest.VmbusClient;
import org.hvref.channel.guest.VmbusGuestEndpoint;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;

/**
 * The guest's device helper: opens a channel by class GUID (find the offer, allocate ring pages in guest memory,
 * create the ring GPADL, open — {@link VmbusClient#open(int, long[], int, int, byte[])} — then bind a driver over
 * the rings with the signal of the {@link VmbusGuestEndpoint} and route the channel's interrupt to the driver's
 * endpoint as a guest task), closes it again (CLOSECHANNEL, GPADL_TEARDOWN, pages freed), and closes a channel the
 * host rescinds (locally; the client then sends RELID_RELEASED, vmbus-core.md §4.2).
 */
public final class GuestDevices {
    /** Default ring pages per channel: two rings of one control page and three data pages. */
    public static final int DEFAULT_RING_PAGES = 8;

    /**
     * @param ringPages ring pages of a channel as {@link #open} takes them (even, at least 4)
     * @return the data size of each of its two rings: half the pages, less the ring's control page
     */
    public static int ringDataSize(int ringPages) {
        if (ringPages < 4 || ringPages % 2 != 0) {
            throw new IllegalArgumentException("ring pages: " + ringPages + " (expected: even, >= 4)");
        }
        return (ringPages / 2 - 1) * GuestMemory.PAGE_SIZE;
    }

    private final ReferenceMachine machine;
    private final Map<Integer, GuestDeviceChannel<?>> open = new ConcurrentHashMap<>();
    private final List<Consumer<OfferChannel>> offerListeners = new CopyOnWriteArrayList<>();

    GuestDevices(ReferenceMachine machine) {
        this.machine = machine;
        machine.client().addListener(new ClientListener() {
            @Override
            public void offerAdded(OfferChannel offer) {
                offerListeners.forEach(l -> l.accept(offer));
            }

            @Override
            public void offerRescinded(int relid) {
                onRescind(relid);
            }
        });
    }

    /** @param listener told (on the guest side) of every offer after ALLOFFERS_DELIVERED (hot-add) */
    public void onOfferAdded(Consumer<OfferChannel> listener) {
        offerListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Opens the first offered channel of a class that this helper has not opened, with a plain endpoint.
     *
     * @param classGuid device class GUID
     * @param ringPages ring pages, split evenly between the two rings (even, at least 4)
     * @param handler   receives the host's packets
     * @return completes with the channel, its driver being the endpoint
     */
    public CompletableFuture<GuestDeviceChannel<ChannelEndpoint>> open(UUID classGuid, int ringPages,
            ChannelPacketHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return open(classGuid, ringPages, (out, in, signal) -> {
            ChannelEndpoint e = new ChannelEndpoint(out, in, signal, handler);
            return new GuestDriverFactory.Binding<>(e, e);
        });
    }

    /**
     * Opens the first offered channel of a class that this helper has not opened.
     *
     * @param classGuid device class GUID
     * @param ringPages ring pages, split evenly between the two rings (even, at least 4)
     * @param factory   binds the driver
     * @param <D>       the driver type
     * @return completes with the channel; fails with {@link IllegalStateException} if no such offer is free, or as
     *     {@link VmbusClient#open(int, long[], int, int, byte[])} fails
     */
    public <D> CompletableFuture<GuestDeviceChannel<D>> open(UUID classGuid, int ringPages,
            GuestDriverFactory<D> factory) {
        Objects.requireNonNull(classGuid, "classGuid");
        for (OfferChannel offer : machine.client().findOffers(classGuid)) {
            if (!open.containsKey(offer.childRelid())) {
                return open(offer, ringPages, 0, factory);
            }
        }
        return CompletableFuture.failedFuture(new IllegalStateException("open " + classGuid
                + ": no offer of that class free (expected: an offered channel not opened yet)"));
    }

    /**
     * @param classGuid device class GUID
     * @return the offered channels of that class that this helper has not opened
     */
    public List<OfferChannel> unopened(UUID classGuid) {
        List<OfferChannel> free = new ArrayList<>();
        for (OfferChannel offer : machine.client().findOffers(classGuid)) {
            if (!open.containsKey(offer.childRelid())) {
                free.add(offer);
            }
        }
        return free;
    }

    /**
     * Opens an offered channel.
     *
     * @param offer     the offer
     * @param ringPages ring pages, split evenly between the two rings (even, at least 4)
     * @param targetVp  VP for the channel's interrupts
     * @param factory   binds the driver
     * @param <D>       the driver type
     * @return completes with the channel
     */
    public <D> CompletableFuture<GuestDeviceChannel<D>> open(OfferChannel offer, int ringPages, int targetVp,
            GuestDriverFactory<D> factory) {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(factory, "factory");
        if (ringPages < 4 || ringPages % 2 != 0) {
            throw new IllegalArgumentException("ring pages: " + ringPages + " (expected: even, >= 4)");
        }
        long[] pages = machine.pages().allocate(ringPages);
        CompletableFuture<OpenedChannel> opening;
        try {
            opening = machine.client().open(offer.childRelid(), pages, ringPages / 2, targetVp, new byte[0]);
        } catch (RuntimeException e) {
            machine.pages().free(pages);
            throw e;
        }
        return opening.handle((ch, failure) -> {
            if (failure != null) {
                machine.pages().free(pages);
                throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
            }
            VmbusGuestEndpoint guest = machine.guest();
            ChannelSignal kick = ch.signalConnectionId() != 0 ? guest.signalFor(ch)
                    : machine.legacyInterrupts().guestSignal(ch.relid()); // 0.13 offer: no connection id
            GuestDriverFactory.Binding<D> b = factory.bind(
                    new RingWriter(ch.outgoing(), machine.ringTracer(ch.relid(), true)),
                    new RingReader(ch.incoming(), machine.ringTracer(ch.relid(), false)), kick);
            GuestDeviceChannel<D> c = new GuestDeviceChannel<>(ch, pages, b.driver(), b.endpoint());
            open.put(ch.relid(), c);
            ChannelEndpoint endpoint = b.endpoint();
            machine.ringDoorbells(ch.relid()).ifPresent(endpoint::shareDoorbells); // traced rings: ChannelRingTraces
            guest.onChannelInterrupt(ch.relid(), endpoint::onInterrupt);
            return c;
        });
    }

    /**
     * Closes a channel: CLOSECHANNEL, then GPADL_TEARDOWN of the ring GPADL; frees the ring pages once torn down.
     *
     * @param channel an open channel of this helper
     * @return completes when the ring GPADL is torn down (at once if the channel was already closed)
     */
    public CompletableFuture<Void> close(GuestDeviceChannel<?> channel) {
        if (!channel.markClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        open.remove(channel.relid(), channel);
        machine.guest().removeChannelInterrupt(channel.relid());
        channel.endpoint().close("closed by the guest");
        VmbusClient client = machine.client();
        client.close(channel.relid());
        return client.teardownGpadl(channel.ringGpadl())
                .thenRun(() -> machine.pages().free(channel.ringPages()));
    }

    /** @return the channels open through this helper */
    public List<GuestDeviceChannel<?>> openChannels() {
        return List.copyOf(open.values());
    }

    private void onRescind(int relid) {
        GuestDeviceChannel<?> c = open.get(relid);
        if (c == null) {
            return;
        }
        if (c.markClosed()) {
            open.remove(relid, c);
            machine.guest().removeChannelInterrupt(relid);
            c.endpoint().close("rescinded by the host"); // requests in flight fail instead of waiting for ever
            VmbusClient client = machine.client();
            client.close(relid); // locally: no CLOSECHANNEL after a rescind; RELID_RELEASED follows
            if (client.gpadlState(c.ringGpadl()).filter(g -> g == GpadlState.CREATED).isPresent()) {
                // still known (a request of the channel outstanding): no message after a rescind, done at once
                client.teardownGpadl(c.ringGpadl());
            } // else forgotten with the released relid (vmbus-core.md §4.2)
            machine.pages().free(c.ringPages());
        }
        c.markRescinded();
    }
}
