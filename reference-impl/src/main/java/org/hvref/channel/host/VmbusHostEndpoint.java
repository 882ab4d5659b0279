package org.hvref.channel.host;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hvref.channel.device.ChannelSignal;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.hypervisor.ConnectionIds;
import org.hvref.hypervisor.HvStatus;
import org.hvref.hypervisor.Hypervisor;
import org.hvref.hypervisor.HypervisorException;
import org.hvref.hypervisor.InterruptPage;
import org.hvref.hypervisor.Side;
import org.hvref.trace.SpecTracer;

/**
 * The thin adapter between {@link VmbusServer} and the simulated {@link Hypervisor}: it registers the host's message
 * ports (connection id 1, and 4 for a 5.0+ host, vmbus-core.md §1.5) and feeds what the guest posts there to
 * {@link VmbusServer#receive}; it posts the server's messages into the guest's SynIC (the VP and SINT named by the
 * contact, message type 1), queuing them in order while the SINT's queue is full (§4.3: never ahead of queued ones);
 * it registers each channel's guest→host event port (the offer's connection id) and makes host→guest channel
 * signals set the relid's event flag on the channel's target VP, SINT 2 — below 2.4 instead the relid's bit in the
 * host→guest half of the interrupt page, then event flag 0 on VP 0 (§1.6, {@link InterruptPage}).
 *
 * <p>Host-side calls ({@link #addChannel}, {@link #rescind}) should run as {@link Side#HOST} tasks.
 */
public final class VmbusHostEndpoint {
    /** SynIC message type of VMBus channel messages (vmbus-core.md §1.1: HVMSG type 1 "channel message"). */
    public static final int VMBUS_MESSAGE_TYPE = 1;
    /** VP of the pre-Win8 host→guest channel signal (vmbus-core.md §1.6 "Pre-Win8 legacy path": VP 0). */
    public static final int LEGACY_SIGNAL_VP = 0;
    /** Event flag of the pre-Win8 host→guest channel signal (vmbus-core.md §1.6 "Pre-Win8 legacy path": flag 0). */
    public static final int LEGACY_SIGNAL_FLAG = 0;

    private final Hypervisor hypervisor;
    private final VmbusServer server;
    private final Deque<byte[]> backlog = new ArrayDeque<>();
    private final Map<Integer, Integer> eventPorts = new HashMap<>();
    private boolean retryQueued;
    private long dropped;
    private long monitorP2c;
    private long monitorC2p;

    /**
     * Creates the server and registers its message ports.
     *
     * @param hypervisor the partition
     * @param config     what the host accepts; its VP count should match the hypervisor's
     * @param tracer     spec tracer for the server
     */
    public VmbusHostEndpoint(Hypervisor hypervisor, HostConfig config, SpecTracer tracer) {
        this.hypervisor = Objects.requireNonNull(hypervisor, "hypervisor");
        this.server = new VmbusServer(config, this::post, hypervisor.memory(), tracer, this::signalFor);
        hypervisor.registerMessagePort(ConnectionIds.MESSAGE, this::onMessage);
        if (config.newest().isAtLeast(ProtocolVersion.WIN10_V5)) {
            hypervisor.registerMessagePort(ConnectionIds.MESSAGE_MULTICLIENT, this::onMessage);
        }
    }

    /** @return the server this endpoint drives */
    public VmbusServer server() {
        return server;
    }

    /** @return how many host messages the hypervisor refused for good (no VP, disabled message page, ...) */
    public long droppedMessages() {
        synchronized (server.lock()) {
            return dropped;
        }
    }

    /**
     * Adds a channel ({@link VmbusServer#addChannel}) and registers its guest→host event port.
     *
     * @param offer         the offer parameters
     * @param device        the device
     * @param onGuestSignal runs (as a host task) when the guest signals the channel
     * @return the relid
     */
    public int addChannel(HostChannelConfig offer, HostDevice device, Runnable onGuestSignal) {
        Objects.requireNonNull(onGuestSignal, "onGuestSignal");
        int relid = server.addChannel(offer, device);
        int connectionId = offer.connectionIdFor(relid);
        hypervisor.registerEventPort(connectionId, onGuestSignal);
        synchronized (server.lock()) {
            eventPorts.put(relid, connectionId);
        }
        if (offer.monitorAllocated()) {
            hypervisor.assignMonitor(offer.monitorId(), connectionId);
        }
        return relid;
    }

    /**
     * Rescinds a channel ({@link VmbusServer#rescind}, which rescinds a primary's sub-channels first) and disconnects
     * its event port and those of the sub-channels it revoked with it.
     *
     * @param relid the channel
     */
    public void rescind(int relid) {
        server.rescind(relid);
        List<Integer> gone = new ArrayList<>();
        synchronized (server.lock()) {
            eventPorts.entrySet().removeIf(e -> {
                boolean revoked = e.getKey() == relid
                        || server.channelState(e.getKey()).map(s -> s == HostChannelState.REVOKED).orElse(false);
                if (revoked) {
                    gone.add(e.getValue());
                }
                return revoked;
            });
        }
        for (int connectionId : gone) {
            hypervisor.unregisterPort(connectionId);
        }
    }

    private void onMessage(int connectionId, int messageType, byte[] payload) {
        if (messageType != VMBUS_MESSAGE_TYPE) {
            return; // not a VMBus channel message (vmbus-core.md §1.1); nothing to answer
        }
        server.receive(connectionId, payload, payload.length);
        synchronized (server.lock()) {
            updateMonitorPages();
        }
    }

    private void updateMonitorPages() {
        HostConnection c = server.connection().orElse(null);
        long p2c = c == null ? 0 : c.parentToChildMonitorPage();
        long c2p = c == null ? 0 : c.childToParentMonitorPage();
        if (c != null && (p2c != monitorP2c || c2p != monitorC2p)) {
            try {
                hypervisor.setMonitorPages(p2c, c2p);
                monitorP2c = p2c;
                monitorC2p = c2p;
            } catch (HypervisorException e) {
                // the guest's monitor GPAs lie outside its memory: monitored signalling stays off
                monitorP2c = -1;
            }
        }
    }

    /**
     * The server's sink (called with the server's lock held): posts in order, keeping a backlog while the SINT
     * queue is full. One lock, the server's, guards the backlog, so the lock order is always server, then
     * hypervisor.
     */
    private void post(byte[] message) {
        synchronized (server.lock()) {
            backlog.addLast(message);
            flush();
        }
    }

    private void retry() {
        synchronized (server.lock()) {
            retryQueued = false;
            flush();
        }
    }

    private void flush() {
        while (!backlog.isEmpty()) {
            HvStatus status = hypervisor.postToGuest(server.messageTargetVp(), server.messageTargetSint(),
                    VMBUS_MESSAGE_TYPE, backlog.peekFirst());
            if (status == HvStatus.INSUFFICIENT_BUFFERS) {
                if (!retryQueued) {
                    retryQueued = true;
                    hypervisor.scheduler().submit(Side.HOST, "vmbus host: retry post", this::retry);
                }
                return;
            }
            backlog.removeFirst();
            if (!status.isSuccess()) {
                dropped++;
            }
        }
    }

    /**
     * The host→guest kick of a channel being opened (vmbus-core.md §1.6). From 2.4 (Win8) on: set event flag
     * {@code relid} of SINT 2 on the open's target VP (none for 0xFFFFFFFF). Below 2.4 (0.13, 1.1), where target_vp
     * is not honoured (§2.2 OPENCHANNEL): set bit {@code relid} in the host→guest half of the contact's interrupt page
     * (atomic OR), then signal event flag 0 of SINT 2 on VP 0. A contact page outside guest memory (untrusted) makes
     * a signal that only raises flag 0, never a crash.
     */
    private ChannelSignal signalFor(int relid, int targetVp) {
        HostConnection c = server.connection().orElse(null);
        if (c != null && !c.version().isAtLeast(ProtocolVersion.WIN8)) {
            InterruptPage page = legacyPage(c.interruptPage());
            return () -> {
                if (page != null) {
                    page.set(InterruptPage.Half.HOST_TO_GUEST, relid);
                }
                hypervisor.signalGuest(LEGACY_SIGNAL_VP, HostConnection.VMBUS_SINT, LEGACY_SIGNAL_FLAG);
            };
        }
        if (targetVp == VmbusServer.NO_TARGET_VP) {
            return ChannelSignal.NONE;
        }
        return () -> hypervisor.signalGuest(targetVp, HostConnection.VMBUS_SINT, relid);
    }

    private InterruptPage legacyPage(long gpa) {
        try {
            return new InterruptPage(hypervisor.memory(), gpa);
        } catch (HypervisorException e) {
            return null; // the guest named no usable page: it can only see flag 0
        }
    }
}
