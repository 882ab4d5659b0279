package org.hvref.channel.guest;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hvref.channel.device.ChannelSignal;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.hypervisor.HvStatus;
import org.hvref.hypervisor.Hypervisor;
import org.hvref.hypervisor.HypervisorException;
import org.hvref.hypervisor.InterruptPage;
import org.hvref.hypervisor.Side;
import org.hvref.hypervisor.SynIc;
import org.hvref.hypervisor.SynicMessage;
import org.hvref.trace.SpecTracer;
import org.hvref.wire.ProtocolException;

/**
 * The guest's adapter between {@link VmbusClient} and the simulated {@link Hypervisor} (vmbus-core.md §1.1–§1.6):
 * enables each VP's SynIC (message page, event flags page) and SINT 2; its interrupt handler copies every VMBus
 * message (type 1) out of the slot, frees the slot (EOM when {@code msg_pending}) and hands it to {@link
 * VmbusClient#receive}, and dispatches channel event flags (bit = relid, bit 0 skipped) to the registered channel
 * callbacks; below 2.4 (0.13, 1.1) flag 0 instead means "scan the host→guest half of the interrupt page": each set
 * relid bit is test-and-cleared and dispatched, bits of unknown or closed relids are cleared and ignored (§1.6,
 * {@link InterruptPage}). Guest messages go out with HvPostMessage; INSUFFICIENT_MEMORY/BUFFERS are retried in
 * order from a later guest task (Linux retries, vmbus-core.md §1.3), INVALID_CONNECTION_ID is reported to the client.
 */
public final class VmbusGuestEndpoint {
    /** SynIC message type of VMBus messages (vmbus-core.md §1.1: HV_MESSAGE_VMBUS = 1). */
    public static final int VMBUS_MESSAGE_TYPE = 1;
    /** The VMBus SINT (vmbus-core.md §1.2: VMBUS_MESSAGE_SINT = 2). */
    public static final int VMBUS_SINT = ClientConfig.VMBUS_SINT;

    private final Hypervisor hypervisor;
    private final VmbusClient client;
    private final Map<Integer, Runnable> channelCallbacks = new ConcurrentHashMap<>();
    private final AtomicLong rejectedMessages = new AtomicLong();
    private final AtomicLong foreignMessages = new AtomicLong();
    private final AtomicLong legacyDispatches = new AtomicLong();
    private final AtomicLong eventFlagDispatches = new AtomicLong();
    private final AtomicLong unknownLegacyBits = new AtomicLong();
    private final InterruptPage legacyPage;
    // guarded by itself: posts waiting for a full port to drain, oldest first
    private final ArrayDeque<Pending> retries = new ArrayDeque<>();

    private record Pending(int connectionId, byte[] bytes) {
    }

    /**
     * Creates the endpoint and its client and enables the SynIC of every VP: VP {@code i}'s message page at
     * {@code synicPagesGpa + i * 0x2000}, its event flags page 0x1000 above.
     *
     * @param hypervisor    the hypervisor (guest side)
     * @param config        the client configuration
     * @param tracer        the spec tracer for the client
     * @param synicPagesGpa page-aligned GPA of VP 0's message page; {@code 2 * vpCount} pages are used
     */
    public VmbusGuestEndpoint(Hypervisor hypervisor, ClientConfig config, SpecTracer tracer, long synicPagesGpa) {
        this.hypervisor = Objects.requireNonNull(hypervisor, "hypervisor");
        this.client = new VmbusClient(hypervisor.memory(), config, this::post, tracer);
        for (int vp = 0; vp < hypervisor.vpCount(); vp++) {
            SynIc synic = hypervisor.synic(vp);
            synic.setMessagePage(synicPagesGpa + vp * 0x2000L);
            synic.setEventFlagsPage(synicPagesGpa + vp * 0x2000L + 0x1000);
            synic.enableSint(VMBUS_SINT, this::onInterrupt);
        }
        InterruptPage page = null;
        if (config.interruptPageGpa() != 0) {
            try {
                page = new InterruptPage(hypervisor.memory(), config.interruptPageGpa());
            } catch (HypervisorException e) {
                throw new IllegalArgumentException("client config: " + e.getMessage(), e);
            }
        }
        this.legacyPage = page;
    }

    /** @return the client driven by this endpoint */
    public VmbusClient client() {
        return client;
    }

    /**
     * Registers the callback run (on the guest side) when the host signals channel {@code relid}'s event flag.
     *
     * @param relid    the channel (event flag = relid, vmbus-core.md §1.6)
     * @param callback what to run, e.g. drain the channel's incoming ring
     */
    public void onChannelInterrupt(int relid, Runnable callback) {
        channelCallbacks.put(relid, Objects.requireNonNull(callback, "callback"));
    }

    /** @param relid a channel whose callback is removed */
    public void removeChannelInterrupt(int relid) {
        channelCallbacks.remove(relid);
    }

    /**
     * @param channel an open channel
     * @return a signal that kicks the host with HvSignalEvent on the offer's connection id, flag 0 (vmbus-core.md
     *     §1.4)
     */
    public ChannelSignal signalFor(OpenedChannel channel) {
        int connectionId = channel.signalConnectionId();
        return () -> hypervisor.signalEvent(connectionId, 0);
    }

    /** @return channel event flags (other than flag 0) taken from the SynIC event flags pages */
    public long eventFlagInterrupts() {
        return eventFlagDispatches.get();
    }

    /** @return channel bits taken from the interrupt page's host→guest half (pre-Win8 path, vmbus-core.md §1.6) */
    public long legacyInterrupts() {
        return legacyDispatches.get();
    }

    /** @return interrupt-page bits of relids with no registered callback (unknown or closed; cleared, ignored) */
    public long unknownLegacyInterrupts() {
        return unknownLegacyBits.get();
    }

    /** @return host messages the client rejected as malformed or unacceptable (dropped) */
    public long rejectedMessages() {
        return rejectedMessages.get();
    }

    /** @return SynIC messages on SINT 2 that were not VMBus messages (type other than 1; ignored) */
    public long foreignMessages() {
        return foreignMessages.get();
    }

    /** SINT 2 interrupt: consume every message in the slot, then every event flag (a real ISR, SintHandler). */
    private void onInterrupt(int vp, int sint) {
        SynIc synic = hypervisor.synic(vp);
        Optional<SynicMessage> m;
        while ((m = synic.takeMessage(sint)).isPresent()) {
            SynicMessage message = m.get();
            if (message.messageType() != VMBUS_MESSAGE_TYPE) {
                foreignMessages.incrementAndGet();
                continue;
            }
            byte[] payload = message.payload();
            try {
                client.receive(payload, payload.length);
            } catch (ProtocolException e) {
                rejectedMessages.incrementAndGet();
            }
        }
        for (int flag : synic.takeEventFlags(sint)) {
            if (flag == 0) {
                if (legacyPage != null && isLegacy()) {
                    legacyPage.takeAll(InterruptPage.Half.HOST_TO_GUEST, this::dispatchLegacy);
                }
                continue;
            }
            eventFlagDispatches.incrementAndGet();
            dispatch(flag);
        }
    }

    /** Below 2.4 (0.13, 1.1) channel kicks arrive as interrupt-page bits plus flag 0 (vmbus-core.md §1.6). */
    private boolean isLegacy() {
        return client.negotiatedVersion().map(v -> !v.isAtLeast(ProtocolVersion.WIN8)).orElse(false);
    }

    private void dispatchLegacy(int relid) {
        legacyDispatches.incrementAndGet();
        if (!dispatch(relid)) {
            unknownLegacyBits.incrementAndGet(); // an unknown or closed relid: the bit is cleared and ignored
        }
    }

    private boolean dispatch(int relid) {
        Runnable callback = relid == 0 ? null : channelCallbacks.get(relid);
        if (callback == null) {
            return false;
        }
        callback.run();
        return true;
    }

    private boolean post(int connectionId, byte[] bytes) {
        synchronized (retries) {
            if (!retries.isEmpty()) {
                retries.add(new Pending(connectionId, bytes));
                return true;
            }
            HvStatus status = hypervisor.postMessage(connectionId, VMBUS_MESSAGE_TYPE, bytes);
            if (status == HvStatus.INVALID_CONNECTION_ID) {
                return false;
            }
            if (status == HvStatus.INSUFFICIENT_BUFFERS || status == HvStatus.INSUFFICIENT_MEMORY) {
                retries.add(new Pending(connectionId, bytes));
                scheduleRetry();
                return true;
            }
            if (!status.isSuccess()) {
                throw new IllegalStateException("HvPostMessage: " + status + " (expected: SUCCESS)");
            }
            return true;
        }
    }

    private void scheduleRetry() {
        hypervisor.scheduler().submit(Side.GUEST, "guest: retry HvPostMessage", this::retry);
    }

    private void retry() {
        synchronized (retries) {
            while (!retries.isEmpty()) {
                Pending p = retries.peek();
                HvStatus status = hypervisor.postMessage(p.connectionId(), VMBUS_MESSAGE_TYPE, p.bytes());
                if (status == HvStatus.INSUFFICIENT_BUFFERS || status == HvStatus.INSUFFICIENT_MEMORY) {
                    scheduleRetry();
                    return;
                }
                retries.poll();
            }
        }
    }
}
