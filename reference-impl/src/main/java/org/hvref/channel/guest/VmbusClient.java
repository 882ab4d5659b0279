package org.hvref.channel.guest;

import static org.hvref.channel.guest.GuestActions.SPEC;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.hvref.channel.protocol.AllOffersDelivered;
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.CloseChannel;
import org.hvref.channel.protocol.FeatureFlags;
import org.hvref.channel.protocol.GpadlBody;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlTeardown;
import org.hvref.channel.protocol.GpadlTorndown;
import org.hvref.channel.protocol.InitiateContact;
import org.hvref.channel.protocol.ModifyChannel;
import org.hvref.channel.protocol.ModifyChannelResponse;
import org.hvref.channel.protocol.OfferChannel;
import org.hvref.channel.protocol.OpaqueBytes;
import org.hvref.channel.protocol.OpenChannel;
import org.hvref.channel.protocol.OpenChannelDescriptor;
import org.hvref.channel.protocol.OpenChannelResult;
import org.hvref.channel.protocol.ProtocolVersion;
import org.hvref.channel.protocol.RelidReleased;
import org.hvref.channel.protocol.RequestOffers;
import org.hvref.channel.protocol.RescindChannelOffer;
import org.hvref.channel.protocol.Unload;
import org.hvref.channel.protocol.UnloadResponse;
import org.hvref.channel.protocol.VersionResponse;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.GpaRange;
import org.hvref.ring.RingLayout;
import org.hvref.trace.SpecAction;
import org.hvref.trace.SpecTracer;

/**
 * The VMBus guest control plane (vmbus-core.md §3–§5, §8; guest actions of VmbusChannel.tla and its README "Guest
 * channel states"), sans-IO: host messages come in through {@link #receive}, guest messages go out through a
 * {@link HostMessageSink}, and every request that waits for the host returns a {@link CompletableFuture}.
 *
 * <p>Rules (Linux §4.2, OpenVMM client §4.4): versions are tried newest first, INITIATE_CONTACT on connection id 4
 * from 5.0 and 1 below, later messages on the id the host returned (§1.5); a rescind fails a pending open at once,
 * a rescinded open channel is closed locally by {@link #close} without CLOSECHANNEL, no GPADL_TEARDOWN is sent after
 * a rescind, and RELID_RELEASED is sent (automatically) once the channel is rescinded, closed and has no GPADL or
 * modify request outstanding, forgetting its GPADLs; a relid is never accepted again before that. While unloading
 * every message but UNLOAD_RESPONSE is dropped.
 *
 * <p>Hostile host: a message that fails to decode throws {@link
 * org.hvref.channel.protocol.MalformedChannelMessageException}; one that decodes but is not acceptable in the
 * current state throws {@link GuestProtocolException} after recording its receive event with field {@code err}. In
 * both cases nothing changed and every other channel keeps working.
 *
 * <p>Threading: any thread may call any method. State changes happen under the client's lock; messages are posted,
 * futures completed and listeners called after the lock is released, in the order the actions happened, so a sink
 * or a future's dependent may call back into the client. Each action records its trace event before its message
 * is posted, and a receive records after deciding.
 */
public final class VmbusClient {
    /** Message connection id below 5.0 (vmbus-core.md §1.5: VMBUS_MESSAGE_CONNECTION_ID = 1). */
    public static final int MESSAGE_CONNECTION_ID = 1;
    /** Connection id of INITIATE_CONTACT from 5.0 (vmbus-core.md §1.5: VMBUS_MESSAGE_CONNECTION_ID_4). */
    public static final int MULTICLIENT_CONNECTION_ID = 4;
    /** Largest connection id: bits 0–23 (vmbus-core.md §1.3 HV_CONNECTION_ID). */
    public static final int MAX_CONNECTION_ID = 0xFFFFFF;

    private final GuestMemory memory;
    private final ClientConfig config;
    private final HostMessageSink sink;
    private final SpecTracer tracer;
    private final List<ClientListener> listeners = new CopyOnWriteArrayList<>();

    private final ConcurrentLinkedQueue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
    private final ReentrantLock drainLock = new ReentrantLock();
    private final AtomicLong undelivered = new AtomicLong();

    // ---- guarded by this
    private ConnectionState state = ConnectionState.IDLE;
    private int versionIndex;
    private ProtocolVersion negotiated;
    private int messageConnectionId = MESSAGE_CONNECTION_ID;
    private int features;
    private CompletableFuture<ProtocolVersion> connectFuture;
    private CompletableFuture<List<OfferChannel>> offersFuture;
    private CompletableFuture<Void> unloadFuture;
    private final OfferRegistry registry = new OfferRegistry();
    private final Map<Integer, GuestGpadl> gpadls = new HashMap<>();
    private int nextHandle;
    private List<Runnable> deferred = new ArrayList<>();

    /** A message waiting to be posted. */
    private record Outgoing(int connectionId, byte[] bytes, ProtocolVersion contactVersion) {
    }

    /**
     * Creates a client. The interrupt and monitor pages named by the configuration are zeroed in guest memory.
     *
     * @param memory guest memory (holds the interrupt/monitor pages and the rings)
     * @param config how to connect
     * @param sink   where messages go
     * @param tracer the spec tracer ({@link SpecTracer#OFF} for none)
     */
    public VmbusClient(GuestMemory memory, ClientConfig config, HostMessageSink sink, SpecTracer tracer) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.config = Objects.requireNonNull(config, "config");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.nextHandle = config.firstGpadlHandle();
        for (long gpa : new long[] {config.interruptPageGpa(), config.monitorPage1Gpa(), config.monitorPage2Gpa()}) {
            if (gpa != 0) {
                memory.fill(gpa, GuestMemory.PAGE_SIZE, (byte) 0);
            }
        }
    }

    /** @param listener receives hot-add offers and rescinds */
    public void addListener(ClientListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    // =========================================================================================== connection

    /**
     * Starts version negotiation: INITIATE_CONTACT with the newest configured version; each refusal moves to the next
     * older one (vmbus-core.md §3 "Order tried by guests").
     *
     * @return completes with the accepted version, or fails with {@link NoCommonVersionException}
     * @throws IllegalStateException unless IDLE, FAILED or UNLOADED
     */
    @SpecAction(spec = SPEC, value = GuestActions.SEND_INITIATE_CONTACT)
    public CompletableFuture<ProtocolVersion> connect() {
        return step(() -> {
            if (state != ConnectionState.IDLE && state != ConnectionState.FAILED
                    && state != ConnectionState.UNLOADED) {
                throw new IllegalStateException("client state: " + state + " (expected: IDLE, FAILED or UNLOADED)");
            }
            connectFuture = new CompletableFuture<>();
            versionIndex = 0;
            negotiated = null;
            features = 0;
            messageConnectionId = MESSAGE_CONNECTION_ID;
            sendInitiateContact();
            return connectFuture;
        });
    }

    private void sendInitiateContact() {
        ProtocolVersion v = config.versions().get(versionIndex);
        state = ConnectionState.CONTACTING;
        InitiateContact contact;
        int connectionId;
        if (v.isAtLeast(ProtocolVersion.WIN10_V5)) {
            int vtl = v.isAtLeast(ProtocolVersion.WIN10_V5_1) ? config.vtl() : 0;
            int requested = v.isAtLeast(ProtocolVersion.COPPER) ? config.featureFlags() : 0;
            contact = InitiateContact.of(v, config.targetVcpu(), config.messageSint(), vtl, requested,
                    config.monitorPage1Gpa(), config.monitorPage2Gpa(), null);
            connectionId = MULTICLIENT_CONNECTION_ID;
        } else {
            contact = new InitiateContact(v.code(), config.targetVcpu(), config.interruptPageGpa(),
                    config.monitorPage1Gpa(), config.monitorPage2Gpa(), null);
            connectionId = MESSAGE_CONNECTION_ID;
        }
        trace(GuestActions.SEND_INITIATE_CONTACT, "v", v.code());
        outbox.add(new Outgoing(connectionId, ChannelMessageCodec.encode(contact, v), v));
    }

    /** Handles {@code VERSION_RESPONSE}: accept, or try the next older version, or give up. */
    @SpecAction(spec = SPEC, value = GuestActions.RCV_VERSION_RESPONSE)
    @SpecAction(spec = SPEC, value = GuestActions.SEND_INITIATE_CONTACT)
    private void handleVersionResponse(VersionResponse m) {
        if (state != ConnectionState.CONTACTING) {
            trace(GuestActions.RCV_VERSION_RESPONSE, "ok", m.versionSupported(),
                    "err", GuestError.UNEXPECTED_RESPONSE.specTag());
            throw drop(GuestError.UNEXPECTED_RESPONSE, "version response in state " + state
                    + " (expected: CONTACTING)");
        }
        ProtocolVersion tried = config.versions().get(versionIndex);
        // connection_state is meaningful from 2.4 only (vmbus-core.md §2.2, MSVM: treat as success below)
        boolean ok = m.versionSupported() && (m.connectionState() == 0 || !tried.isAtLeast(ProtocolVersion.WIN8));
        if (ok && tried.isAtLeast(ProtocolVersion.WIN10_V5)) {
            int id = m.connectionIdOrVersion();
            if (id == 0 || Integer.compareUnsigned(id, MAX_CONNECTION_ID) > 0) {
                trace(GuestActions.RCV_VERSION_RESPONSE, "v", tried.code(), "ok", true,
                        "err", GuestError.UNEXPECTED_RESPONSE.specTag());
                state = ConnectionState.FAILED;
                GuestProtocolException e = drop(GuestError.UNEXPECTED_RESPONSE, String.format(
                        "version response message connection id: 0x%x (expected: 0x1..0x%x)", id, MAX_CONNECTION_ID));
                fail(connectFuture, e);
                throw e;
            }
            messageConnectionId = id;
        }
        trace(GuestActions.RCV_VERSION_RESPONSE, "v", tried.code(), "ok", ok);
        if (ok) {
            state = ConnectionState.CONNECTED;
            negotiated = tried;
            boolean copperForm = tried.isAtLeast(ProtocolVersion.COPPER) && m.form() != VersionResponse.Form.BASIC;
            features = copperForm ? m.supportedFeatures() & config.featureFlags() : 0;
            complete(connectFuture, tried);
        } else {
            nextVersionOrFail();
        }
    }

    private void nextVersionOrFail() {
        versionIndex++;
        if (versionIndex < config.versions().size()) {
            sendInitiateContact();
            return;
        }
        state = ConnectionState.FAILED;
        fail(connectFuture, new NoCommonVersionException("versions refused: " + config.versions()
                + " (expected: the host to accept one)"));
    }

    /** The hypervisor had no port for the INITIATE_CONTACT's connection id: an old host (vmbus-core.md §1.3). */
    private void contactUndeliverable(ProtocolVersion version) {
        if (state == ConnectionState.CONTACTING && config.versions().get(versionIndex) == version) {
            nextVersionOrFail();
        }
    }

    /**
     * Sends REQUESTOFFERS; the offers that arrive until ALLOFFERS_DELIVERED complete the future.
     *
     * @return the initial offers (live, not rescinded), in arrival order
     * @throws IllegalStateException unless CONNECTED
     */
    @SpecAction(spec = SPEC, value = GuestActions.SEND_REQUEST_OFFERS)
    public CompletableFuture<List<OfferChannel>> requestOffers() {
        return step(() -> {
            requireState(ConnectionState.CONNECTED);
            state = ConnectionState.REQUESTING;
            offersFuture = new CompletableFuture<>();
            trace(GuestActions.SEND_REQUEST_OFFERS);
            send(new RequestOffers());
            return offersFuture;
        });
    }

    /**
     * Sends UNLOAD (vmbus-core.md §4.1 step 6). Every outstanding request fails with {@link
     * ConnectionUnloadedException}; until UNLOAD_RESPONSE every other message is dropped.
     *
     * @return completes on UNLOAD_RESPONSE, when every channel and GPADL is gone
     * @throws IllegalStateException unless READY (VmbusChannel {@code GuestSendUnload}) at 1.1 or newer
     *     (UNLOAD_RESPONSE exists from 1.1, vmbus-core.md §2.1)
     */
    @SpecAction(spec = SPEC, value = GuestActions.SEND_UNLOAD)
    public CompletableFuture<Void> unload() {
        return step(() -> {
            requireState(ConnectionState.READY);
            if (!negotiated.isAtLeast(ProtocolVersion.WIN7)) {
                throw new IllegalStateException("unload at " + negotiated + ": no UNLOAD_RESPONSE (expected: >= 1.1)");
            }
            ConnectionUnloadedException unloaded = new ConnectionUnloadedException("request outstanding at unload");
            for (GuestGpadl g : gpadls.values()) {
                fail(g.created, unloaded);
                if (g.tornDown != null) {
                    fail(g.tornDown, unloaded);
                }
            }
            for (GuestChannel c : registry.channels()) {
                if (c.state == ChannelState.OPENING) {
                    fail(c.open.future(), unloaded);
                }
                if (c.modify != null) {
                    fail(c.modify, unloaded);
                }
            }
            state = ConnectionState.UNLOADING;
            unloadFuture = new CompletableFuture<>();
            trace(GuestActions.SEND_UNLOAD);
            send(new Unload());
            return unloadFuture;
        });
    }

    /** Handles {@code UNLOAD_RESPONSE}: everything is released on the host (vmbus-core.md §4.3). */
    @SpecAction(spec = SPEC, value = GuestActions.RCV_UNLOAD_RESPONSE)
    private void handleUnloadResponse(UnloadResponse m) {
        if (state != ConnectionState.UNLOADING) {
            trace(GuestActions.RCV_UNLOAD_RESPONSE, "err", GuestError.UNEXPECTED_RESPONSE.specTag());
            throw drop(GuestError.UNEXPECTED_RESPONSE, "unload response in state " + state + " (expected: UNLOADING)");
        }
        state = ConnectionState.UNLOADED;
        registry.clear();
        gpadls.clear();
        negotiated = null;
        features = 0;
        messageConnectionId = MESSAGE_CONNECTION_ID;
        offersFuture = null;
        trace(GuestActions.RCV_UNLOAD_RESPONSE);
        complete(unloadFuture, null);
    }

    // =========================================================================================== receive

    /**
     * Consumes one channel message from the host (the payload of a SynIC message of type 1).
     *
     * @param payload bytes holding the message from offset 0 (copied out before use by the adapter)
     * @param length  the SynIC payload size
     * @throws org.hvref.channel.protocol.MalformedChannelMessageException if the bytes are no acceptable message
     * @throws GuestProtocolException if the message is not acceptable now; it was dropped
     */
    @SpecAction(spec = SPEC, value = GuestActions.DROP_MESSAGE)
    public void receive(byte[] payload, int length) {
        Objects.requireNonNull(payload, "payload");
        step(() -> {
            ChannelMessage m = decode(payload, length);
            if (state == ConnectionState.UNLOADING && !(m instanceof UnloadResponse)) {
                trace(GuestActions.DROP_MESSAGE);
                return null;
            }
            dispatch(m);
            return null;
        });
    }

    private ChannelMessage decode(byte[] payload, int length) {
        return switch (state) {
            case IDLE, FAILED, UNLOADED -> ChannelMessageCodec.decodeBeforeContact(payload, length);
            case CONTACTING -> ChannelMessageCodec.decode(payload, length, config.versions().get(versionIndex));
            case CONNECTED, REQUESTING, READY, UNLOADING -> ChannelMessageCodec.decode(payload, length, negotiated);
        };
    }

    private void dispatch(ChannelMessage m) {
        if (m instanceof VersionResponse r) {
            handleVersionResponse(r);
        } else if (m instanceof OfferChannel o) {
            handleOffer(o);
        } else if (m instanceof AllOffersDelivered a) {
            handleAllOffersDelivered(a);
        } else if (m instanceof RescindChannelOffer r) {
            handleRescind(r);
        } else if (m instanceof GpadlCreated g) {
            handleGpadlCreated(g);
        } else if (m instanceof GpadlTorndown g) {
            handleGpadlTorndown(g);
        } else if (m instanceof OpenChannelResult r) {
            handleOpenResult(r);
        } else if (m instanceof ModifyChannelResponse r) {
            handleModifyChannelResponse(r);
        } else if (m instanceof UnloadResponse u) {
            handleUnloadResponse(u);
        } else {
            throw drop(GuestError.UNEXPECTED_MESSAGE, "host message type: " + m.type()
                    + " (expected: a host-to-guest type the guest handles)");
        }
    }

    // =========================================================================================== offers

    /** Handles {@code OFFERCHANNEL}: validates and registers the channel (vmbus-core.md §4.2 rules 9–10, §8). */
    @SpecAction(spec = SPEC, value = GuestActions.RCV_OFFER)
    private void handleOffer(OfferChannel m) {
        int r = m.childRelid();
        GuestError bad = null;
        String why = null;
        OfferRegistry.Key key = OfferRegistry.Key.of(m);
        if (state != ConnectionState.REQUESTING && state != ConnectionState.READY) {
            bad = GuestError.BAD_CHANNEL_STATE;
            why = "offer relid=" + rel(r) + " in state " + state + " (expected: REQUESTING or READY)";
        } else if (Integer.compareUnsigned(r, config.maxRelid()) > 0) {
            bad = GuestError.UNKNOWN_RELID;
            why = "offer relid: " + rel(r) + " (expected: 1.." + config.maxRelid() + ")";
        } else if (registry.get(r) != null) {
            bad = GuestError.DUPLICATE_RELID;
            why = "offer relid: " + r + " (expected: not live; released by RELID_RELEASED first)";
        } else if (isNil(m.interfaceType()) || isNil(m.interfaceInstance())) {
            bad = GuestError.BAD_CHANNEL_STATE;
            why = "offer relid=" + r + " guids: " + m.interfaceType() + "/" + m.interfaceInstance()
                    + " (expected: non-nil)";
        } else if (registry.get(key) != null) {
            bad = GuestError.DUPLICATE_RELID;
            why = "offer relid=" + r + " key: " + m.interfaceType() + "/" + m.interfaceInstance() + "/"
                    + m.subChannelIndex() + " (expected: not live, held by relid " + registry.get(key).relid() + ")";
        } else if (m.subChannelIndex() != 0) {
            GuestChannel primary = registry.get(new OfferRegistry.Key(m.interfaceType(), m.interfaceInstance(), 0));
            if (primary == null || primary.rescinded) {
                bad = GuestError.BAD_CHANNEL_STATE;
                why = "sub-channel offer relid=" + r + " index=" + m.subChannelIndex()
                        + ": no live primary (expected: the primary offered first)";
            }
        }
        if (bad != null) {
            trace(GuestActions.RCV_OFFER, "r", r, "err", bad.specTag());
            throw drop(bad, why);
        }
        registry.add(new GuestChannel(m));
        trace(GuestActions.RCV_OFFER, "r", r);
        if (state == ConnectionState.READY) {
            deferred.add(() -> listeners.forEach(l -> l.offerAdded(m)));
        }
    }

    /** Handles {@code ALLOFFERS_DELIVERED}: completes the offers future. */
    @SpecAction(spec = SPEC, value = GuestActions.RCV_ALL_OFFERS_DELIVERED)
    private void handleAllOffersDelivered(AllOffersDelivered m) {
        if (state != ConnectionState.REQUESTING) {
            trace(GuestActions.RCV_ALL_OFFERS_DELIVERED, "err", GuestError.UNEXPECTED_RESPONSE.specTag());
            throw drop(GuestError.UNEXPECTED_RESPONSE, "all offers delivered in state " + state
                    + " (expected: REQUESTING)");
        }
        state = ConnectionState.READY;
        trace(GuestActions.RCV_ALL_OFFERS_DELIVERED);
        complete(offersFuture, registry.liveOffers());
        offersFuture = null;
        for (GuestChannel c : List.copyOf(registry.channels())) {
            tryRelease(c);
        }
    }

    /**
     * Handles {@code RESCIND_CHANNELOFFER} (vmbus-core.md §4.2 rules 3–5, §4.4): marks the channel rescinded, fails a
     * pending open at once, and releases the relid if nothing is outstanding.
     */
    @SpecAction(spec = SPEC, value = GuestActions.RCV_RESCIND)
    private void handleRescind(RescindChannelOffer m) {
        int r = m.childRelid();
        GuestChannel c = registry.get(r);
        GuestError bad = null;
        String why = null;
        if (state != ConnectionState.REQUESTING && state != ConnectionState.READY) {
            bad = GuestError.BAD_CHANNEL_STATE;
            why = "rescind relid=" + rel(r) + " in state " + state + " (expected: REQUESTING or READY)";
        } else if (c == null) {
            bad = GuestError.UNKNOWN_RELID;
            why = "rescind relid: " + rel(r) + " (expected: a live channel)";
        } else if (c.rescinded) {
            bad = GuestError.BAD_CHANNEL_STATE;
            why = "rescind relid=" + r + ": already rescinded (expected: one rescind per offer)";
        }
        if (bad != null) {
            trace(GuestActions.RCV_RESCIND, "r", r, "err", bad.specTag());
            throw drop(bad, why);
        }
        c.rescinded = true;
        if (c.state == ChannelState.OPENING) {
            c.state = ChannelState.OFFERED;
            c.ringHandle = 0;
            fail(c.open.future(), new ChannelRescindedException(r, "open relid=" + r
                    + ": channel rescinded (expected: OPENCHANNEL_RESULT; the host never answers it now)"));
            c.open = null;
        }
        trace(GuestActions.RCV_RESCIND, "r", r);
        deferred.add(() -> listeners.forEach(l -> l.offerRescinded(r)));
        tryRelease(c);
    }

    /**
     * Sends RELID_RELEASED when the channel is rescinded, closed, and has no GPADL or modify request outstanding
     * (VmbusChannel {@code GuestSendRelidReleased}; OpenVMM #1100 {@code try_release}); forgets its GPADLs.
     */
    @SpecAction(spec = SPEC, value = GuestActions.SEND_RELID_RELEASED)
    private void tryRelease(GuestChannel c) {
        if (c == null || state != ConnectionState.READY || !c.rescinded || c.state != ChannelState.OFFERED
                || c.modify != null || registry.get(c.relid()) != c) {
            return;
        }
        for (GuestGpadl g : gpadls.values()) {
            if (g.relid == c.relid() && g.outstanding()) {
                return;
            }
        }
        gpadls.values().removeIf(g -> g.relid == c.relid());
        registry.remove(c);
        trace(GuestActions.SEND_RELID_RELEASED, "r", c.relid());
        send(new RelidReleased(c.relid()));
    }

    // =========================================================================================== GPADL

    /**
     * Creates a GPADL of whole pages: one range, byte offset 0 (vmbus-core.md §5).
     *
     * @param relid the channel
     * @param pfns  guest page numbers, at least one
     * @return completes with the handle on GPADL_CREATED(success); fails with {@link RequestFailedException} on a
     *     failure status (the handle is freed) or {@link ChannelRescindedException} if the channel was rescinded
     *     meanwhile
     */
    @SpecAction(spec = SPEC, value = GuestActions.SEND_GPADL_HEADER)
    @SpecAction(spec = SPEC, value = GuestActions.SEND_GPADL_BODY)
    public CompletableFuture<Integer> createGpadl(int relid, long[] pfns) {
        return createGpadl(relid, List.of(GpadlFragments.pages(pfns)));
    }

    /**
     * Creates a GPADL from GPA ranges: picks a free handle, posts GPADL_HEADER and every GPADL_BODY back to back
     * (vmbus-core.md §5).
     *
     * @param relid  the channel (offered or open, not rescinded)
     * @param ranges the ranges
     * @return as {@link #createGpadl(int, long[])}
     * @throws IllegalStateException unless READY and the channel is OFFERED or OPEN
     */
    @SpecAction(spec = SPEC, value = GuestActions.SEND_GPADL_HEADER)
    @SpecAction(spec = SPEC, value = GuestActions.SEND_GPADL_BODY)
    public CompletableFuture<Integer> createGpadl(int relid, List<GpaRange> ranges) {
        Objects.requireNonNull(ranges, "ranges");
        return step(() -> {
            GuestChannel c = channelFor("create gpadl", relid);
            if (c.rescinded) {
                return CompletableFuture.failedFuture(new ChannelRescindedException(relid,
                        "create gpadl relid=" + relid + ": channel rescinded (expected: a live channel)"));
            }
            if (c.state == ChannelState.OPENING) {
                throw new IllegalStateException("create gpadl relid=" + relid + ": channel OPENING (expected: OFFERED or OPEN)");
            }
            int handle = freeHandle();
            GpadlFragments fragments = GpadlFragments.of(relid, handle, ranges);
            GuestGpadl g = new GuestGpadl(handle, relid, ranges);
            gpadls.put(handle, g);
            trace(GuestActions.SEND_GPADL_HEADER, "r", relid, "h", handle, "n", fragments.bodies().size());
            send(fragments.header());
            for (GpadlBody body : fragments.bodies()) {
                trace(GuestActions.SEND_GPADL_BODY, "h", handle);
                send(body);
            }
            return g.created;
        });
    }

    /** Next handle of the monotonic counter that is neither 0 nor live (vmbus-core.md §5; NoGpadlHandleReuseInv). */
    private int freeHandle() {
        while (nextHandle == 0 || gpadls.containsKey(nextHandle)) {
            nextHandle++;
        }
        return nextHandle++;
    }

    /** Handles {@code GPADL_CREATED}, matched by (relid, handle); a failure frees the handle (hazards.md row 9). */
    @SpecAction(spec = SPEC, value = GuestActions.RCV_GPADL_CREATED)
    private void handleGpadlCreated(GpadlCreated m) {
        int r = m.childRelid();
        int h = m.gpadl();
        boolean ok = m.creationStatus() == 0;
        GuestGpadl g = gpadls.get(h);
        if (g == null || g.state != GpadlState.CREATING || g.relid != r) {
            trace(GuestActions.RCV_GPADL_CREATED, "r", r, "h", h, "ok", ok, "err",
                    GuestError.UNEXPECTED_RESPONSE.specTag());
            throw drop(GuestError.UNEXPECTED_RESPONSE, "gpadl created relid=" + rel(r) + " handle=" + hex(h) + ": "
                    + (g == null ? "unknown handle" : "state " + g.state + " relid " + g.relid)
                    + " (expected: a GPADL being created for that relid)");
        }
        GuestChannel c = registry.get(r);
        trace(GuestActions.RCV_GPADL_CREATED, "r", r, "h", h, "ok", ok);
        if (ok) {
            g.state = GpadlState.CREATED;
            if (c.rescinded) {
                fail(g.created, new ChannelRescindedException(r, "create gpadl " + hex(h) + " relid=" + r
                        + ": channel rescinded (expected: a live channel)"));
            } else {
                complete(g.created, h);
            }
        } else {
            gpadls.remove(h);
            fail(g.created, new RequestFailedException(m.creationStatus(), String.format(
                    "gpadl %s relid=%d creation status: 0x%08x (expected: 0)", hex(h), r, m.creationStatus())));
        }
        tryRelease(c);
    }

    /**
     * Tears a GPADL down: GPADL_TEARDOWN, completes on GPADL_TORNDOWN. After a rescind no message is sent and the
     * future completes at once (vmbus-core.md §4.2 rule 4); the GPADL is forgotten with the relid.
     *
     * @param handle a created GPADL
     * @return completes when the host has released it
     * @throws IllegalStateException unless READY and the GPADL is CREATED and backs no opening or open ring
     */
    @SpecAction(spec = SPEC, value = GuestActions.SEND_GPADL_TEARDOWN)
    public CompletableFuture<Void> teardownGpadl(int handle) {
        return step(() -> {
            requireState(ConnectionState.READY);
            GuestGpadl g = gpadls.get(handle);
            if (g == null || g.state != GpadlState.CREATED) {
                throw new IllegalStateException("teardown gpadl " + hex(handle) + ": "
                        + (g == null ? "unknown" : "state " + g.state) + " (expected: CREATED)");
            }
            GuestChannel c = registry.get(g.relid);
            if (c.rescinded) {
                return CompletableFuture.completedFuture(null);
            }
            if (c.state != ChannelState.OFFERED && c.ringHandle == handle) {
                throw new IllegalStateException("teardown gpadl " + hex(handle) + ": backs the ring of relid "
                        + c.relid() + " in state " + c.state + " (expected: close the channel first)");
            }
            g.state = GpadlState.TEARING;
            g.tornDown = new CompletableFuture<>();
            trace(GuestActions.SEND_GPADL_TEARDOWN, "h", handle);
            send(new GpadlTeardown(g.relid, handle));
            return g.tornDown;
        });
    }

    /** Handles {@code GPADL_TORNDOWN}, matched by handle only. */
    @SpecAction(spec = SPEC, value = GuestActions.RCV_GPADL_TORNDOWN)
    private void handleGpadlTorndown(GpadlTorndown m) {
        int h = m.gpadl();
        GuestGpadl g = gpadls.get(h);
        if (g == null || g.state != GpadlState.TEARING) {
            trace(GuestActions.RCV_GPADL_TORNDOWN, "h", h, "err", GuestError.UNEXPECTED_RESPONSE.specTag());
            throw drop(GuestError.UNEXPECTED_RESPONSE, "gpadl torndown handle=" + hex(h) + ": "
                    + (g == null ? "unknown handle" : "state " + g.state) + " (expected: a GPADL being torn down)");
        }
        gpadls.remove(h);
        trace(GuestActions.RCV_GPADL_TORNDOWN, "h", h);
        complete(g.tornDown, null);
        tryRelease(registry.get(g.relid));
    }

    // =========================================================================================== open / close

    /**
     * Creates the ring GPADL over {@code ringGpns} and opens the channel with it. If the open fails the GPADL is
     * torn down again.
     *
     * @param relid                the channel
     * @param ringGpns             ring pages: outgoing ring (control page + data pages), then incoming ring
     * @param downstreamPageOffset page index of the incoming ring's control page (vmbus-core.md §5), each ring at
     *                             least two pages
     * @param targetVp             VP for host-to-guest interrupts
     * @param userData             at most 120 bytes for the device (zero-padded)
     * @return completes on OPENCHANNEL_RESULT(success); fails with {@link RequestFailedException},
     *     {@link ChannelRescindedException} or {@link ConnectionUnloadedException}
     */
    @SpecAction(spec = SPEC, value = GuestActions.SEND_GPADL_HEADER)
    @SpecAction(spec = SPEC, value = GuestActions.SEND_GPADL_BODY)
    @SpecAction(spec = SPEC, value = GuestActions.SEND_OPEN_CHANNEL)
    public CompletableFuture<OpenedChannel> open(int relid, long[] ringGpns, int downstreamPageOffset, int targetVp,
            byte[] userData) {
        Objects.requireNonNull(ringGpns, "ringGpns");
        checkOpenArguments(ringGpns.length, downstreamPageOffset, userData);
        CompletableFuture<OpenedChannel> result = new CompletableFuture<>();
        createGpadl(relid, ringGpns).whenComplete((handle, e) -> {
            if (e != null) {
                result.completeExceptionally(unwrap(e));
                return;
            }
            openWith(relid, handle, downstreamPageOffset, targetVp, userData, true).whenComplete((ch, e2) -> {
                if (e2 != null) {
                    result.completeExceptionally(unwrap(e2));
                } else {
                    result.complete(ch);
                }
            });
        });
        return result;
    }

    /**
     * Opens the channel with an existing created ring GPADL (one page-aligned range).
     *
     * @param relid                the channel, OFFERED and not rescinded
     * @param ringGpadl            a created GPADL of this channel
     * @param downstreamPageOffset page index of the incoming ring
     * @param targetVp             VP for host-to-guest interrupts
     * @param userData             at most 120 bytes for the device
     * @return as {@link #open(int, long[], int, int, byte[])}
     */
    @SpecAction(spec = SPEC, value = GuestActions.SEND_OPEN_CHANNEL)
    public CompletableFuture<OpenedChannel> open(int relid, int ringGpadl, int downstreamPageOffset, int targetVp,
            byte[] userData) {
        return openWith(relid, ringGpadl, downstreamPageOffset, targetVp, userData, false);
    }

    private CompletableFuture<OpenedChannel> openWith(int relid, int handle, int downstreamPageOffset, int targetVp,
            byte[] userData, boolean ownsGpadl) {
        return step(() -> {
            GuestChannel c = channelFor("open", relid);
            if (c.rescinded) {
                return CompletableFuture.failedFuture(new ChannelRescindedException(relid,
                        "open relid=" + relid + ": channel rescinded (expected: a live channel)"));
            }
            if (c.state != ChannelState.OFFERED) {
                throw new IllegalStateException("open relid=" + relid + ": state " + c.state + " (expected: OFFERED)");
            }
            GuestGpadl g = gpadls.get(handle);
            if (g == null || g.state != GpadlState.CREATED || g.relid != relid) {
                throw new IllegalStateException("open relid=" + relid + " ring gpadl " + hex(handle) + ": "
                        + (g == null ? "unknown" : "state " + g.state + " relid " + g.relid)
                        + " (expected: CREATED for this relid)");
            }
            long[] pages = ringPages(g);
            checkOpenArguments(pages.length, downstreamPageOffset, userData);
            RingLayout outgoing = RingLayout.ofPages(memory, Arrays.copyOfRange(pages, 0, downstreamPageOffset));
            RingLayout incoming = RingLayout.ofPages(memory,
                    Arrays.copyOfRange(pages, downstreamPageOffset, pages.length));
            outgoing.initialize(true);
            incoming.initialize(true);
            OpenChannel.Extension extension = null;
            if (negotiated.isAtLeast(ProtocolVersion.COPPER)
                    && (features & FeatureFlags.GUEST_SPECIFIED_SIGNAL_PARAMETERS) != 0) {
                // the values the host uses by default: the offer's connection id, event flag = relid (§1.6)
                extension = new OpenChannel.Extension(c.offer.connectionId(), relid, 0);
            }
            byte[] data = Arrays.copyOf(userData == null ? new byte[0] : userData, OpenChannelDescriptor.USER_DATA_LENGTH);
            OpenChannel open = new OpenChannel(relid, relid, handle, targetVp, downstreamPageOffset,
                    OpaqueBytes.of(data), extension);
            CompletableFuture<OpenedChannel> future = new CompletableFuture<>();
            c.state = ChannelState.OPENING;
            c.ringHandle = handle;
            c.open = new GuestChannel.PendingOpen(future,
                    new OpenedChannel(c.offer, handle, downstreamPageOffset, targetVp, outgoing, incoming), ownsGpadl);
            trace(GuestActions.SEND_OPEN_CHANNEL, "r", relid, "h", handle);
            send(open);
            return future;
        });
    }

    private static long[] ringPages(GuestGpadl g) {
        if (g.ranges.size() != 1 || g.ranges.get(0).byteOffset() != 0
                || g.ranges.get(0).byteCount() != (long) g.ranges.get(0).pfns().length * GpaRange.PAGE_SIZE) {
            throw new IllegalArgumentException("ring gpadl " + hex(g.handle) + ": " + g.ranges.size()
                    + " ranges (expected: one page-aligned range, vmbus-core.md §5)");
        }
        return g.ranges.get(0).pfns();
    }

    private static void checkOpenArguments(int pages, int downstreamPageOffset, byte[] userData) {
        if (downstreamPageOffset < 2 || downstreamPageOffset > pages - 2) {
            throw new IllegalArgumentException("downstream page offset: " + downstreamPageOffset + " of " + pages
                    + " ring pages (expected: 2.." + (pages - 2) + ", each ring a control page and data pages)");
        }
        if (userData != null && userData.length > OpenChannelDescriptor.USER_DATA_LENGTH) {
            throw new IllegalArgumentException("open user data: " + userData.length + " bytes (expected: <= "
                    + OpenChannelDescriptor.USER_DATA_LENGTH + ")");
        }
    }

    /** Handles {@code OPENCHANNEL_RESULT}, matched by (relid, open id). */
    @SpecAction(spec = SPEC, value = GuestActions.RCV_OPEN_RESULT)
    @SpecAction(spec = SPEC, value = GuestActions.SEND_GPADL_TEARDOWN)
    private void handleOpenResult(OpenChannelResult m) {
        int r = m.childRelid();
        boolean ok = m.status() == 0;
        GuestChannel c = registry.get(r);
        GuestError bad = null;
        String why = null;
        if (c == null) {
            bad = GuestError.UNKNOWN_RELID;
            why = "open result relid: " + rel(r) + " (expected: a live channel)";
        } else if (c.state != ChannelState.OPENING) {
            bad = GuestError.UNEXPECTED_RESPONSE;
            why = "open result relid=" + r + ": state " + c.state + (c.rescinded ? " rescinded" : "")
                    + " (expected: OPENING)";
        } else if (m.openId() != r) {
            bad = GuestError.UNEXPECTED_RESPONSE;
            why = "open result relid=" + r + " open id: " + Integer.toUnsignedString(m.openId())
                    + " (expected: " + r + ")";
        }
        if (bad != null) {
            trace(GuestActions.RCV_OPEN_RESULT, "r", r, "ok", ok, "err", bad.specTag());
            throw drop(bad, why);
        }
        GuestChannel.PendingOpen open = c.open;
        trace(GuestActions.RCV_OPEN_RESULT, "r", r, "ok", ok);
        if (ok) {
            c.state = ChannelState.OPEN;
            complete(open.future(), open.channel());
            return;
        }
        c.state = ChannelState.OFFERED;
        c.ringHandle = 0;
        c.open = null;
        fail(open.future(), new RequestFailedException(m.status(), String.format(
                "open relid=%d status: 0x%08x (expected: 0)", r, m.status())));
        if (open.ownsGpadl()) {
            GuestGpadl g = gpadls.get(open.channel().ringGpadl());
            g.state = GpadlState.TEARING;
            g.tornDown = new CompletableFuture<>();
            trace(GuestActions.SEND_GPADL_TEARDOWN, "h", g.handle);
            send(new GpadlTeardown(r, g.handle));
        }
    }

    /**
     * Closes an open channel: CLOSECHANNEL (no reply, vmbus-core.md §2.2), or, after a rescind, locally without a
     * message (then RELID_RELEASED follows once nothing is outstanding). The ring GPADL stays; tear it down after.
     *
     * @param relid an OPEN channel
     * @throws IllegalStateException unless READY and the channel is OPEN
     */
    @SpecAction(spec = SPEC, value = GuestActions.SEND_CLOSE_CHANNEL)
    @SpecAction(spec = SPEC, value = GuestActions.CLOSE_RESCINDED_CHANNEL)
    @SpecAction(spec = SPEC, value = GuestActions.SEND_RELID_RELEASED)
    public void close(int relid) {
        step(() -> {
            GuestChannel c = channelFor("close", relid);
            if (c.state != ChannelState.OPEN) {
                throw new IllegalStateException("close relid=" + relid + ": state " + c.state + " (expected: OPEN)");
            }
            c.state = ChannelState.OFFERED;
            c.ringHandle = 0;
            c.open = null;
            if (c.rescinded) {
                trace(GuestActions.CLOSE_RESCINDED_CHANNEL, "r", relid);
                tryRelease(c);
            } else {
                trace(GuestActions.SEND_CLOSE_CHANNEL, "r", relid);
                send(new CloseChannel(relid));
            }
            return null;
        });
    }

    /**
     * Moves an open channel's interrupts to another VP: MODIFYCHANNEL (4.1+); from 5.3 the future completes on
     * MODIFYCHANNEL_RESPONSE, before that at once (no ack, hazards.md L-OFR-4).
     *
     * @param relid    an OPEN channel, not rescinded, with no modify outstanding
     * @param targetVp the new VP
     * @return completes when the host acknowledged (5.3+) or at once
     * @throws IllegalStateException below 4.1, unless READY, or if the channel is not OPEN or a modify is outstanding
     */
    @SpecAction(spec = SPEC, value = GuestActions.SEND_MODIFY_CHANNEL)
    public CompletableFuture<Void> modify(int relid, int targetVp) {
        return step(() -> {
            GuestChannel c = channelFor("modify", relid);
            if (!negotiated.isAtLeast(ProtocolVersion.WIN10_V4_1)) {
                throw new IllegalStateException("modify at " + negotiated + " (expected: >= 4.1)");
            }
            if (c.rescinded) {
                return CompletableFuture.failedFuture(new ChannelRescindedException(relid,
                        "modify relid=" + relid + ": channel rescinded (expected: a live channel)"));
            }
            if (c.state != ChannelState.OPEN || c.modify != null) {
                throw new IllegalStateException("modify relid=" + relid + ": state " + c.state
                        + (c.modify != null ? ", a modify outstanding" : "") + " (expected: OPEN, none outstanding)");
            }
            trace(GuestActions.SEND_MODIFY_CHANNEL, "r", relid);
            send(new ModifyChannel(relid, targetVp));
            if (!negotiated.isAtLeast(ProtocolVersion.WIN10_V5_3)) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            c.modify = new CompletableFuture<>();
            return c.modify;
        });
    }

    /** Handles {@code MODIFYCHANNEL_RESPONSE} (5.3+), matched by relid; answered even after a rescind (§4.4). */
    @SpecAction(spec = SPEC, value = GuestActions.RCV_MODIFY_CHANNEL_RESPONSE)
    private void handleModifyChannelResponse(ModifyChannelResponse m) {
        int r = m.childRelid();
        boolean ok = m.status() == 0;
        GuestChannel c = registry.get(r);
        if (c == null || c.modify == null) {
            GuestError bad = c == null ? GuestError.UNKNOWN_RELID : GuestError.UNEXPECTED_RESPONSE;
            trace(GuestActions.RCV_MODIFY_CHANNEL_RESPONSE, "r", r, "ok", ok, "err", bad.specTag());
            throw drop(bad, "modify channel response relid=" + rel(r) + ": "
                    + (c == null ? "unknown relid" : "no modify outstanding") + " (expected: a modify outstanding)");
        }
        CompletableFuture<Void> f = c.modify;
        c.modify = null;
        trace(GuestActions.RCV_MODIFY_CHANNEL_RESPONSE, "r", r, "ok", ok);
        if (ok) {
            complete(f, null);
        } else {
            fail(f, new RequestFailedException(m.status(), String.format(
                    "modify relid=%d status: 0x%08x (expected: 0)", r, m.status())));
        }
        tryRelease(c);
    }

    // =========================================================================================== queries

    /** @return the connection state */
    public synchronized ConnectionState state() {
        return state;
    }

    /** @return the negotiated version, empty unless connected */
    public synchronized Optional<ProtocolVersion> negotiatedVersion() {
        return Optional.ofNullable(negotiated);
    }

    /** @return the connection id for messages after INITIATE_CONTACT (vmbus-core.md §1.5) */
    public synchronized int messageConnectionId() {
        return messageConnectionId;
    }

    /** @return the Copper features both sides support (0 below 6.0) */
    public synchronized int features() {
        return features;
    }

    /** @return the offers of live channels that are not rescinded, in offer order */
    public synchronized List<OfferChannel> offers() {
        return registry.liveOffers();
    }

    /**
     * @param relid a relid
     * @return the live channel's offer (also if rescinded, until released)
     */
    public synchronized Optional<OfferChannel> offer(int relid) {
        GuestChannel c = registry.get(relid);
        return c == null ? Optional.empty() : Optional.of(c.offer);
    }

    /**
     * @param interfaceType device class GUID (vmbus-core.md §9)
     * @return the live, not rescinded offers of that class, in offer order
     */
    public synchronized List<OfferChannel> findOffers(UUID interfaceType) {
        List<OfferChannel> found = new ArrayList<>();
        for (OfferChannel o : registry.liveOffers()) {
            if (o.interfaceType().equals(interfaceType)) {
                found.add(o);
            }
        }
        return found;
    }

    /**
     * @param interfaceType     device class GUID
     * @param interfaceInstance instance GUID
     * @param subChannelIndex   0 for the primary (vmbus-core.md §8)
     * @return the live, not rescinded offer with that key
     */
    public synchronized Optional<OfferChannel> findOffer(UUID interfaceType, UUID interfaceInstance,
            int subChannelIndex) {
        GuestChannel c = registry.get(new OfferRegistry.Key(interfaceType, interfaceInstance, subChannelIndex));
        return c == null || c.rescinded ? Optional.empty() : Optional.of(c.offer);
    }

    /**
     * @param relid a relid
     * @return the live channel's state, empty if unknown or released
     */
    public synchronized Optional<ChannelState> channelState(int relid) {
        GuestChannel c = registry.get(relid);
        return c == null ? Optional.empty() : Optional.of(c.state);
    }

    /**
     * @param relid a relid
     * @return whether the live channel was rescinded (false if unknown or released)
     */
    public synchronized boolean isRescinded(int relid) {
        GuestChannel c = registry.get(relid);
        return c != null && c.rescinded;
    }

    /**
     * @param handle a GPADL handle
     * @return its state, empty if not live
     */
    public synchronized Optional<GpadlState> gpadlState(int handle) {
        GuestGpadl g = gpadls.get(handle);
        return g == null ? Optional.empty() : Optional.of(g.state);
    }

    /** @return the live GPADL handles (any state) */
    public synchronized List<Integer> liveGpadls() {
        return List.copyOf(gpadls.keySet());
    }

    /** @return messages the sink refused other than INITIATE_CONTACT (for the adapter's diagnostics) */
    public long undeliveredMessages() {
        return undelivered.get();
    }

    @Override
    public synchronized String toString() {
        return "VmbusClient[" + state + (negotiated != null ? ", " + negotiated : "") + ", channels="
                + registry.channels().size() + ", gpadls=" + gpadls.size() + "]";
    }

    // =========================================================================================== plumbing

    /**
     * Runs one step under the client's lock, then posts what it queued and runs the completions it deferred, with
     * no lock held.
     */
    private <T> T step(Supplier<T> body) {
        T result = null;
        RuntimeException failure = null;
        List<Runnable> done;
        synchronized (this) {
            try {
                result = body.get();
            } catch (RuntimeException e) {
                failure = e;
            }
            done = deferred;
            deferred = new ArrayList<>();
        }
        drain();
        for (Runnable r : done) {
            r.run();
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    /**
     * Posts queued messages in order. One thread drains at a time; a thread that finds another draining leaves its
     * messages to it, so no thread waits for another while holding a lock (no deadlock through a synchronous sink).
     */
    private void drain() {
        while (!outbox.isEmpty()) {
            if (!drainLock.tryLock()) {
                return;
            }
            try {
                Outgoing m;
                while ((m = outbox.poll()) != null) {
                    boolean posted = sink.post(m.connectionId(), m.bytes());
                    if (!posted && m.contactVersion() != null) {
                        ProtocolVersion v = m.contactVersion();
                        step(() -> {
                            contactUndeliverable(v);
                            return null;
                        });
                    } else if (!posted) {
                        undelivered.incrementAndGet();
                    }
                }
            } finally {
                drainLock.unlock();
            }
        }
    }

    private void send(ChannelMessage m) {
        outbox.add(new Outgoing(messageConnectionId, ChannelMessageCodec.encode(m, negotiated), null));
    }

    private void trace(String action, Object... fields) {
        if (!tracer.enabled()) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        synchronized (tracer.lock()) {
            tracer.record(action, m);
        }
    }

    private <T> void complete(CompletableFuture<T> f, T value) {
        deferred.add(() -> f.complete(value));
    }

    private void fail(CompletableFuture<?> f, Throwable e) {
        deferred.add(() -> f.completeExceptionally(e));
    }

    private void requireState(ConnectionState expected) {
        if (state != expected) {
            throw new IllegalStateException("client state: " + state + " (expected: " + expected + ")");
        }
    }

    private GuestChannel channelFor(String what, int relid) {
        requireState(ConnectionState.READY);
        GuestChannel c = registry.get(relid);
        if (c == null) {
            throw new IllegalStateException(what + " relid: " + relid + " (expected: a live channel)");
        }
        return c;
    }

    private static GuestProtocolException drop(GuestError reason, String message) {
        return new GuestProtocolException(reason, message);
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static boolean isNil(UUID id) {
        return id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0;
    }

    private static String rel(int relid) {
        return Integer.toUnsignedString(relid);
    }

    private static String hex(int handle) {
        return "0x" + Integer.toHexString(handle);
    }
}
