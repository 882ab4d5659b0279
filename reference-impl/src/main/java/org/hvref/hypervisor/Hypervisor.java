package org.hvref.hypervisor;

import static org.hvref.hypervisor.HypervisorEvents.F_CONN;
import static org.hvref.hypervisor.HypervisorEvents.F_FLAG;
import static org.hvref.hypervisor.HypervisorEvents.F_LEN;
import static org.hvref.hypervisor.HypervisorEvents.F_NEWLY;
import static org.hvref.hypervisor.HypervisorEvents.F_SINT;
import static org.hvref.hypervisor.HypervisorEvents.F_STATUS;
import static org.hvref.hypervisor.HypervisorEvents.F_TYPE;
import static org.hvref.hypervisor.HypervisorEvents.F_VP;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.hvref.memory.GuestMemory;
import org.hvref.trace.SpecTracer;

/**
 * One simulated partition: a guest with {@code vpCount} virtual processors (one {@link SynIc} each) in {@link
 * GuestMemory}, and the hypercalls and ports that connect it to the host (vmbus-core.md §1).
 *
 * <p>Guest entry points (call them from guest tasks): {@link #postMessage} (HvPostMessage), {@link #signalEvent}
 * (HvSignalEvent), {@link #monitorTrigger} (set a pending bit in the child-to-parent monitor page), and the per-VP
 * {@link #synic(int)}. Host entry points: {@link #registerMessagePort}, {@link #registerEventPort}, {@link
 * #postToGuest}, {@link #signalGuest}, {@link #setMonitorPages}, {@link #assignMonitor}, {@link #scanMonitor}.
 * Every delivery to the other side is a task of that side on the {@link Scheduler}.
 *
 * <p>Ports share one connection-id namespace: an id is either a message port or an event port. Unregistering a port
 * drops its undelivered messages (TLFS "Reliability and Sequencing of Guest Message Buffers": deleting a port frees
 * its message buffers).
 */
public final class Hypervisor {
    private sealed interface Port permits MessagePort, EventPort {
    }

    private record MessagePort(MessagePortHandler handler, AtomicInteger queued, Function<byte[], String> labeler)
            implements Port {
    }

    private record EventPort(Runnable onSignal, AtomicBoolean signalQueued) implements Port {
    }

    private final GuestMemory memory;
    private final Scheduler scheduler;
    private final HypervisorConfig config;
    private final SpecTracer tracer;
    private final SynIc[] synics;
    private final Map<Integer, Port> ports = new ConcurrentHashMap<>();
    private final int[] monitorConnections = new int[MonitorPageDescriptor.MONITOR_COUNT];
    private final AtomicBoolean monitorScanQueued = new AtomicBoolean();
    private volatile MonitorPage parentToChild;
    private volatile MonitorPage childToParent;

    /**
     * @param memory    the guest's memory
     * @param scheduler runs host and guest tasks
     * @param config    VP count, queue bounds, tracer
     */
    public Hypervisor(GuestMemory memory, Scheduler scheduler, HypervisorConfig config) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.config = Objects.requireNonNull(config, "config");
        this.tracer = config.tracer();
        this.synics = new SynIc[config.vpCount()];
        for (int vp = 0; vp < synics.length; vp++) {
            synics[vp] = new SynIc(memory, scheduler, vp, config.sintQueueCapacity());
        }
        Arrays.fill(monitorConnections, -1);
    }

    /**
     * @param memory    the guest's memory
     * @param scheduler runs host and guest tasks
     * @return a hypervisor with {@link HypervisorConfig#defaults()}
     */
    public static Hypervisor create(GuestMemory memory, Scheduler scheduler) {
        return new Hypervisor(memory, scheduler, HypervisorConfig.defaults());
    }

    /** @return the guest's memory */
    public GuestMemory memory() {
        return memory;
    }

    /** @return the scheduler running host and guest tasks */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** @return the configuration */
    public HypervisorConfig config() {
        return config;
    }

    /** @return the number of virtual processors */
    public int vpCount() {
        return synics.length;
    }

    /**
     * @param vp virtual processor index 0..vpCount-1
     * @return its SynIC
     * @throws HypervisorException if there is no such VP
     */
    public SynIc synic(int vp) {
        checkVp(vp);
        return synics[vp];
    }

    // ------------------------------------------------------------------ host: ports

    /**
     * Connects a host message port: guest HvPostMessage calls on {@code connectionId} reach {@code handler} as {@link
     * Side#HOST} tasks, in posting order.
     *
     * @param connectionId connection id (bits 24–31 clear)
     * @param handler      the receiver
     * @throws IllegalStateException if a port is already registered under {@code connectionId}
     */
    public void registerMessagePort(int connectionId, MessagePortHandler handler) {
        registerMessagePort(connectionId, handler, null);
    }

    /**
     * Like {@link #registerMessagePort(int, MessagePortHandler)}, naming each delivery task with {@code labeler} so
     * tests can wait for a particular message in {@link DeterministicScheduler#pending(Side)}.
     *
     * @param connectionId connection id (bits 24–31 clear)
     * @param handler      the receiver
     * @param labeler      maps a payload (read-only use) to the task label, e.g. {@code "host: INITIATE_CONTACT"};
     *                     {@code null} for the default {@code "host: port <id> message type <type>"}
     * @throws IllegalStateException if a port is already registered under {@code connectionId}
     */
    public void registerMessagePort(int connectionId, MessagePortHandler handler, Function<byte[], String> labeler) {
        register(connectionId, new MessagePort(Objects.requireNonNull(handler, "handler"), new AtomicInteger(),
                labeler));
    }

    /**
     * Connects a host event port: guest HvSignalEvent calls on {@code connectionId} (flag 0) and monitor triggers
     * assigned to it run {@code onSignal} as a {@link Side#HOST} task; signals while one is queued are coalesced.
     *
     * @param connectionId connection id (bits 24–31 clear)
     * @param onSignal     the receiver
     * @throws IllegalStateException if a port is already registered under {@code connectionId}
     */
    public void registerEventPort(int connectionId, Runnable onSignal) {
        register(connectionId, new EventPort(Objects.requireNonNull(onSignal, "onSignal"), new AtomicBoolean()));
    }

    private void register(int connectionId, Port port) {
        if (!ConnectionIds.reservedBitsClear(connectionId)) {
            throw new IllegalArgumentException("connection id: 0x" + Integer.toHexString(connectionId)
                    + " (expected: <= 0x" + Integer.toHexString(ConnectionIds.ID_MASK) + ")");
        }
        if (ports.putIfAbsent(connectionId, port) != null) {
            throw new IllegalStateException("connection id already registered: " + connectionId);
        }
    }

    /**
     * Disconnects a port; its undelivered messages and signals are dropped.
     *
     * @param connectionId connection id
     * @return whether a port was registered under it
     */
    public boolean unregisterPort(int connectionId) {
        return ports.remove(connectionId) != null;
    }

    /** @param connectionId connection id @return whether a port is registered under it */
    public boolean portRegistered(int connectionId) {
        return ports.containsKey(connectionId);
    }

    // ------------------------------------------------------------------ guest: hypercalls

    /**
     * HvPostMessage (hypercall 0x005C, vmbus-core.md §1.3): queues the message for the host port {@code
     * connectionId}.
     *
     * @param connectionId the target connection id
     * @param messageType  the message type: non-zero with bit 31 clear (VMBus uses 1)
     * @param payload      at most 240 bytes (copied)
     * @return {@link HvStatus#SUCCESS}; {@link HvStatus#INVALID_PARAMETER} for a payload over 240 bytes or a type that
     *     is 0 or has bit 31 set; {@link HvStatus#INVALID_CONNECTION_ID} if no message port is registered under the
     *     id (or its reserved bits are set); {@link HvStatus#INSUFFICIENT_BUFFERS} if the port's queue is full
     */
    public HvStatus postMessage(int connectionId, int messageType, byte[] payload) {
        HvStatus status = checkPostMessage(connectionId, messageType, payload);
        MessagePort port = null;
        if (status.isSuccess()) {
            Port p = ports.get(connectionId);
            if (p instanceof MessagePort mp) {
                port = mp;
                if (mp.queued().incrementAndGet() > config.portQueueCapacity()) {
                    mp.queued().decrementAndGet();
                    status = HvStatus.INSUFFICIENT_BUFFERS;
                }
            } else {
                status = HvStatus.INVALID_CONNECTION_ID;
            }
        }
        int length = payload == null ? -1 : payload.length;
        if (!status.isSuccess()) {
            if (tracer.enabled()) {
                synchronized (tracer.lock()) {
                    tracer.record(HypervisorEvents.HV_POST_MESSAGE, postFields(connectionId, messageType, length,
                            status));
                }
            }
            return status;
        }
        byte[] copy = payload.clone();
        MessagePort target = port;
        Runnable delivery = () -> {
            target.queued().decrementAndGet();
            if (ports.get(connectionId) == target) {
                target.handler().onMessage(connectionId, messageType, copy);
            }
        };
        String label = target.labeler() != null ? target.labeler().apply(copy.clone())
                : "host: port " + connectionId + " message type " + messageType;
        if (tracer.enabled()) {
            synchronized (tracer.lock()) {
                tracer.record(HypervisorEvents.HV_POST_MESSAGE, postFields(connectionId, messageType, length, status));
                scheduler.submit(Side.HOST, label, delivery);
            }
        } else {
            scheduler.submit(Side.HOST, label, delivery);
        }
        return status;
    }

    private static HvStatus checkPostMessage(int connectionId, int messageType, byte[] payload) {
        if (payload == null || payload.length > HvMessageDescriptor.MAX_PAYLOAD_SIZE
                || !HvMessageDescriptor.isGuestPostable(messageType)) {
            return HvStatus.INVALID_PARAMETER;
        }
        if (!ConnectionIds.reservedBitsClear(connectionId)) {
            return HvStatus.INVALID_CONNECTION_ID;
        }
        return HvStatus.SUCCESS;
    }

    private static Map<String, Object> postFields(int connectionId, int messageType, int length, HvStatus status) {
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put(F_CONN, connectionId);
        m.put(F_TYPE, messageType);
        m.put(F_LEN, length);
        m.put(F_STATUS, status.name());
        return m;
    }

    /**
     * HvSignalEvent (hypercall 0x005D, vmbus-core.md §1.4): signals the host event port {@code connectionId}.
     *
     * @param connectionId the target connection id
     * @param flagNumber   flag relative to the port's base flag; event ports have one flag, so only 0 is valid
     * @return {@link HvStatus#SUCCESS}; {@link HvStatus#INVALID_PARAMETER} for a flag other than 0; {@link
     *     HvStatus#INVALID_CONNECTION_ID} if no event port is registered under the id
     */
    public HvStatus signalEvent(int connectionId, int flagNumber) {
        HvStatus status;
        EventPort port = null;
        if (flagNumber != 0) {
            status = HvStatus.INVALID_PARAMETER;
        } else if (ports.get(connectionId) instanceof EventPort ep) {
            port = ep;
            status = HvStatus.SUCCESS;
        } else {
            status = HvStatus.INVALID_CONNECTION_ID;
        }
        if (tracer.enabled()) {
            synchronized (tracer.lock()) {
                tracer.record(HypervisorEvents.HV_SIGNAL_EVENT, F_CONN, connectionId, F_FLAG, flagNumber, F_STATUS,
                        status.name());
                if (port != null) {
                    raiseEventPort(connectionId, port);
                }
            }
        } else if (port != null) {
            raiseEventPort(connectionId, port);
        }
        return status;
    }

    private void raiseEventPort(int connectionId, EventPort port) {
        if (!port.signalQueued().compareAndSet(false, true)) {
            return;
        }
        scheduler.submit(Side.HOST, "host: port " + connectionId + " event", () -> {
            port.signalQueued().set(false);
            if (ports.get(connectionId) == port) {
                port.onSignal().run();
            }
        });
    }

    // ------------------------------------------------------------------ host: to the guest

    /**
     * Posts a message into the guest's SynIC (host to guest control path, vmbus-core.md §1.6): into slot {@code sint}
     * of VP {@code vp} if it is free, else behind it in the hypervisor queue with {@code msg_pending} set.
     *
     * @param vp          target VP index
     * @param sint        target SINT 0..15 (VMBus: 2)
     * @param messageType message type, non-zero (VMBus: 1)
     * @param payload     at most 240 bytes (copied)
     * @return {@link HvStatus#SUCCESS}; {@link HvStatus#INVALID_VP_INDEX} for no such VP; {@link
     *     HvStatus#INVALID_PARAMETER} for a bad SINT, type 0 or payload over 240 bytes; {@link
     *     HvStatus#INVALID_VP_STATE} if the VP's message page is disabled; {@link HvStatus#INSUFFICIENT_BUFFERS} if
     *     the SINT's queue is full
     */
    public HvStatus postToGuest(int vp, int sint, int messageType, byte[] payload) {
        HvStatus status;
        if (vp < 0 || vp >= synics.length) {
            status = HvStatus.INVALID_VP_INDEX;
        } else if (sint < 0 || sint >= SynIcDescriptor.SINT_COUNT || messageType == HvMessageDescriptor.MESSAGE_TYPE_NONE
                || payload == null || payload.length > HvMessageDescriptor.MAX_PAYLOAD_SIZE) {
            status = HvStatus.INVALID_PARAMETER;
        } else {
            status = null;
        }
        if (!tracer.enabled()) {
            return status != null ? status : synics[vp].post(sint, messageType, 0, payload.clone());
        }
        synchronized (tracer.lock()) {
            if (status == null) {
                status = synics[vp].post(sint, messageType, 0, payload.clone());
            }
            Map<String, Object> m = new LinkedHashMap<>(8);
            m.put(F_VP, vp);
            m.put(F_SINT, sint);
            m.put(F_TYPE, messageType);
            m.put(F_LEN, payload == null ? -1 : payload.length);
            m.put(F_STATUS, status.name());
            tracer.record(HypervisorEvents.HV_POST_TO_GUEST, m);
            return status;
        }
    }

    /**
     * Sets event flag {@code flag} of SINT {@code sint} in VP {@code vp}'s event flags page and asserts the SINT
     * (host to guest channel kick, vmbus-core.md §1.6). A disabled event flags page drops the signal.
     *
     * @param vp   target VP index
     * @param sint SINT 0..15 (VMBus: 2)
     * @param flag flag 0..2047 (VMBus: the channel's relid or chosen event flag)
     * @return whether the flag was newly set (the "newly signaled" output of HvSignalEventDirect, vmbus-core.md §1.4)
     * @throws HypervisorException for no such VP, a bad SINT or a bad flag (these come from guest messages such as
     *                             OPENCHANNEL.target_vp, so they are protocol errors, not caller bugs)
     */
    public boolean signalGuest(int vp, int sint, int flag) {
        checkVp(vp);
        SynIc.checkSint(sint);
        SynIc.checkFlag(flag);
        if (!tracer.enabled()) {
            return synics[vp].signal(sint, flag);
        }
        synchronized (tracer.lock()) {
            boolean newly = synics[vp].signal(sint, flag);
            Map<String, Object> m = new LinkedHashMap<>(8);
            m.put(F_VP, vp);
            m.put(F_SINT, sint);
            m.put(F_FLAG, flag);
            m.put(F_NEWLY, newly);
            tracer.record(HypervisorEvents.HV_SIGNAL_GUEST, m);
            return newly;
        }
    }

    // ------------------------------------------------------------------ monitor pages (vmbus-core.md §1.7)

    /**
     * Sets (or, with both 0, clears) the monitor pages the guest supplied in INITIATE_CONTACT.
     *
     * @param parentToChildGpa {@code monitor_page1}, host to guest; 0 for none
     * @param childToParentGpa {@code monitor_page2}, guest to host; 0 for none
     * @throws HypervisorException if only one is 0 (OVMM treats a mismatch as failure) or a GPA is not a 4 KiB page
     *                             inside guest memory
     */
    public void setMonitorPages(long parentToChildGpa, long childToParentGpa) {
        if ((parentToChildGpa == 0) != (childToParentGpa == 0)) {
            throw new HypervisorException(HypervisorError.MONITOR_PAGES_MISMATCH, "monitor pages: 0x"
                    + Long.toHexString(parentToChildGpa) + ", 0x" + Long.toHexString(childToParentGpa)
                    + " (expected: both zero or both non-zero)");
        }
        if (parentToChildGpa == 0) {
            parentToChild = null;
            childToParent = null;
            return;
        }
        MonitorPage p2c = new MonitorPage(memory, parentToChildGpa);
        MonitorPage c2p = new MonitorPage(memory, childToParentGpa);
        parentToChild = p2c;
        childToParent = c2p;
    }

    /** @return the parent-to-child (host to guest) monitor page, if set */
    public Optional<MonitorPage> parentToChildMonitor() {
        return Optional.ofNullable(parentToChild);
    }

    /** @return the child-to-parent (guest to host) monitor page, if set */
    public Optional<MonitorPage> childToParentMonitor() {
        return Optional.ofNullable(childToParent);
    }

    /**
     * Assigns a monitor id to an event port (host side, when offering a monitored channel): a pending bit of {@code
     * monitorId} seen by {@link #scanMonitor()} signals {@code connectionId}. The assignment is kept by the hypervisor
     * (the guest-writable page is not trusted for it); if the child-to-parent page is set, its parameter entry and
     * group enable bit are written too.
     *
     * @param monitorId    0..127
     * @param connectionId event port connection id
     */
    public void assignMonitor(int monitorId, int connectionId) {
        MonitorPageDescriptor.checkMonitorId(monitorId);
        synchronized (monitorConnections) {
            monitorConnections[monitorId] = connectionId;
        }
        MonitorPage c2p = childToParent;
        if (c2p != null) {
            c2p.setParameter(monitorId, connectionId, 0);
            c2p.enableGroup(monitorId / MonitorPageDescriptor.MONITORS_PER_GROUP);
        }
    }

    /** @param monitorId 0..127, no longer signalling anything */
    public void releaseMonitor(int monitorId) {
        MonitorPageDescriptor.checkMonitorId(monitorId);
        synchronized (monitorConnections) {
            monitorConnections[monitorId] = -1;
        }
    }

    /**
     * Guest side: sets the pending bit of {@code monitorId} in the child-to-parent monitor page (vmbus-core.md §1.6
     * step 1) and, emulating the hypervisor noticing the write, queues one {@link Side#HOST} {@link #scanMonitor()}.
     *
     * @param monitorId 0..127
     * @throws IllegalStateException if no monitor pages are set
     */
    public void monitorTrigger(int monitorId) {
        MonitorPage c2p = childToParent;
        if (c2p == null) {
            throw new IllegalStateException("monitor trigger " + monitorId + ": no monitor pages set");
        }
        c2p.setPending(monitorId);
        if (monitorScanQueued.compareAndSet(false, true)) {
            scheduler.submit(Side.HOST, "hypervisor: monitor scan", this::scanMonitor);
        }
    }

    /**
     * Host side (or a polling step): atomically takes the pending bits of every trigger group of the child-to-parent
     * page and signals the event port assigned to each pending monitor id; bits of unassigned ids are dropped.
     *
     * @return the number of event ports signalled
     */
    public int scanMonitor() {
        monitorScanQueued.set(false);
        MonitorPage c2p = childToParent;
        if (c2p == null) {
            return 0;
        }
        int signalled = 0;
        for (int group = 0; group < MonitorPageDescriptor.GROUP_COUNT; group++) {
            int bits = c2p.takePending(group);
            while (bits != 0) {
                int bit = Integer.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int connectionId;
                synchronized (monitorConnections) {
                    connectionId = monitorConnections[group * MonitorPageDescriptor.MONITORS_PER_GROUP + bit];
                }
                if (connectionId >= 0 && ports.get(connectionId) instanceof EventPort ep) {
                    raiseEventPort(connectionId, ep);
                    signalled++;
                }
            }
        }
        return signalled;
    }

    private void checkVp(int vp) {
        if (vp < 0 || vp >= synics.length) {
            throw new HypervisorException(HypervisorError.BAD_VP_INDEX,
                    "vp index: " + vp + " (expected: 0.." + (synics.length - 1) + ")");
        }
    }

    @Override
    public String toString() {
        return "Hypervisor[vps=" + synics.length + ", ports=" + ports.keySet() + "]";
    }
}
