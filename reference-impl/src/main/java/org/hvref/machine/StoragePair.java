package org.hvref.machine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.hvref.disk.DiskImage;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.hvref.storage.session.StorvscTrace;
import org.hvref.storage.vsc.StorvscClient;
import org.hvref.storage.vsc.StorvscLun;
import org.hvref.storage.vsp.StorvscHost;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;

/**
 * One StorVSC controller running over real channels of a {@link ReferenceMachine} (made by
 * {@link ReferenceMachine#addStorageController}): the host's {@link StorvscHost}, the guest's {@link StorvscClient},
 * the primary channel, and the controller's StorvscProtocol trace (storvsc/CONTRACT.md).
 */
public final class StoragePair {
    private final ReferenceMachine machine;
    private final int relid;
    private final List<Integer> subRelids;
    private final StorageControllerConfig config;
    private final StorvscHost host;
    private final StorvscClient client;
    private final GuestDeviceChannel<StorvscClient> channel;
    private final StorvscTrace trace;
    private final RecordingTracer tracer;

    StoragePair(ReferenceMachine machine, int relid, List<Integer> subRelids, StorageControllerConfig config,
            StorvscHost host, StorvscClient client, GuestDeviceChannel<StorvscClient> channel, StorvscTrace trace,
            RecordingTracer tracer) {
        this.machine = machine;
        this.relid = relid;
        this.subRelids = subRelids;
        this.config = config;
        this.host = host;
        this.client = client;
        this.channel = channel;
        this.trace = trace;
        this.tracer = tracer;
    }

    /** @return the primary channel's relid */
    public int relid() {
        return relid;
    }

    /** @return relids of the sub-channels the host offered so far */
    public List<Integer> subChannelRelids() {
        return List.copyOf(subRelids);
    }

    /** @return the configuration */
    public StorageControllerConfig config() {
        return config;
    }

    /** @return the host controller (VSP) */
    public StorvscHost host() {
        return host;
    }

    /** @return the guest client (VSC) */
    public StorvscClient client() {
        return client;
    }

    /** @return the guest's primary channel */
    public GuestDeviceChannel<StorvscClient> channel() {
        return channel;
    }

    /** @return completes with the negotiated version once the guest initialized the controller */
    public CompletableFuture<VstorProtocolVersion> ready() {
        return client.ready();
    }

    /** @return completes with the LUNs once the guest's current (or first) scan ended */
    public CompletableFuture<List<StorvscLun>> scanned() {
        return client.ready().thenCompose(v -> client.scanned());
    }

    /**
     * Hot-adds a disk (a host task): attach, then ENUMERATE_BUS; the guest rescans.
     *
     * @param lun   a free LUN
     * @param image the disk
     * @return completes once ENUMERATE_BUS was handed to the channel
     */
    public CompletableFuture<Void> hotAdd(int lun, DiskImage image) {
        return machine.onHost("storvsc: hot add lun " + lun, () -> {
            host.hotAdd(lun, StorageControllers.disk(image, channel.instanceGuid(), lun));
            return null;
        });
    }

    /**
     * Hot-removes a disk (a host task): detach, then REMOVE_DEVICE; the guest rescans.
     *
     * @param lun an attached LUN
     * @return completes once REMOVE_DEVICE was handed to the channel
     */
    public CompletableFuture<Void> hotRemove(int lun) {
        return machine.onHost("storvsc: hot remove lun " + lun, () -> {
            host.hotRemove(lun);
            return null;
        });
    }

    /**
     * TEST HOOK: the host sends a stray COMPLETE_IO for an id the guest has not outstanding (a host task).
     *
     * @param transactionId 0, or an id above the guest's slot table
     * @return completes once sent
     */
    public CompletableFuture<Void> sendStrayCompletionForTests(long transactionId) {
        return machine.onHost("storvsc: stray completion " + transactionId, () -> {
            host.sendStrayCompletionForTests(transactionId);
            return null;
        });
    }

    /**
     * Rescinds the controller (a host task): records Rescind, then rescinds the sub-channels and the primary; the
     * guest fails everything outstanding on all channels.
     *
     * @return completes once the rescinds were posted
     */
    public CompletableFuture<Void> rescind() {
        return machine.onHost("storvsc: rescind " + relid, () -> {
            trace.rescind();
            return null;
        }).thenCompose(v -> {
            CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
            for (int sub : subRelids) {
                all = all.thenCompose(x -> machine.rescind(sub));
            }
            return all.thenCompose(x -> machine.rescind(relid));
        });
    }

    /**
     * The guest closes the controller: every request fails locally, then CLOSECHANNEL on each channel.
     *
     * @return completes when the primary's ring GPADL is torn down
     */
    public CompletableFuture<Void> close() {
        return machine.onGuest("storvsc: close " + relid, () -> {
            client.channelClosed(false);
            for (GuestDeviceChannel<?> c : machine.devices().openChannels()) {
                if (c != channel && c.instanceGuid().equals(channel.instanceGuid())) {
                    machine.devices().close(c);
                }
            }
            return machine.devices().close(channel);
        }).thenCompose(f -> f);
    }

    /** @return the controller's StorvscProtocol events so far, in order */
    public List<TraceEvent> events() {
        return tracer.events();
    }

    /** @return the controller's StorvscProtocol trace as records for the trace validator */
    public List<Map<String, Object>> storvscTrace() {
        return tracer.events().stream().map(TraceEvent::toRecord).toList();
    }

    @Override
    public String toString() {
        return "StoragePair[relid=" + relid + ", " + host + ", " + client + "]";
    }
}
