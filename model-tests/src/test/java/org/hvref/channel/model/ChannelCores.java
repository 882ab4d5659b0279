package org.hvref.channel.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.hvref.channel.guest.ChannelState;
import org.hvref.channel.guest.ClientConfig;
import org.hvref.channel.guest.GpadlState;
import org.hvref.channel.guest.VmbusClient;
import org.hvref.channel.host.Gpadl;
import org.hvref.channel.host.GuestSignalFactory;
import org.hvref.channel.host.HostChannelConfig;
import org.hvref.channel.host.HostChannelRings;
import org.hvref.channel.host.HostChannelState;
import org.hvref.channel.host.HostConfig;
import org.hvref.channel.host.HostDevice;
import org.hvref.channel.host.OpenRequest;
import org.hvref.channel.host.VmbusServer;
import org.hvref.channel.protocol.AllOffersDelivered;
import org.hvref.channel.protocol.ChannelMessage;
import org.hvref.channel.protocol.ChannelMessageCodec;
import org.hvref.channel.protocol.ChannelMessageType;
import org.hvref.channel.protocol.CloseChannel;
import org.hvref.channel.protocol.GpadlBody;
import org.hvref.channel.protocol.GpadlBodyDescriptor;
import org.hvref.channel.protocol.GpadlCreated;
import org.hvref.channel.protocol.GpadlHeader;
import org.hvref.channel.protocol.GpadlTeardown;
import org.hvref.channel.protocol.GpadlTorndown;
import org.hvref.channel.protocol.InitiateContact;
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
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;

/**
 * The unmodified sans-IO Java cores, {@link VmbusServer} and {@link VmbusClient}, wired back to back through two
 * FIFO queues of encoded messages (the spec's {@code g2h} and {@code h2g}) and driven one spec action at a time by
 * {@link #perform}: a Send action is the matching API call, a Rcv action delivers the head of its queue,
 * {@code HostSendOffer}/{@code HostSendRescind} are {@link VmbusServer#addChannel}/{@link VmbusServer#rescind}, and
 * {@code HostSendOpenResult} completes the device's pending open future. One {@link RecordingTracer} records the
 * events of both cores in one order.
 *
 * <p>Spec constants map to Java as follows. Relids are the ones the host assigns (the lowest free one, checked);
 * spec versions map through {@link #versionsFor}; spec handle {@code h} is whatever handle the Java guest picks for the
 * GPADL the spec creates as {@code h} (its handles are never reused, so each Java handle stands for one spec handle
 * for ever, {@link #specHandle}). The host's refusal of a well-formed GPADL (HostMayRefuseGpadl) has no Java trigger
 * but invalid range data: when the spec step refuses, the fragment that completes the GPADL is delivered truncated
 * to its 16-byte header, which the Java host answers with GPADL_CREATED(failure).
 *
 * <p>The futures the guest API returns are kept per request ({@code open 1}, {@code create 1}, ...) so that
 * {@link #abstraction()} can say which requests are still pending.
 */
public final class ChannelCores {

    /**
     * Spec version → Java version where MODIFYCHANNEL and its response start at spec version 1 (ModifyMinVersion =
     * ModifyResponseMinVersion = 1): 1 is 5.3, 2 is 6.0 (vmbus-core.md §3).
     */
    public static final Map<Integer, ProtocolVersion> VERSIONS = Map.of(1, ProtocolVersion.WIN10_V5_3,
        2, ProtocolVersion.COPPER);

    /**
     * Spec version → Java version where MODIFYCHANNEL starts at spec version 1 and its response at 2
     * (ModifyResponseMinVersion = 2): 1 is 4.1, 2 is 5.3 (vmbus-core.md §2.1, §3).
     */
    public static final Map<Integer, ProtocolVersion> VERSIONS_MODIFY_NOACK = Map.of(1, ProtocolVersion.WIN10_V4_1,
        2, ProtocolVersion.WIN10_V5_3);

    /** Failure status the harness device answers with (the host's STATUS_UNSUCCESSFUL). */
    static final int FAIL = VmbusServer.STATUS_UNSUCCESSFUL;

    private static final UUID DEVICE_TYPE = UUID.fromString("8f3bfa85-c0fe-4e23-9b1a-4f2c4c3c7a10");
    private static final int FIRST_GPADL_PFN = 8;
    private static final int PAGES_PER_HANDLE = 64;

    /**
     * An encoded message in a queue.
     *
     * @param connectionId the connection id the guest posted it on (0 for host messages)
     * @param bytes        the encoded message
     * @param contact      for a host message: the spec version of the contact the host was handling
     */
    record Wire(int connectionId, byte[] bytes, int contact) {
    }

    /** The host-side device behind one channel: opens are answered when the test says. */
    static final class Device implements HostDevice {
        CompletableFuture<Integer> pendingOpen;
        int modifyStatus;

        @Override
        public CompletableFuture<Integer> open(OpenRequest request, HostChannelRings rings) {
            pendingOpen = new CompletableFuture<>();
            return pendingOpen;
        }

        @Override
        public void close() {
            // nothing runs on the rings
        }

        @Override
        public CompletableFuture<Integer> modify(int targetVp) {
            return CompletableFuture.completedFuture(modifyStatus);
        }
    }

    private final ChannelSpecModel.Config config;
    private final RecordingTracer tracer = new RecordingTracer();
    private final GuestMemory memory;
    private final VmbusServer server;
    private final VmbusClient client;
    private final Deque<Wire> g2h = new ArrayDeque<>();
    private final Deque<Wire> h2g = new ArrayDeque<>();
    private final Map<Integer, Integer> specHandle = new HashMap<>();
    private final Map<Integer, Integer> relidOfHandle = new HashMap<>();
    private final Map<Integer, Device> devices = new HashMap<>();
    private final Set<Integer> registered = new HashSet<>();
    private final Map<String, CompletableFuture<?>> futures = new HashMap<>();
    private final Map<Integer, ProtocolVersion> versions;
    private final Set<Integer> hypervisorPorts;
    private int contactVersion;
    private int offersMade;

    /** Both cores, disconnected, with the channels of InitialOffers registered on the host. */
    public ChannelCores(ChannelSpecModel.Config config) {
        this.config = config;
        for (int r = 1; r <= config.relids(); r++) {
            if (config.primaryOf(r) != 0) {
                throw new IllegalArgumentException("PrimaryOf[" + r + "] = " + config.primaryOf(r)
                    + " (expected: 0, subchannels are not wired to the Java cores)");
            }
        }
        this.versions = versionsFor(config);
        this.hypervisorPorts = hypervisorPortsFor(config, versions);
        this.memory = GuestMemory.heap(FIRST_GPADL_PFN + PAGES_PER_HANDLE * config.handles());
        List<ProtocolVersion> guestVersions = new ArrayList<>();
        for (int v : config.guestVersions()) {
            guestVersions.add(versions.get(v));
        }
        Set<ProtocolVersion> hostVersions = new HashSet<>();
        for (int v : config.hostVersions()) {
            hostVersions.add(versions.get(v));
        }
        server = new VmbusServer(new HostConfig(hostVersions, HostConfig.DEFAULT_FEATURES,
            HostConfig.MESSAGE_CONNECTION_ID, 4), this::hostSends, memory, tracer, GuestSignalFactory.NONE);
        client = new VmbusClient(memory, ClientConfig.defaults(0x1000).withVersions(guestVersions), this::guestPosts,
            tracer);
        registerInitialOffers();
    }

    /**
     * The Java versions of the spec versions: {@link #VERSIONS} or {@link #VERSIONS_MODIFY_NOACK}, whichever puts
     * the Java guest's MODIFYCHANNEL (from 4.1) and MODIFYCHANNEL_RESPONSE (from 5.3) at the config's
     * ModifyMinVersion and ModifyResponseMinVersion.
     */
    static Map<Integer, ProtocolVersion> versionsFor(ChannelSpecModel.Config config) {
        for (Map<Integer, ProtocolVersion> m : List.of(VERSIONS, VERSIONS_MODIFY_NOACK)) {
            boolean fits = true;
            for (int v : m.keySet()) {
                fits &= m.get(v).isAtLeast(ProtocolVersion.WIN10_V4_1) == (v >= config.modifyMinVersion());
                fits &= m.get(v).isAtLeast(ProtocolVersion.WIN10_V5_3) == (v >= config.modifyResponseMinVersion());
            }
            if (fits) {
                return m;
            }
        }
        throw new IllegalArgumentException("ModifyMinVersion " + config.modifyMinVersion()
            + ", ModifyResponseMinVersion " + config.modifyResponseMinVersion()
            + " (expected: 1 and 1, or 1 and 2)");
    }

    /**
     * The connection ids the emulated hypervisor has a port for: 1 and 4 (vmbus-core.md §1.5), or only 1 on an old
     * host, whose UndeliverableVersions must then be exactly the versions the Java guest posts on id 4 (5.0+).
     */
    private static Set<Integer> hypervisorPortsFor(ChannelSpecModel.Config config,
                                                   Map<Integer, ProtocolVersion> versions) {
        if (config.undeliverable().isEmpty()) {
            return Set.of(HostConfig.MESSAGE_CONNECTION_ID, HostConfig.MULTICLIENT_CONNECTION_ID);
        }
        for (int v : config.guestVersions()) {
            boolean onPort4 = versions.get(v).isAtLeast(ProtocolVersion.WIN10_V5);
            if (onPort4 != config.undeliverable().contains(v)) {
                throw new IllegalArgumentException("UndeliverableVersions " + config.undeliverable() + ": version "
                    + v + " is " + versions.get(v) + " (expected: undeliverable exactly from 5.0, connection id 4)");
            }
        }
        return Set.of(HostConfig.MESSAGE_CONNECTION_ID);
    }

    /** @return the shared tracer */
    public RecordingTracer tracer() {
        return tracer;
    }

    /** @return the host core */
    public VmbusServer server() {
        return server;
    }

    /** @return the guest core */
    public VmbusClient client() {
        return client;
    }

    /** @return messages posted so far by either side (for "nothing was sent" checks) */
    int queued() {
        return g2h.size() + h2g.size();
    }

    /** @return the device of relid {@code r}, or null */
    Device device(int r) {
        return devices.get(r);
    }

    /** @return the Java handle the guest holds for spec handle {@code h}, or 0 */
    int guestHandle(int h) {
        for (int j : client.liveGpadls()) {
            if (specHandle.getOrDefault(j, -1) == h) {
                return j;
            }
        }
        return 0;
    }

    /** Pages of the GPADL for spec handle {@code h} with {@code bodies} GPADL_BODY fragments (header: 26 PFNs). */
    long[] pages(int h, int bodies) {
        int count = bodies == 0 ? 8 : 26 + 1 + GpadlBodyDescriptor.MAX_PFNS * (bodies - 1) + 3;
        long[] pfns = new long[count];
        for (int i = 0; i < count; i++) {
            pfns[i] = FIRST_GPADL_PFN + (long) PAGES_PER_HANDLE * (h - 1) + i;
        }
        return pfns;
    }

    // ------------------------------------------------------------------------------------------------ sinks

    /** The hypervisor's post: refused (HV_STATUS_INVALID_CONNECTION_ID) for a connection id without a port. */
    private boolean guestPosts(int connectionId, byte[] bytes) {
        if (!hypervisorPorts.contains(connectionId)) {
            return false;
        }
        g2h.addLast(new Wire(connectionId, bytes.clone(), 0));
        return true;
    }

    private void hostSends(byte[] bytes) {
        h2g.addLast(new Wire(0, bytes.clone(), contactVersion));
    }

    private static int typeOf(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    private int spec(int javaHandle) {
        Integer h = specHandle.get(javaHandle);
        if (h == null) {
            throw new AssertionError("gpadl handle 0x" + Integer.toHexString(javaHandle)
                + ": not created by the spec's steps (expected: a handle the guest chose for a spec handle)");
        }
        return h;
    }

    private int specVersion(int code) {
        for (Map.Entry<Integer, ProtocolVersion> e : versions.entrySet()) {
            if (e.getValue().code() == code) {
                return e.getKey();
            }
        }
        throw new AssertionError("version 0x" + Integer.toHexString(code) + " (expected: one of " + versions + ")");
    }

    private ChannelSpecModel.Msg abstractGuestMessage(byte[] bytes) {
        ChannelMessage m = typeOf(bytes) == ChannelMessageType.INITIATE_CONTACT.code()
            ? ChannelMessageCodec.decodeBeforeContact(bytes, bytes.length)
            : ChannelMessageCodec.decode(bytes, bytes.length, versions.get(1));
        if (m instanceof InitiateContact ic) {
            return new ChannelSpecModel.Msg("InitiateContact", 0, 0, specVersion(ic.versionRequested()), true, 0);
        } else if (m instanceof RequestOffers) {
            return ChannelSpecModel.Msg.of("RequestOffers");
        } else if (m instanceof GpadlHeader g) {
            int missing = g.rangeBufferLength() / 8 - g.values().size();
            int bodies = (missing + GpadlBodyDescriptor.MAX_PFNS - 1) / GpadlBodyDescriptor.MAX_PFNS;
            return new ChannelSpecModel.Msg("GpadlHeader", g.childRelid(), spec(g.gpadl()), 0, true, bodies);
        } else if (m instanceof GpadlBody g) {
            return ChannelSpecModel.Msg.rh("GpadlBody", 0, spec(g.gpadl()));
        } else if (m instanceof GpadlTeardown g) {
            return ChannelSpecModel.Msg.rh("GpadlTeardown", g.childRelid(), spec(g.gpadl()));
        } else if (m instanceof OpenChannel o) {
            return ChannelSpecModel.Msg.rh("OpenChannel", o.childRelid(), spec(o.ringGpadl()));
        } else if (m instanceof CloseChannel cc) {
            return ChannelSpecModel.Msg.r("CloseChannel", cc.childRelid());
        } else if (m instanceof ModifyChannel mc) {
            return ChannelSpecModel.Msg.r("ModifyChannel", mc.childRelid());
        } else if (m instanceof RelidReleased rr) {
            return ChannelSpecModel.Msg.r("RelidReleased", rr.childRelid());
        } else if (m instanceof Unload) {
            return ChannelSpecModel.Msg.of("Unload");
        }
        throw new AssertionError("guest message " + m + " (expected: a message VmbusChannel models)");
    }

    private ChannelSpecModel.Msg abstractHostMessage(byte[] bytes, int contact) {
        ChannelMessage m = typeOf(bytes) == ChannelMessageType.VERSION_RESPONSE.code()
            ? ChannelMessageCodec.decode(bytes, bytes.length, versions.get(contact))
            : ChannelMessageCodec.decode(bytes, bytes.length, versions.get(1));
        if (m instanceof VersionResponse vr) {
            // the spec's v names the contact answered: the one the host is handling
            return new ChannelSpecModel.Msg("VersionResponse", 0, 0, contact, vr.versionSupported(), 0);
        } else if (m instanceof OfferChannel o) {
            return ChannelSpecModel.Msg.r("Offer", o.childRelid());
        } else if (m instanceof AllOffersDelivered) {
            return ChannelSpecModel.Msg.of("AllOffersDelivered");
        } else if (m instanceof RescindChannelOffer r) {
            return ChannelSpecModel.Msg.r("Rescind", r.childRelid());
        } else if (m instanceof GpadlCreated g) {
            return new ChannelSpecModel.Msg("GpadlCreated", g.childRelid(), spec(g.gpadl()), 0,
                g.creationStatus() == 0, 0);
        } else if (m instanceof GpadlTorndown g) {
            // GPADL_TORNDOWN carries no relid; the spec's r is the channel the GPADL was created for
            return ChannelSpecModel.Msg.rh("GpadlTorndown", relidOfHandle.get(g.gpadl()), spec(g.gpadl()));
        } else if (m instanceof OpenChannelResult r) {
            return ChannelSpecModel.Msg.rok("OpenResult", r.childRelid(), r.status() == 0);
        } else if (m instanceof ModifyChannelResponse r) {
            return ChannelSpecModel.Msg.rok("ModifyChannelResponse", r.childRelid(), r.status() == 0);
        } else if (m instanceof UnloadResponse) {
            return ChannelSpecModel.Msg.of("UnloadResponse");
        }
        throw new AssertionError("host message " + m + " (expected: a message VmbusChannel models)");
    }

    // ------------------------------------------------------------------------------------------------ steps

    /**
     * Performs the Java side of spec step {@code a}.
     *
     * @param a the step, with the parameters recovered from TLC's graph or chosen by a walk
     * @return what the Java side recorded and whether its call failed
     */
    public Outcome perform(ChannelSpecModel.Action a) {
        int before = tracer.size();
        Object result = null;
        Throwable error = null;
        try {
            result = call(a);
        } catch (RuntimeException | AssertionError e) {
            error = e;
        }
        List<TraceEvent> events = new ArrayList<>(tracer.events().subList(before, tracer.size()));
        if (result instanceof CompletableFuture<?> f && f.isCompletedExceptionally() && error == null) {
            error = f.handle((v, e) -> e).join();
        }
        return new Outcome(events, error);
    }

    /**
     * Makes a call the spec forbids here (a refusal probe).
     *
     * @param call the API call
     * @return what it recorded and how it failed
     */
    public Outcome probe(Supplier<Object> call) {
        int before = tracer.size();
        Object result = null;
        Throwable error = null;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            error = e;
        }
        List<TraceEvent> events = new ArrayList<>(tracer.events().subList(before, tracer.size()));
        if (result instanceof CompletableFuture<?> f && f.isCompletedExceptionally() && error == null) {
            error = f.handle((v, e) -> e).join();
        }
        return new Outcome(events, error);
    }

    /**
     * What one {@link #perform} or probe did.
     *
     * @param events the events recorded during the call
     * @param error  the call's exception, or the failure of the future it returned, or null
     */
    public record Outcome(List<TraceEvent> events, Throwable error) {
    }

    private Object call(ChannelSpecModel.Action a) {
        int r = a.r();
        switch (a.name()) {
            case "GuestSendInitiateContact":
                return track("connect", client.connect());
            case "GuestSendRequestOffers":
                return track("offers", client.requestOffers());
            case "GuestSendUnload":
                return track("unload", client.unload());
            case "GuestSendGpadlHeader": {
                Set<Integer> live = new HashSet<>(client.liveGpadls());
                CompletableFuture<Integer> f = client.createGpadl(r, pages(a.h(), a.n()));
                mapNewHandle(live, a.h(), r);
                return track("create " + a.h(), f);
            }
            case "GuestSendGpadlTeardown":
                return track("teardown " + a.h(), client.teardownGpadl(guestHandle(a.h())));
            case "GuestSendOpenChannel":
                return track("open " + r, client.open(r, guestHandle(a.h()), 2, 0, null));
            case "GuestSendCloseChannel":
            case "GuestCloseRescindedChannel":
                client.close(r);
                return null;
            case "GuestSendModifyChannel":
                return track("modify " + r, client.modify(r, 1));
            case "GuestSendGpadlBody":
            case "GuestSendRelidReleased":
                throw new AssertionError(a.name() + ": the Java guest takes this step only inside another call "
                    + "(expected: an event recorded ahead)");
            case "HostSendOffer": {
                Device d = new Device();
                int relid = server.addChannel(nextOffer(), d);
                devices.put(relid, d);
                registered.add(relid);
                if (relid != r) {
                    throw new AssertionError("addChannel: relid " + relid + " (expected: " + r + ")");
                }
                return null;
            }
            case "HostSendRescind":
                server.rescind(r);
                return null;
            case "HostSendOpenResult": {
                Device d = devices.get(r);
                CompletableFuture<Integer> f = d == null ? null : d.pendingOpen;
                if (f == null || f.isDone()) {
                    throw new AssertionError("relid " + r + ": no open pending at the device (expected: one)");
                }
                d.pendingOpen = null;
                f.complete(a.ok() ? 0 : FAIL);
                return null;
            }
            default:
                break;
        }
        if (a.name().startsWith("Guest")) {
            Wire w = h2g.pollFirst();
            if (w == null) {
                throw new AssertionError(a.name() + ": h2g is empty (expected: a message)");
            }
            client.receive(w.bytes(), w.bytes().length);
            return null;
        }
        return deliverToHost(a);
    }

    private Object deliverToHost(ChannelSpecModel.Action a) {
        Wire w = g2h.peekFirst();
        if (w == null) {
            throw new AssertionError(a.name() + ": g2h is empty (expected: a message)");
        }
        g2h.pollFirst();
        int length = w.bytes().length;
        Set<Integer> revoked = new HashSet<>();
        for (int relid : registered) {
            if (server.channelState(relid).orElse(null) == HostChannelState.REVOKED) {
                revoked.add(relid);
            }
        }
        switch (a.name()) {
            case "HostRcvInitiateContact":
                contactVersion = abstractGuestMessage(w.bytes()).v();
                break;
            case "HostRcvRequestOffers":
                registerInitialOffers();
                break;
            case "HostRcvGpadlHeader":
            case "HostRcvGpadlBody":
                if (!a.ok()) {
                    length = 16; // the host refuses: invalid range data (see the class comment)
                }
                break;
            case "HostRcvModifyChannel": {
                Device d = devices.get(abstractGuestMessage(w.bytes()).r());
                if (d != null) {
                    d.modifyStatus = a.ok() ? 0 : FAIL;
                }
                break;
            }
            default:
                break;
        }
        server.receive(w.connectionId(), w.bytes(), length);
        // the host forgets revoked channels on RELID_RELEASED, UNLOAD and a new contact
        for (int relid : revoked) {
            if (server.channelState(relid).isEmpty()) {
                registered.remove(relid);
                devices.remove(relid);
            }
        }
        return null;
    }

    private CompletableFuture<?> track(String request, CompletableFuture<?> f) {
        futures.put(request, f);
        return f;
    }

    /** Registers the InitialOffers channels the host does not hold (before REQUESTOFFERS nothing is sent). */
    private void registerInitialOffers() {
        for (int r : config.initialOffers()) {
            if (!registered.contains(r)) {
                Device d = new Device();
                int relid = server.addChannel(nextOffer(), d);
                if (relid != r) {
                    throw new AssertionError("addChannel: relid " + relid + " (expected: " + r + ", InitialOffers)");
                }
                devices.put(relid, d);
                registered.add(relid);
            }
        }
    }

    private HostChannelConfig nextOffer() {
        offersMade++;
        return HostChannelConfig.of(DEVICE_TYPE, new UUID(0x1, offersMade));
    }

    /** Records the spec handle of the GPADL the guest just created (the newest live Java handle). */
    void mapNewHandle(Set<Integer> liveBefore, int h, int r) {
        for (int j : client.liveGpadls()) {
            if (!liveBefore.contains(j)) {
                specHandle.put(j, h);
                relidOfHandle.put(j, r);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ abstraction

    /** @return the Java state as a {@link ChannelAbstraction} */
    public ChannelAbstraction abstraction() {
        List<String> hch = new ArrayList<>();
        List<String> gch = new ArrayList<>();
        List<Boolean> gresc = new ArrayList<>();
        for (int r = 1; r <= config.relids(); r++) {
            hch.add(server.channelState(r).map(ChannelCores::hostState).orElse("free"));
            Optional<ChannelState> g = client.channelState(r);
            gch.add(g.map(ChannelCores::guestState).orElse("none"));
            gresc.add(g.isPresent() && client.isRescinded(r));
        }
        List<ChannelSpecModel.Gp> hgp = new ArrayList<>();
        List<String> ggp = new ArrayList<>();
        for (int h = 1; h <= config.handles(); h++) {
            ChannelSpecModel.Gp host = ChannelSpecModel.Gp.FREE;
            String guest = "free";
            for (Map.Entry<Integer, Integer> e : specHandle.entrySet()) {
                if (e.getValue() != h) {
                    continue;
                }
                int j = e.getKey();
                Optional<Gpadl> accepted = server.gpadl(j);
                Optional<VmbusServer.PendingGpadl> pending = server.pendingGpadl(j);
                ChannelSpecModel.Gp here = accepted.isPresent()
                    ? new ChannelSpecModel.Gp("accepted", accepted.get().relid(), 0)
                    : pending.map(p -> new ChannelSpecModel.Gp("inprogress", p.relid(),
                        (p.valuesMissing() + GpadlBodyDescriptor.MAX_PFNS - 1) / GpadlBodyDescriptor.MAX_PFNS))
                        .orElse(null);
                if (here != null) {
                    host = host == ChannelSpecModel.Gp.FREE ? here
                        : new ChannelSpecModel.Gp("two live java gpadls", 0, 0);
                }
                Optional<GpadlState> g = client.gpadlState(j);
                if (g.isPresent()) {
                    guest = guest.equals("free") ? g.get().name().toLowerCase() : "two live java gpadls";
                }
            }
            hgp.add(host);
            ggp.add(guest);
        }
        List<ChannelSpecModel.Msg> up = new ArrayList<>();
        g2h.forEach(w -> up.add(abstractGuestMessage(w.bytes())));
        List<ChannelSpecModel.Msg> down = new ArrayList<>();
        h2g.forEach(w -> down.add(abstractHostMessage(w.bytes(), w.contact())));
        Set<String> pending = new TreeSet<>();
        futures.forEach((request, f) -> {
            if (!f.isDone()) {
                pending.add(request);
            }
        });
        int hver = server.connection().map(conn -> specVersion(conn.version().code())).orElse(0);
        return new ChannelAbstraction(server.connection().isPresent() ? "connected" : "disconnected", hver, hch, hgp,
            client.state().name().toLowerCase(), gch, gresc, ggp, up, down, pending);
    }

    private static String hostState(HostChannelState s) {
        return switch (s) {
            case CLOSED -> "closed";
            case OPENING -> "opening";
            case OPEN -> "open";
            case REVOKED -> "revoked";
        };
    }

    private static String guestState(ChannelState s) {
        return s.name().toLowerCase();
    }
}
