package org.hvref.machine;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.hvref.channel.device.ChannelEndpoint;
import org.hvref.channel.guest.OpenedChannel;

/**
 * A channel the guest opened through {@link GuestDevices}: the control-plane view, the ring pages it allocated and
 * the driver bound to it.
 *
 * @param <D> the driver type
 */
public final class GuestDeviceChannel<D> {
    private final OpenedChannel opened;
    private final long[] ringPages;
    private final D driver;
    private final ChannelEndpoint endpoint;
    private final CompletableFuture<Void> rescinded = new CompletableFuture<>();
    private volatile boolean closed;

    GuestDeviceChannel(OpenedChannel opened, long[] ringPages, D driver, ChannelEndpoint endpoint) {
        this.opened = opened;
        this.ringPages = ringPages.clone();
        this.driver = driver;
        this.endpoint = endpoint;
    }

    /** @return the channel's relid */
    public int relid() {
        return opened.relid();
    }

    /** @return the offer's class GUID */
    public UUID classGuid() {
        return opened.offer().interfaceType();
    }

    /** @return the offer's instance GUID */
    public UUID instanceGuid() {
        return opened.offer().interfaceInstance();
    }

    /** @return the control plane's view of the open channel */
    public OpenedChannel opened() {
        return opened;
    }

    /** @return handle of the ring GPADL */
    public int ringGpadl() {
        return opened.ringGpadl();
    }

    /** @return the ring pages (guest page numbers), outgoing ring first */
    public long[] ringPages() {
        return ringPages.clone();
    }

    /** @return the driver */
    public D driver() {
        return driver;
    }

    /** @return the guest's endpoint */
    public ChannelEndpoint endpoint() {
        return endpoint;
    }

    /** @return completes when the host rescinds the channel (it is then closed locally) */
    public CompletableFuture<Void> rescinded() {
        return rescinded;
    }

    /** @return whether the channel was closed (by {@link GuestDevices#close} or a rescind) */
    public boolean isClosed() {
        return closed;
    }

    /** @return true if this call closed it, false if already closed */
    synchronized boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    void markRescinded() {
        rescinded.complete(null);
    }

    @Override
    public String toString() {
        return "GuestDeviceChannel[relid=" + relid() + ", class=" + classGuid() + ", gpadl=0x"
                + Integer.toHexString(ringGpadl()) + (closed ? ", closed" : "") + "]";
    }
}
