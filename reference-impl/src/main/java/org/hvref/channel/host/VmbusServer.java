package org.hvref.channel.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.hvref.channel.protocol.AllOffersDelivered;
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.ChannelMessageType;
import org.hvref.channel.protocol.CloseChannel;
import org.hvref.channel.protocol.FeatureFlags;
import org.hvref.channel.protocol.GpadlBody;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.GpadlTeardown;
import org.hvref.channel.protocol.GpadlTorndown;
import org.hvref.channel.protocol.InitiateContact;
import org.hvref.channel.protocol.MalformedChannelMessageException;
import org.hvref.channel.protocol.ModifyChannel;
import org.hvref.channel.protocol.ModifyChannelResponse;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.channel.protocol.OpenChannel;
import org.hvref.channel.protocol.OpenChannelResult;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RelidReleased;
import org.hvref.channel.protocol.RequestOffers;
import org.hvref.channel.protocol.RescindChannelOffer;
import org.hvref.channel.protocol.Unload;
import org.hvref.channel.protocol.UnloadResponse;
import org.hvref.channel.protocol.VersionResponse;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.RingLayout;
import org.hvref.ring.RingReader;
import org.hvref.ring.RingWriter;
import org.hvref.trace.SpecAction;
import org.hvref.trace.SpecTracer;
import org.hvref.wire.ProtocolException;

/**
 * The VMBus host (server) core: a sans-IO state machine for connection, offers, GPADLs and channel lifecycle
 * (vmbus-core.md §2–§5; the OpenVMM server of §4.3 and Hyper-V behaviour of §4.4; spec
 * {@code spec/src/tla/channel/VmbusChannel.tla}).
 *
 * <p>Input: {@link #receive(int, byte[], int)} with each channel message the guest posted; host-side API:
 * {@link #addChannel}, {@link #rescind}. Output: encoded messages to a {@link GuestMessageSink}, device calls to
 * each channel's {@link HostDevice}. A hostile guest cannot make {@code receive} throw: every malformed or
 * out-of-state message becomes a {@link HostProtocolException} (kept in {@link #errors()}, and in the trace event's
 * {@code err} field) and is dropped or answered with the protocol's failure status; other channels keep working.
 *
 * <p>Thread safety: every public method may be called from any thread. State is guarded by one lock, the tracer's
 * lock when tracing is enabled (so guest and host events are one linearization), and each spec action records its
 * event before the message it sends is handed to the sink.
 */
public final class VmbusServer {
    /** The spec module whose actions this class performs. */
    public static final String SPEC = "VmbusChannel";
    /** Failure status for GPADL_CREATED, OPENCHANNEL_RESULT, MODIFYCHANNEL_RESPONSE: OVMM STATUS_UNSUCCESSFUL (§2.2). */
    public static final int STATUS_UNSUCCESSFUL = 0x8000FFFF;
    /** Highest relid (vmbus-core.md §4.3: relids 1..2047, OVMM MAX_CHANNELS). */
    public static final int MAX_RELID = 2047;
    /** Target VP meaning "no interrupts" (vmbus-core.md §2.2 OPENCHANNEL target_vp). */
    public static final int NO_TARGET_VP = 0xFFFFFFFF;
    /** How many refused messages {@link #errors()} keeps (the oldest are forgotten). */
    public static final int MAX_KEPT_ERRORS = 256;

    private static final int PAGE = GuestMemory.PAGE_SIZE;

    private final HostConfig config;
    private final GuestMessageSink sink;
    private final GuestMemory memory;
    private final SpecTracer tracer;
    private final GuestSignalFactory signals;
    private final Object lock;

    private HostConnection connection;
    private int targetVp;
    private int targetSint = HostConnection.VMBUS_SINT;
    private long connectionGeneration;
    private boolean offersSent;
    private final TreeMap<Integer, HostChannel> channels = new TreeMap<>();
    private final Map<Integer, GpadlEntry> gpadls = new HashMap<>();
    private final Deque<HostProtocolException> errors = new ArrayDeque<>();

    /** Host view of one channel. */
    private static final class HostChannel {
        final int relid;
        final HostChannelConfig config;
        final HostDevice device;
        boolean offered;
        HostChannelState state = HostChannelState.CLOSED;
        int ringGpadl;
        int openId;
        long openGeneration;
        int targetVp = NO_TARGET_VP;

        HostChannel(int relid, HostChannelConfig config, HostDevice device) {
            this.relid = relid;
            this.config = config;
            this.device = device;
        }
    }

    /** GPADL states on the host (spec hgp: inprogress, accepted; tearing down = accepted, TORNDOWN deferred). */
    private enum GpadlState { IN_PROGRESS, ACCEPTED, TEARING_DOWN }

    /** Host view of one GPADL handle. */
    private static final class GpadlEntry {
        final int handle;
        final int relid;
        final int rangeCount;
        final long[] values;
        int filled;
        GpadlState state = GpadlState.IN_PROGRESS;
        Gpadl gpadl;

        GpadlEntry(int handle, int relid, int rangeCount, int valueCount) {
            this.handle = handle;
            this.relid = relid;
            this.rangeCount = rangeCount;
            this.values = new long[valueCount];
        }

        /** Appends values, ignoring any beyond the declared range buffer (UEFI full-size messages, §5). */
        void append(List<Long> more) {
            for (int i = 0; i < more.size() && filled < values.length; i++) {
                values[filled++] = more.get(i);
            }
        }

        boolean complete() {
            return filled == values.length;
        }
    }

    /**
     * A server without tracing, data plane or signals: for control-plane use and tests.
     *
     * @param config what the host accepts
     * @param sink   where messages to the guest go
     * @param memory guest memory the ring GPADLs point into
     */
    public VmbusServer(HostConfig config, GuestMessageSink sink, GuestMemory memory) {
        this(config, sink, memory, SpecTracer.OFF, GuestSignalFactory.NONE);
    }

    /**
     * Creates a server.
     *
     * @param config  what the host accepts
     * @param sink    where messages to the guest go
     * @param memory  guest memory the ring GPADLs point into
     * @param tracer  spec tracer ({@link SpecTracer#OFF} for none); its lock guards this server when enabled
     * @param signals makes each opened channel's host→guest signal
     */
    public VmbusServer(HostConfig config, GuestMessageSink sink, GuestMemory memory, SpecTracer tracer,
            GuestSignalFactory signals) {
        this.config = Objects.requireNonNull(config, "config");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.signals = Objects.requireNonNull(signals, "signals");
        this.lock = tracer.enabled() ? tracer.lock() : new Object();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Host-side API

    /**
     * Registers a channel. Before REQUESTOFFERS it is offered with the others; after it, it is offered at once
     * (hot-add, spec {@code HostSendOffer}). The relid is the lowest free one (vmbus-core.md §4.3); a relid is free
     * again only after RELID_RELEASED, UNLOAD or a reconnect.
     *
     * @param offer  the offer parameters; a sub-channel (index &gt; 0) needs its primary registered (§8)
     * @param device the device behind the channel
     * @return the relid
     * @throws IllegalArgumentException if the (type, instance, index) is already registered or a sub-channel has no
     *                                  primary
     * @throws IllegalStateException    if every relid is taken
     */
    public int addChannel(HostChannelConfig offer, HostDevice device) {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(device, "device");
        synchronized (lock) {
            boolean primary = false;
            for (HostChannel c : channels.values()) {
                if (c.state == HostChannelState.REVOKED || !sameDevice(c.config, offer)) {
                    continue;
                }
                if (c.config.subChannelIndex() == offer.subChannelIndex()) {
                    throw new IllegalArgumentException("channel " + offer.interfaceType() + "/"
                            + offer.interfaceInstance() + " index " + offer.subChannelIndex()
                            + ": already registered as relid " + c.relid + " (expected: a new one)");
                }
                primary |= c.config.subChannelIndex() == 0;
            }
            if (offer.subChannelIndex() != 0 && !primary) {
                throw new IllegalArgumentException("sub-channel " + offer.subChannelIndex() + " of "
                        + offer.interfaceInstance() + ": no primary (expected: primary registered first, §8)");
            }
            int relid = 1;
            while (channels.containsKey(relid)) {
                relid++;
            }
            if (relid > MAX_RELID) {
                throw new IllegalStateException("relids: all " + MAX_RELID + " in use (expected: a free one)");
            }
            HostChannel c = new HostChannel(relid, offer, device);
            channels.put(relid, c);
            if (connection != null && offersSent) {
                sendHotAddOffer(c);
            }
            return relid;
        }
    }

    private static boolean sameDevice(HostChannelConfig a, HostChannelConfig b) {
        return a.interfaceType().equals(b.interfaceType()) && a.interfaceInstance().equals(b.interfaceInstance());
    }

    @SpecAction(spec = SPEC, value = "HostSendOffer")
    private void sendHotAddOffer(HostChannel c) {
        trace("HostSendOffer", "r", c.relid);
        sendOffer(c);
    }

    /**
     * Revokes a channel (device removal). If the guest has seen it: RESCIND_CHANNELOFFER; an open in progress is
     * never answered, an open device is closed, accepted GPADLs survive until torn down or the relid is released,
     * and the relid is free only after RELID_RELEASED (spec {@code HostSendRescind}; vmbus-core.md §4.3, §4.4).
     * A channel the guest never saw is just removed. A primary's live sub-channels are rescinded first, lowest relid
     * first (VmbusChannel {@code SubchannelRescindFirstInv}; hazards.md L-RES-7, OVMM #3507).
     *
     * @param relid the channel
     * @throws IllegalArgumentException if no channel has this relid or it is already rescinded
     */
    @SpecAction(spec = SPEC, value = "HostSendRescind")
    public void rescind(int relid) {
        synchronized (lock) {
            HostChannel c = channels.get(relid);
            if (c == null || c.state == HostChannelState.REVOKED) {
                throw new IllegalArgumentException("rescind relid: " + relid + " (expected: a live channel)");
            }
            if (c.config.subChannelIndex() == 0) {
                List<Integer> subs = new ArrayList<>();
                for (HostChannel s : channels.values()) {
                    if (s != c && s.state != HostChannelState.REVOKED && s.config.subChannelIndex() != 0
                            && sameDevice(s.config, c.config)) {
                        subs.add(s.relid);
                    }
                }
                subs.sort(null);
                for (int sub : subs) {
                    rescind(sub);
                }
            }
            if (!c.offered) {
                channels.remove(relid);
                return;
            }
            switch (c.state) {
                case OPEN -> c.device.close();
                case OPENING -> c.openGeneration++;
                case CLOSED -> {
                    // nothing running
                }
                case REVOKED -> throw new AssertionError("unreachable: " + c.state);
            }
            c.state = HostChannelState.REVOKED;
            trace("HostSendRescind", "r", relid);
            // GPADLs whose teardown waited for the ring to close are answered before the rescind (§4.3 revoke)
            finishDeferredTeardowns(c);
            send(new RescindChannelOffer(relid));
        }
    }

    /**
     * The VP that receives the host's channel messages: INITIATE_CONTACT target_vcpu (3.0+, when valid), else 0.
     * Kept after UNLOAD so the adapter can still deliver UNLOAD_RESPONSE.
     *
     * @return the VP index
     */
    public int messageTargetVp() {
        synchronized (lock) {
            return targetVp;
        }
    }

    /** @return the SINT that receives the host's channel messages: 2, or msg_sint of a 5.0+ contact on port 4 */
    public int messageTargetSint() {
        synchronized (lock) {
            return targetSint;
        }
    }

    /** @return the lock guarding this server (the tracer's lock when tracing), for the adapter in this package */
    Object lock() {
        return lock;
    }

    /** @return the config this server was created with */
    public HostConfig config() {
        return config;
    }

    /** @return the connection, if the guest is connected */
    public Optional<HostConnection> connection() {
        synchronized (lock) {
            return Optional.ofNullable(connection);
        }
    }

    /**
     * @param relid a relid
     * @return the channel's state, empty if the relid is free (no channel, or not offered to the guest)
     */
    public Optional<HostChannelState> channelState(int relid) {
        synchronized (lock) {
            HostChannel c = channels.get(relid);
            return c == null || !c.offered ? Optional.empty() : Optional.of(c.state);
        }
    }

    /**
     * @param handle a GPADL handle
     * @return the GPADL if the host accepted it and it is not torn down
     */
    public Optional<Gpadl> gpadl(int handle) {
        synchronized (lock) {
            GpadlEntry g = gpadls.get(handle);
            return g == null || g.state == GpadlState.IN_PROGRESS ? Optional.empty() : Optional.of(g.gpadl);
        }
    }

    /**
     * A GPADL whose GPADL_HEADER arrived and whose GPADL_BODY fragments have not all arrived yet (spec
     * {@code hgp[h].st = "inprogress"}).
     *
     * @param relid         the channel the header named
     * @param valuesMissing range-buffer values (range headers and PFNs) still expected
     */
    public record PendingGpadl(int relid, int valuesMissing) {
    }

    /**
     * @param handle a GPADL handle
     * @return the GPADL if it is in progress (header received, bodies missing), else empty
     */
    public Optional<PendingGpadl> pendingGpadl(int handle) {
        synchronized (lock) {
            GpadlEntry g = gpadls.get(handle);
            return g == null || g.state != GpadlState.IN_PROGRESS ? Optional.empty()
                    : Optional.of(new PendingGpadl(g.relid, g.values.length - g.filled));
        }
    }

    /** @return the guest messages refused so far, oldest first (at most {@link #MAX_KEPT_ERRORS}) */
    public List<HostProtocolException> errors() {
        synchronized (lock) {
            return List.copyOf(errors);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Guest messages

    /**
     * Handles one channel message the guest posted. Never throws for any guest input.
     *
     * @param connectionId the connection id the guest posted on (vmbus-core.md §1.5)
     * @param payload      the message bytes from offset 0
     * @param length       the SynIC payload size
     * @throws IllegalArgumentException if {@code length} is outside {@code payload} (a caller bug)
     */
    public void receive(int connectionId, byte[] payload, int length) {
        Objects.requireNonNull(payload, "payload");
        if (length < 0 || length > payload.length) {
            throw new IllegalArgumentException("length: " + length + " (expected: 0.." + payload.length + ")");
        }
        synchronized (lock) {
            ChannelMessage m;
            try {
                m = connection == null ? ChannelMessageCodec.decodeBeforeContact(payload, length)
                        : ChannelMessageCodec.decode(payload, length, connection.version());
            } catch (MalformedChannelMessageException e) {
                handleMalformed(payload, length, e);
                return;
            }
            if (m instanceof InitiateContact ic) {
                handleInitiateContact(connectionId, ic);
                return;
            }
            if (connectionId != config.messageConnectionId()) {
                reject(HostError.BAD_CONNECTION_ID, "message " + m.type() + " connection id: " + connectionId
                        + " (expected: " + config.messageConnectionId() + ")");
                return;
            }
            dispatch(m);
        }
    }

    private void dispatch(ChannelMessage m) {
        if (m instanceof RequestOffers) {
            handleRequestOffers();
        } else if (m instanceof GpadlHeader g) {
            handleGpadlHeader(g);
        } else if (m instanceof GpadlBody g) {
            handleGpadlBody(g);
        } else if (m instanceof GpadlTeardown g) {
            handleGpadlTeardown(g);
        } else if (m instanceof OpenChannel o) {
            handleOpenChannel(o);
        } else if (m instanceof CloseChannel c) {
            handleCloseChannel(c);
        } else if (m instanceof ModifyChannel mc) {
            handleModifyChannel(mc);
        } else if (m instanceof RelidReleased r) {
            handleRelidReleased(r);
        } else if (m instanceof Unload) {
            handleUnload();
        } else {
            reject(HostError.UNEXPECTED_MESSAGE, "message type: " + m.type()
                    + " (expected: a guest-to-host message this host handles)");
        }
    }

    /**
     * Handles bytes the codec refused. A GPADL header or body still names its handle: the header is answered
     * with GPADL_CREATED(failure) and a body aborts its in-progress GPADL with a failure (vmbus-core.md §5 "any
     * header error ... → failure; body error with a known id → failure reply").
     */
    private void handleMalformed(byte[] payload, int length, MalformedChannelMessageException e) {
        HostProtocolException err = reject(HostError.MALFORMED, e);
        if (connection == null || length < 16) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(payload, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        int type = b.getInt(0);
        if (type == ChannelMessageType.GPADL_HEADER.code()) {
            malformedGpadlHeader(b.getInt(8), b.getInt(12), err);
        } else if (type == ChannelMessageType.GPADL_BODY.code()) {
            malformedGpadlBody(b.getInt(12), err);
        }
    }

    @SpecAction(spec = SPEC, value = "HostRcvGpadlHeader")
    private void malformedGpadlHeader(int relid, int handle, HostProtocolException err) {
        // answered with a refusal (spec: the host may refuse a GPADL), so no drop tag
        trace("HostRcvGpadlHeader", "r", relid, "h", handle, "ok", false);
        send(new GpadlCreated(relid, handle, STATUS_UNSUCCESSFUL));
    }

    @SpecAction(spec = SPEC, value = "HostRcvGpadlBody")
    private void malformedGpadlBody(int handle, HostProtocolException err) {
        GpadlEntry g = gpadls.get(handle);
        if (g == null || g.state != GpadlState.IN_PROGRESS) {
            traceErr("HostRcvGpadlBody", new HostProtocolException(HostError.UNKNOWN_GPADL, err.getMessage()), "h",
                    handle);
            return;
        }
        gpadls.remove(handle);
        trace("HostRcvGpadlBody", "h", handle, "ok", false);
        send(new GpadlCreated(g.relid, handle, STATUS_UNSUCCESSFUL));
    }

    /**
     * Handles {@link ChannelMessageType#INITIATE_CONTACT}: a connected guest is implicitly disconnected first
     * (every channel and GPADL released, §4.3); an unsupported version gets VERSION_RESPONSE(supported = 0);
     * fields the host cannot honour get VERSION_RESPONSE(supported, connection_state 2), or supported = 0 below
     * 2.4 where old guests cannot read the state (§2.2).
     */
    @SpecAction(spec = SPEC, value = "HostRcvInitiateContact")
    private void handleInitiateContact(int connectionId, InitiateContact m) {
        int v = m.versionRequested();
        ProtocolVersion newest = config.newest();
        boolean port4 = connectionId == HostConfig.MULTICLIENT_CONNECTION_ID
                && newest.isAtLeast(ProtocolVersion.WIN10_V5);
        if (connectionId != HostConfig.MESSAGE_CONNECTION_ID && !port4) {
            HostProtocolException e = reject(HostError.BAD_CONNECTION_ID, "initiate contact connection id: "
                    + connectionId + " (expected: 1" + (newest.isAtLeast(ProtocolVersion.WIN10_V5) ? " or 4)" : ")"));
            traceErr("HostRcvInitiateContact", e, "v", v, "ok", false);
            return;
        }
        if (connection != null) {
            releaseAll();
        }
        ProtocolVersion pv = knownVersion(v);
        // replies go to the VP and SINT the contact names, where valid (vmbus-core.md §1.5, §2.2)
        targetVp = (pv == null || pv.isAtLeast(ProtocolVersion.WIN8_1))
                && Integer.compareUnsigned(m.targetVcpu(), config.vpCount()) < 0 ? m.targetVcpu() : 0;
        targetSint = port4 && (pv == null || pv.isAtLeast(ProtocolVersion.WIN10_V5)) && m.msgSint() <= 15
                ? m.msgSint() : HostConnection.VMBUS_SINT;
        if (pv == null || !config.versions().contains(pv)) {
            trace("HostRcvInitiateContact", "v", v, "ok", false);
            send(new VersionResponse(VersionResponse.Form.BASIC, false, 0, 0, 0, 0, 0), ProtocolVersion.WS2008);
            return;
        }
        String bad = checkContact(pv, m, port4);
        if (bad != null) {
            HostProtocolException e = reject(HostError.BAD_CONTACT, bad);
            traceErr("HostRcvInitiateContact", e, "v", v, "ok", false);
            boolean stateReadable = pv.isAtLeast(ProtocolVersion.WIN8);
            send(new VersionResponse(VersionResponse.Form.BASIC, stateReadable, stateReadable ? 2 : 0,
                    stateReadable && pv.isAtLeast(ProtocolVersion.WIN10_V5) ? config.messageConnectionId() : v,
                    0, 0, 0), pv);
            return;
        }
        boolean copper = pv.isAtLeast(ProtocolVersion.COPPER);
        int features = copper ? m.featureFlags() & config.features() : 0;
        boolean v5 = pv.isAtLeast(ProtocolVersion.WIN10_V5);
        connection = new HostConnection(pv, features,
                pv.isAtLeast(ProtocolVersion.WIN8_1) ? m.targetVcpu() : 0,
                v5 && port4 ? m.msgSint() : HostConnection.VMBUS_SINT,
                pv.isAtLeast(ProtocolVersion.WIN10_V5_1) && port4 ? m.msgVtl() : 0,
                m.parentToChildMonitorPage(), m.childToParentMonitorPage(), v5 ? 0 : m.interruptPage(),
                m.clientId());
        connectionGeneration++;
        offersSent = false;
        trace("HostRcvInitiateContact", "v", v, "ok", true);
        send(new VersionResponse(copper ? VersionResponse.Form.COPPER : VersionResponse.Form.BASIC, true, 0,
                v5 ? config.messageConnectionId() : v, features, 0, 0));
    }

    private String checkContact(ProtocolVersion pv, InitiateContact m, boolean port4) {
        if (!pv.isAtLeast(ProtocolVersion.WIN8) && m.interruptPage() == 0) {
            return "initiate contact interrupt page: 0 at " + pv + " (expected: a GPA below 2.4)";
        }
        if ((m.parentToChildMonitorPage() == 0) != (m.childToParentMonitorPage() == 0)) {
            return String.format("initiate contact monitor pages: 0x%x, 0x%x (expected: both or neither)",
                    m.parentToChildMonitorPage(), m.childToParentMonitorPage());
        }
        if (pv.isAtLeast(ProtocolVersion.WIN8_1) && Integer.compareUnsigned(m.targetVcpu(), config.vpCount()) >= 0) {
            return "initiate contact target vcpu: " + Integer.toUnsignedString(m.targetVcpu()) + " (expected: < "
                    + config.vpCount() + ")";
        }
        if (port4 && pv.isAtLeast(ProtocolVersion.WIN10_V5) && m.msgSint() > 15) {
            return "initiate contact msg sint: " + m.msgSint() + " (expected: 0..15)";
        }
        return null;
    }

    private static ProtocolVersion knownVersion(int code) {
        for (ProtocolVersion v : ProtocolVersion.values()) {
            if (v.code() == code) {
                return v;
            }
        }
        return null;
    }

    /** Handles {@link ChannelMessageType#REQUESTOFFERS}: every offer, then ALLOFFERS_DELIVERED; once per connection. */
    @SpecAction(spec = SPEC, value = "HostRcvRequestOffers")
    private void handleRequestOffers() {
        if (offersSent) {
            HostProtocolException e = reject(HostError.BAD_CHANNEL_STATE,
                    "request offers: already answered on this connection (expected: once per connection)");
            traceErr("HostRcvRequestOffers", e);
            return;
        }
        offersSent = true;
        trace("HostRcvRequestOffers");
        List<HostChannel> order = new ArrayList<>(channels.values());
        order.removeIf(c -> c.state == HostChannelState.REVOKED);
        // primaries before sub-channels, each group by relid (§8: a sub-channel follows its primary)
        order.sort(Comparator.comparingInt((HostChannel c) -> c.config.subChannelIndex() == 0 ? 0 : 1)
                .thenComparingInt(c -> c.relid));
        for (HostChannel c : order) {
            sendOffer(c);
        }
        send(new AllOffersDelivered());
    }

    private void sendOffer(HostChannel c) {
        c.offered = true;
        c.state = HostChannelState.CLOSED;
        HostChannelConfig o = c.config;
        int features = connection.features();
        int flags = o.flags();
        if ((features & FeatureFlags.CONFIDENTIAL_CHANNELS) == 0) {
            flags &= ~0x6; // confidential ring / external memory (vmbus-core.md §2.3, OVMM send_offer)
        }
        if ((features & FeatureFlags.GPA_PINNING) == 0) {
            flags &= ~0x8; // require pinned external memory (vmbus-core.md §2.3)
        }
        boolean win7 = connection.version().isAtLeast(ProtocolVersion.WIN7);
        send(new OfferChannel(o.interfaceType(), o.interfaceInstance(), 0, 0, flags, o.mmioMegabytes(),
                o.userDefined(), o.subChannelIndex(), 0, c.relid, o.monitorId(), o.monitorAllocated() ? 1 : 0,
                win7 ? 1 : 0, win7 ? o.connectionIdFor(c.relid) : 0));
    }

    /**
     * Handles {@link ChannelMessageType#GPADL_HEADER}: starts a GPADL for a channel the guest has been offered (also
     * a revoked one, OVMM #3959). Unknown relid, null or live handle → GPADL_CREATED(failure) (vmbus-core.md §5).
     */
    @SpecAction(spec = SPEC, value = "HostRcvGpadlHeader")
    private void handleGpadlHeader(GpadlHeader m) {
        int r = m.childRelid();
        int h = m.gpadl();
        HostChannel c = channels.get(r);
        HostProtocolException e = null;
        if (c == null || !c.offered) {
            e = reject(HostError.UNKNOWN_RELID, "gpadl header relid: " + Integer.toUnsignedString(r)
                    + " (expected: an offered channel)");
        } else if (gpadls.containsKey(h)) {
            e = reject(HostError.DUPLICATE_GPADL_ID, "gpadl header handle: " + Integer.toUnsignedString(h)
                    + " (expected: not live)");
        } else if (h == 0) {
            e = reject(HostError.BAD_GPADL, "gpadl header handle: 0 (expected: non-zero, 0 is the null handle)");
        }
        if (e != null) {
            traceErr("HostRcvGpadlHeader", e, "r", r, "h", h, "ok", false);
            send(new GpadlCreated(r, h, STATUS_UNSUCCESSFUL));
            return;
        }
        GpadlEntry g = new GpadlEntry(h, r, m.rangeCount(), m.rangeBufferLength() / 8);
        g.append(m.values());
        gpadls.put(h, g);
        if (!g.complete()) {
            trace("HostRcvGpadlHeader", "r", r, "h", h, "ok", true);
            return;
        }
        completeGpadl(g, "HostRcvGpadlHeader");
    }

    /**
     * Handles {@link ChannelMessageType#GPADL_BODY}: appends to the in-progress GPADL of the handle; the last one
     * answers GPADL_CREATED (also when the channel was revoked meanwhile). A body for no in-progress GPADL is
     * dropped (no reply possible, vmbus-core.md §5).
     */
    @SpecAction(spec = SPEC, value = "HostRcvGpadlBody")
    private void handleGpadlBody(GpadlBody m) {
        int h = m.gpadl();
        GpadlEntry g = gpadls.get(h);
        if (g == null || g.state != GpadlState.IN_PROGRESS) {
            HostProtocolException e = reject(HostError.UNKNOWN_GPADL, "gpadl body handle: "
                    + Integer.toUnsignedString(h) + " (expected: a gpadl in progress)");
            traceErr("HostRcvGpadlBody", e, "h", h);
            return;
        }
        g.append(m.pfns());
        if (!g.complete()) {
            trace("HostRcvGpadlBody", "h", h);
            return;
        }
        completeGpadl(g, "HostRcvGpadlBody");
    }

    /** The range buffer is complete: validate it, record the action's event, answer GPADL_CREATED. */
    private void completeGpadl(GpadlEntry g, String action) {
        Gpadl parsed;
        try {
            parsed = parseRanges(g);
        } catch (HostProtocolException e) {
            gpadls.remove(g.handle);
            // a refusal answered with GPADL_CREATED(failure), not a drop: no err tag (CONTRACT.md)
            if (action.equals("HostRcvGpadlHeader")) {
                trace(action, "r", g.relid, "h", g.handle, "ok", false);
            } else {
                trace(action, "h", g.handle, "ok", false);
            }
            send(new GpadlCreated(g.relid, g.handle, STATUS_UNSUCCESSFUL));
            return;
        }
        g.gpadl = parsed;
        g.state = GpadlState.ACCEPTED;
        if (action.equals("HostRcvGpadlHeader")) {
            trace(action, "r", g.relid, "h", g.handle, "ok", true);
        } else {
            trace(action, "h", g.handle, "ok", true);
        }
        send(new GpadlCreated(g.relid, g.handle, 0));
    }

    /** vmbus-core.md §5 "Validation at completion" (OVMM gparange::parse); trailing unused values are allowed. */
    private HostProtocolException badGpadl(String message) {
        return reject(HostError.BAD_GPADL, message);
    }

    private Gpadl parseRanges(GpadlEntry g) {
        List<Gpadl.Range> ranges = new ArrayList<>(g.rangeCount);
        int at = 0;
        for (int i = 0; i < g.rangeCount; i++) {
            if (at >= g.values.length) {
                throw badGpadl("gpadl " + g.handle + " ranges: " + i + " in " + g.values.length
                        + " values (expected: " + g.rangeCount + ")");
            }
            long v = g.values[at++];
            long count = v & 0xFFFFFFFFL;
            long offset = v >>> 32;
            if (count == 0) {
                throw badGpadl("gpadl " + g.handle + " range " + i + " byte count: 0 (expected: >= 1)");
            }
            if (offset > 0xFFF) {
                throw badGpadl("gpadl " + g.handle + " range " + i + " byte offset: " + offset
                        + " (expected: <= 4095)");
            }
            long pfns = (offset + count + PAGE - 1) / PAGE;
            if (pfns > g.values.length - at) {
                throw badGpadl("gpadl " + g.handle + " range " + i + ": " + pfns + " pfns for offset " + offset
                        + " and " + count + " bytes (expected: <= " + (g.values.length - at)
                        + " left in the range buffer)");
            }
            ranges.add(new Gpadl.Range((int) offset, (int) count,
                    Arrays.copyOfRange(g.values, at, at + (int) pfns)));
            at += (int) pfns;
        }
        return new Gpadl(g.handle, g.relid, ranges);
    }

    /**
     * Handles {@link ChannelMessageType#GPADL_TEARDOWN}: only an accepted GPADL of the same channel, also when
     * revoked. A GPADL still backing the ring of an opening or open channel is torn down when the channel closes
     * (OVMM: TORNDOWN is sent when the device has released it, §5; hazards.md L-GPADL-2).
     */
    @SpecAction(spec = SPEC, value = "HostRcvGpadlTeardown")
    private void handleGpadlTeardown(GpadlTeardown m) {
        int h = m.gpadl();
        GpadlEntry g = gpadls.get(h);
        if (g == null || g.state != GpadlState.ACCEPTED || g.relid != m.childRelid()) {
            HostProtocolException e = reject(HostError.UNKNOWN_GPADL, "gpadl teardown handle: "
                    + Integer.toUnsignedString(h) + " of relid " + Integer.toUnsignedString(m.childRelid())
                    + " (expected: an accepted gpadl of that relid)");
            traceErr("HostRcvGpadlTeardown", e, "h", h);
            return;
        }
        HostChannel c = channels.get(g.relid);
        if (c != null && backsRing(c, h)) {
            g.state = GpadlState.TEARING_DOWN;
            trace("HostRcvGpadlTeardown", "h", h);
            return;
        }
        gpadls.remove(h);
        trace("HostRcvGpadlTeardown", "h", h);
        send(new GpadlTorndown(h));
    }

    private static boolean backsRing(HostChannel c, int handle) {
        return (c.state == HostChannelState.OPENING || c.state == HostChannelState.OPEN) && c.ringGpadl == handle;
    }

    private void finishDeferredTeardowns(HostChannel c) {
        GpadlEntry g = gpadls.get(c.ringGpadl);
        if (c.ringGpadl != 0 && g != null && g.state == GpadlState.TEARING_DOWN && g.relid == c.relid) {
            gpadls.remove(g.handle);
            send(new GpadlTorndown(g.handle));
        }
    }

    /**
     * Handles {@link ChannelMessageType#OPENCHANNEL}: closed → opening and the device is asked; revoked → silently
     * ignored; opening/open → dropped (no reply, §4.3). A closed channel whose request the host cannot honour
     * (ring GPADL not accepted for this relid, bad ring split, target VP, ring memory) is answered
     * OPENCHANNEL_RESULT(failure).
     */
    @SpecAction(spec = SPEC, value = "HostRcvOpenChannel")
    @SpecAction(spec = SPEC, value = "HostSendOpenResult")
    private void handleOpenChannel(OpenChannel m) {
        int r = m.childRelid();
        HostChannel c = channels.get(r);
        if (c == null || !c.offered) {
            HostProtocolException e = reject(HostError.UNKNOWN_RELID, "open channel relid: "
                    + Integer.toUnsignedString(r) + " (expected: an offered channel)");
            traceErr("HostRcvOpenChannel", e, "r", r, "h", m.ringGpadl());
            return;
        }
        switch (c.state) {
            case REVOKED -> {
                trace("HostRcvOpenChannel", "r", r, "h", m.ringGpadl());
                return;
            }
            case OPENING, OPEN -> {
                HostProtocolException e = reject(HostError.BAD_CHANNEL_STATE, "open channel relid " + r
                        + " state: " + c.state + " (expected: CLOSED)");
                traceErr("HostRcvOpenChannel", e, "r", r, "h", m.ringGpadl());
                return;
            }
            case CLOSED -> {
                // validated below
            }
        }
        HostChannelRings rings;
        OpenRequest request;
        try {
            GpadlEntry g = gpadls.get(m.ringGpadl());
            if (g == null || g.state != GpadlState.ACCEPTED || g.relid != r) {
                throw new HostProtocolException(HostError.UNKNOWN_GPADL, "open channel ring gpadl: "
                        + Integer.toUnsignedString(m.ringGpadl()) + " (expected: an accepted gpadl of relid " + r
                        + ")");
            }
            request = new OpenRequest(r, m.openId(), c.config, g.gpadl, m.downstreamPageOffset(), m.targetVp(),
                    m.userData(), m.extension());
            rings = makeRings(request);
        } catch (HostProtocolException e) {
            remember(e);
            if (e.reason() == HostError.BAD_OPEN) {
                // an accepted ring GPADL the host cannot use: the spec's failed open (opening, then result false)
                trace("HostRcvOpenChannel", "r", r, "h", m.ringGpadl());
            } else {
                traceErr("HostRcvOpenChannel", e, "r", r, "h", m.ringGpadl());
            }
            trace("HostSendOpenResult", "r", r, "ok", false);
            send(new OpenChannelResult(r, m.openId(), STATUS_UNSUCCESSFUL));
            return;
        }
        c.state = HostChannelState.OPENING;
        c.ringGpadl = m.ringGpadl();
        c.openId = m.openId();
        c.targetVp = m.targetVp();
        long generation = ++c.openGeneration;
        trace("HostRcvOpenChannel", "r", r, "h", m.ringGpadl());
        CompletableFuture<Integer> result;
        try {
            result = Objects.requireNonNull(c.device.open(request, rings), "device open result");
        } catch (RuntimeException ex) {
            result = CompletableFuture.failedFuture(ex);
        }
        result.whenComplete((status, ex) -> openComplete(c, generation,
                ex != null || status == null ? STATUS_UNSUCCESSFUL : status));
    }

    private HostChannelRings makeRings(OpenRequest q) {
        Gpadl g = q.ringGpadl();
        if (!g.isPageAligned()) {
            throw new HostProtocolException(HostError.BAD_OPEN, "open channel ring gpadl " + g.handle()
                    + ": " + g.ranges().size() + " ranges, first at offset " + g.ranges().get(0).byteOffset()
                    + " (expected: one range, offset 0, whole pages)");
        }
        long[] pfns = g.ranges().get(0).pfns();
        int off = q.downstreamPageOffset();
        if (off < 2 || off > pfns.length - 2) {
            throw new HostProtocolException(HostError.BAD_OPEN, "open channel downstream page offset: "
                    + Integer.toUnsignedString(off) + " (expected: 2.." + (pfns.length - 2) + " for "
                    + pfns.length + " ring pages)");
        }
        int vp = q.targetVp();
        if (connection.version().isAtLeast(ProtocolVersion.WIN8) && vp != NO_TARGET_VP
                && Integer.compareUnsigned(vp, config.vpCount()) >= 0) {
            throw new HostProtocolException(HostError.BAD_OPEN, "open channel target vp: "
                    + Integer.toUnsignedString(vp) + " (expected: < " + config.vpCount() + " or 0xffffffff)");
        }
        try {
            RingLayout in = RingLayout.ofPages(memory, Arrays.copyOfRange(pfns, 0, off));
            RingLayout out = RingLayout.ofPages(memory, Arrays.copyOfRange(pfns, off, pfns.length));
            return new HostChannelRings(in, out, new RingReader(in, SpecTracer.OFF),
                    new RingWriter(out, SpecTracer.OFF), signals.forChannel(q.relid(), vp));
        } catch (ProtocolException e) {
            throw new HostProtocolException(HostError.BAD_OPEN, e);
        }
    }

    /** The device answered an open: OPENCHANNEL_RESULT, unless the channel was rescinded, reset or closed since. */
    @SpecAction(spec = SPEC, value = "HostSendOpenResult")
    private void openComplete(HostChannel c, long generation, int status) {
        synchronized (lock) {
            if (channels.get(c.relid) != c || c.openGeneration != generation || c.state != HostChannelState.OPENING) {
                // no OPEN_RESULT after a rescind, unload or reconnect (§4.3 open_complete after revoke)
                if (status == 0) {
                    c.device.close();
                }
                return;
            }
            boolean ok = status == 0;
            c.state = ok ? HostChannelState.OPEN : HostChannelState.CLOSED;
            if (!ok) {
                c.ringGpadl = 0;
            }
            trace("HostSendOpenResult", "r", c.relid, "ok", ok);
            send(new OpenChannelResult(c.relid, c.openId, status));
        }
    }

    /** Handles {@link ChannelMessageType#CLOSECHANNEL}: open → closed, device closed; revoked → ignored; no reply. */
    @SpecAction(spec = SPEC, value = "HostRcvCloseChannel")
    private void handleCloseChannel(CloseChannel m) {
        int r = m.childRelid();
        HostChannel c = channels.get(r);
        if (c == null || !c.offered) {
            HostProtocolException e = reject(HostError.UNKNOWN_RELID, "close channel relid: "
                    + Integer.toUnsignedString(r) + " (expected: an offered channel)");
            traceErr("HostRcvCloseChannel", e, "r", r);
            return;
        }
        switch (c.state) {
            case OPEN -> {
                c.device.close();
                c.state = HostChannelState.CLOSED;
                trace("HostRcvCloseChannel", "r", r);
                finishDeferredTeardowns(c);
                c.ringGpadl = 0;
            }
            case REVOKED -> trace("HostRcvCloseChannel", "r", r);
            case CLOSED, OPENING -> {
                HostProtocolException e = reject(HostError.BAD_CHANNEL_STATE, "close channel relid " + r
                        + " state: " + c.state + " (expected: OPEN)");
                traceErr("HostRcvCloseChannel", e, "r", r);
            }
        }
    }

    /**
     * Handles {@link ChannelMessageType#MODIFYCHANNEL} (4.1+): an open channel's interrupts move to another VP and
     * the device is told; a revoked channel is answered with a failure, as Hyper-V still answers modify requests
     * after a revoke (§4.4). MODIFYCHANNEL_RESPONSE is sent from 5.3 on (§3), when the device has answered; closed
     * or unknown channels are dropped (§4.3 table).
     */
    @SpecAction(spec = SPEC, value = "HostRcvModifyChannel")
    private void handleModifyChannel(ModifyChannel m) {
        int r = m.childRelid();
        HostChannel c = channels.get(r);
        boolean respond = connection.version().isAtLeast(ProtocolVersion.WIN10_V5_3);
        if (c == null || !c.offered) {
            HostProtocolException e = reject(HostError.UNKNOWN_RELID, "modify channel relid: "
                    + Integer.toUnsignedString(r) + " (expected: an offered channel)");
            traceErr("HostRcvModifyChannel", e, "r", r);
            return;
        }
        if (c.state != HostChannelState.OPEN && c.state != HostChannelState.REVOKED) {
            HostProtocolException e = reject(HostError.BAD_CHANNEL_STATE, "modify channel relid " + r + " state: "
                    + c.state + " (expected: OPEN)");
            traceErr("HostRcvModifyChannel", e, "r", r);
            return;
        }
        int vp = m.targetVp();
        if (c.state == HostChannelState.REVOKED || vp == NO_TARGET_VP || c.targetVp == NO_TARGET_VP
                || Integer.compareUnsigned(vp, config.vpCount()) >= 0) {
            reject(HostError.BAD_MODIFY, "modify channel relid " + r + " target vp: " + Integer.toUnsignedString(vp)
                    + " (expected: < " + config.vpCount() + ", interrupts enabled, channel open)");
            answerModify(c, respond, CompletableFuture.completedFuture(STATUS_UNSUCCESSFUL));
            return;
        }
        c.targetVp = vp;
        CompletableFuture<Integer> result;
        try {
            result = Objects.requireNonNull(c.device.modify(vp), "device modify result");
        } catch (RuntimeException ex) {
            result = CompletableFuture.failedFuture(ex);
        }
        answerModify(c, respond, result);
    }

    /**
     * Records the modify event (with {@code ok} when the answer is known now) and sends the response when the
     * device answered: not after an unload or reconnect.
     */
    private void answerModify(HostChannel c, boolean respond, CompletableFuture<Integer> result) {
        if (respond && result.isDone()) {
            int status = statusOf(result);
            trace("HostRcvModifyChannel", "r", c.relid, "ok", status == 0);
            send(new ModifyChannelResponse(c.relid, status));
            return;
        }
        trace("HostRcvModifyChannel", "r", c.relid);
        long generation = connectionGeneration;
        result.whenComplete((status, ex) -> {
            synchronized (lock) {
                if (respond && connection != null && connectionGeneration == generation
                        && channels.get(c.relid) == c) {
                    send(new ModifyChannelResponse(c.relid, ex != null || status == null ? STATUS_UNSUCCESSFUL
                            : status));
                }
            }
        });
    }

    private static int statusOf(CompletableFuture<Integer> done) {
        try {
            Integer status = done.getNow(null);
            return status == null ? STATUS_UNSUCCESSFUL : status;
        } catch (RuntimeException ex) {
            return STATUS_UNSUCCESSFUL;
        }
    }

    /** Handles {@link ChannelMessageType#RELID_RELEASED}: a revoked channel's relid and GPADLs are freed. */
    @SpecAction(spec = SPEC, value = "HostRcvRelidReleased")
    private void handleRelidReleased(RelidReleased m) {
        int r = m.childRelid();
        HostChannel c = channels.get(r);
        if (c == null || !c.offered) {
            HostProtocolException e = reject(HostError.UNKNOWN_RELID, "relid released: "
                    + Integer.toUnsignedString(r) + " (expected: an offered channel)");
            traceErr("HostRcvRelidReleased", e, "r", r);
            return;
        }
        if (c.state != HostChannelState.REVOKED) {
            HostProtocolException e = reject(HostError.RELEASE_NOT_REVOKED, "relid released " + r + " state: "
                    + c.state + " (expected: REVOKED)");
            traceErr("HostRcvRelidReleased", e, "r", r);
            return;
        }
        channels.remove(r);
        gpadls.values().removeIf(g -> g.relid == r);
        trace("HostRcvRelidReleased", "r", r);
    }

    /**
     * Handles {@link ChannelMessageType#UNLOAD}: every channel and GPADL is released without per-channel messages,
     * then UNLOAD_RESPONSE (1.1+, §2.1); the guest may connect again with INITIATE_CONTACT.
     */
    @SpecAction(spec = SPEC, value = "HostRcvUnload")
    private void handleUnload() {
        ProtocolVersion version = connection.version();
        trace("HostRcvUnload");
        releaseAll();
        if (version.isAtLeast(ProtocolVersion.WIN7)) {
            send(new UnloadResponse(), version);
        }
    }

    /** Implicit release of the connection (UNLOAD, reconnect; vmbus-core.md §4.3 client_release_channel). */
    private void releaseAll() {
        for (var it = channels.values().iterator(); it.hasNext();) {
            HostChannel c = it.next();
            switch (c.state) {
                case OPEN -> c.device.close();
                case OPENING -> c.openGeneration++;
                case REVOKED -> {
                    it.remove();
                    continue;
                }
                case CLOSED -> {
                    // nothing running
                }
            }
            c.state = HostChannelState.CLOSED;
            c.offered = false;
            c.ringGpadl = 0;
        }
        gpadls.clear();
        connection = null;
        connectionGeneration++;
        offersSent = false;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    private void send(ChannelMessage m) {
        send(m, connection.version());
    }

    private void send(ChannelMessage m, ProtocolVersion version) {
        sink.send(ChannelMessageCodec.encode(m, version));
    }

    private HostProtocolException reject(HostError reason, String message) {
        HostProtocolException e = new HostProtocolException(reason, message);
        remember(e);
        return e;
    }

    private HostProtocolException reject(HostError reason, ProtocolException cause) {
        HostProtocolException e = new HostProtocolException(reason, cause);
        remember(e);
        return e;
    }

    private void remember(HostProtocolException e) {
        if (errors.size() == MAX_KEPT_ERRORS) {
            errors.removeFirst();
        }
        errors.addLast(e);
    }

    private void trace(String action, Object... kv) {
        if (tracer.enabled()) {
            tracer.record(action, fields(kv));
        }
    }

    private void traceErr(String action, HostProtocolException e, Object... kv) {
        if (tracer.enabled()) {
            Map<String, Object> m = fields(kv);
            m.put("err", e.reason().specTag());
            tracer.record(action, m);
        }
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "VmbusServer[" + (connection == null ? "disconnected" : connection.version()) + ", channels="
                    + channels.size() + ", gpadls=" + gpadls.size() + "]";
        }
    }
}
