package org.hvref.channel.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A naive, plain-Java transcription of {@code VmbusChannel.tla} (all hazard switches off) restricted by
 * {@code JavaChoices} of {@code MCVmbusChannelMbt.tla}: one field per spec variable, one method per action, written
 * from the spec and not from the implementation. Relids are {@code 1..relids}, handles {@code 1..handles}.
 *
 * <p>{@link #variables()} renders the state the way {@link org.hvref.mbt.TlaValues} parses TLC's output, so
 * the model can be compared with every state of TLC's graph.
 */
public final class ChannelSpecModel {

    /** Every action of {@code Next}. */
    public static final Set<String> ALL_ACTIONS = Set.of("GuestSendInitiateContact", "HostRcvInitiateContact",
        "GuestRcvVersionResponse", "GuestSendRequestOffers", "HostRcvRequestOffers", "GuestRcvAllOffersDelivered",
        "GuestSendUnload", "HostRcvUnload", "GuestDropMessage", "GuestRcvUnloadResponse", "HostSendOffer",
        "GuestRcvOffer", "HostSendRescind", "GuestRcvRescind", "GuestSendRelidReleased", "HostRcvRelidReleased",
        "GuestSendGpadlHeader", "GuestSendGpadlBody", "HostRcvGpadlHeader", "HostRcvGpadlBody",
        "GuestRcvGpadlCreated", "GuestSendGpadlTeardown", "HostRcvGpadlTeardown", "GuestRcvGpadlTorndown",
        "GuestSendOpenChannel", "HostRcvOpenChannel", "HostSendOpenResult", "GuestRcvOpenResult",
        "GuestSendCloseChannel", "GuestCloseRescindedChannel", "HostRcvCloseChannel", "GuestSendModifyChannel",
        "HostRcvModifyChannel", "GuestRcvModifyChannelResponse");

    /**
     * The constants of a good configuration.
     *
     * @param relids             RelidSet = 1..relids
     * @param handles            HandleSet = 1..handles
     * @param initialOffers      InitialOffers
     * @param primaryOf          PrimaryOf: element {@code r - 1} is the primary of relid {@code r}, 0 for a primary
     * @param maxHotOffers       MaxHotOffers
     * @param maxConnects        MaxConnects
     * @param maxBodies          MaxBodies
     * @param guestVersions      GuestVersions (newest first)
     * @param hostVersions       HostVersions
     * @param undeliverable      UndeliverableVersions (INITIATE_CONTACT the hypervisor refuses to post)
     * @param mayRefuseGpadl     HostMayRefuseGpadl
     * @param mayFailOpen        HostMayFailOpen
     * @param mayFailModify      HostMayFailModify
     * @param modifyMinVersion   ModifyMinVersion
     * @param modifyResponseMinVersion ModifyResponseMinVersion
     * @param oneModifyInFlight  the MBT's action constraint also keeps {@code MCOneModifyInFlight} (at most one
     *                           MODIFYCHANNEL in g2h; {@code JavaChoicesOneModify} of MCVmbusChannelMbt.tla)
     */
    public record Config(int relids, int handles, List<Integer> initialOffers, List<Integer> primaryOf,
                         int maxHotOffers, int maxConnects, int maxBodies, List<Integer> guestVersions,
                         Set<Integer> hostVersions, Set<Integer> undeliverable, boolean mayRefuseGpadl,
                         boolean mayFailOpen, boolean mayFailModify, int modifyMinVersion,
                         int modifyResponseMinVersion, boolean oneModifyInFlight) {
        /** Copies the collections and checks the spec's ASSUMEs on the new constants. */
        public Config {
            initialOffers = List.copyOf(initialOffers);
            primaryOf = List.copyOf(primaryOf);
            guestVersions = List.copyOf(guestVersions);
            hostVersions = Set.copyOf(hostVersions);
            undeliverable = Set.copyOf(undeliverable);
            if (primaryOf.size() != relids) {
                throw new IllegalArgumentException("PrimaryOf: " + primaryOf.size() + " relids (expected: " + relids
                    + ")");
            }
            for (int r = 1; r <= relids; r++) {
                int p = primaryOf.get(r - 1);
                if (p < 0 || p > relids || (p != 0 && primaryOf.get(p - 1) != 0)) {
                    throw new IllegalArgumentException("PrimaryOf[" + r + "] = " + p
                        + " (expected: 0 or a primary relid)");
                }
            }
            for (int r : initialOffers) {
                if (r >= 1 && r <= relids && primaryOf.get(r - 1) != 0) {
                    throw new IllegalArgumentException("InitialOffers: subchannel " + r
                        + " (expected: primaries only)");
                }
            }
            for (int v : hostVersions) {
                if (undeliverable.contains(v)) {
                    throw new IllegalArgumentException("UndeliverableVersions: " + v
                        + " (expected: disjoint from HostVersions)");
                }
            }
            if (modifyMinVersion > modifyResponseMinVersion) {
                throw new IllegalArgumentException("ModifyMinVersion " + modifyMinVersion
                    + " (expected: <= ModifyResponseMinVersion " + modifyResponseMinVersion + ")");
            }
        }

        /** @return PrimaryOf[r] */
        public int primaryOf(int r) {
            return primaryOf.get(r - 1);
        }

        /** @return whether relid {@code r} is a subchannel of {@code p} (Subchannels(p)) */
        public boolean isSubchannelOf(int r, int p) {
            return primaryOf(r) == p;
        }
    }

    /**
     * One message of the spec's queues ({@code Msg(t, r, h, v, ok, n)}).
     *
     * @param t  type name
     * @param r  relid or 0
     * @param h  handle or 0
     * @param v  version or 0
     * @param ok status
     * @param n  GPADL_BODY fragments announced by a header
     */
    public record Msg(String t, int r, int h, int v, boolean ok, int n) {
        static Msg of(String t) {
            return new Msg(t, 0, 0, 0, true, 0);
        }

        static Msg r(String t, int r) {
            return new Msg(t, r, 0, 0, true, 0);
        }

        static Msg rh(String t, int r, int h) {
            return new Msg(t, r, h, 0, true, 0);
        }

        static Msg rok(String t, int r, boolean ok) {
            return new Msg(t, r, 0, 0, ok, 0);
        }

        /** @return the record as TLC prints it (fields sorted) */
        public Map<String, Object> tla() {
            Map<String, Object> m = new TreeMap<>();
            m.put("t", t);
            m.put("r", (long) r);
            m.put("h", (long) h);
            m.put("v", (long) v);
            m.put("ok", ok);
            m.put("n", (long) n);
            return m;
        }
    }

    /**
     * A GPADL record {@code [st, r, n]} of {@code hgp} or {@code ggp}.
     *
     * @param st state
     * @param r  relid or 0
     * @param n  GPADL_BODY fragments still expected (host) or to send (guest)
     */
    public record Gp(String st, int r, int n) {
        static final Gp FREE = new Gp("free", 0, 0);

        Map<String, Object> tla() {
            Map<String, Object> m = new TreeMap<>();
            m.put("st", st);
            m.put("r", (long) r);
            m.put("n", (long) n);
            return m;
        }
    }

    /**
     * One action with its parameters (unused ones 0 / true).
     *
     * @param name the spec action
     * @param r    relid parameter
     * @param h    handle parameter
     * @param n    body count parameter (GuestSendGpadlHeader)
     * @param ok   the host's outcome (HostRcvGpadlHeader/Body completing a GPADL, HostRcvModifyChannel,
     *             HostSendOpenResult)
     */
    public record Action(String name, int r, int h, int n, boolean ok) {
        static Action of(String name) {
            return new Action(name, 0, 0, 0, true);
        }

        @Override
        public String toString() {
            return name + "(r=" + r + ",h=" + h + ",n=" + n + ",ok=" + ok + ")";
        }
    }

    private final Config c;
    // queues
    private List<Msg> g2h = new ArrayList<>();
    private List<Msg> h2g = new ArrayList<>();
    // host
    private String hconn = "disconnected";
    private int hver;
    private boolean hoffers;
    private String[] hch;
    private int[] hring;
    private boolean[] hopenPend;
    private Gp[] hgp;
    private int noffers;
    // guest
    private String gconn = "idle";
    private int gvi = 1;
    private int gconns = 1;
    private String[] gch;
    private boolean[] gresc;
    private boolean[] grel;
    private int[] gring;
    private boolean[] gmod;
    private Gp[] ggp;
    private Set<String> errs = new TreeSet<>();

    /** The initial state ({@code Init}). */
    public ChannelSpecModel(Config config) {
        this.c = config;
        int nr = config.relids() + 1;
        int nh = config.handles() + 1;
        hch = new String[nr];
        Arrays.fill(hch, "free");
        hring = new int[nr];
        hopenPend = new boolean[nr];
        hgp = new Gp[nh];
        Arrays.fill(hgp, Gp.FREE);
        gch = new String[nr];
        Arrays.fill(gch, "none");
        gresc = new boolean[nr];
        grel = new boolean[nr];
        gring = new int[nr];
        gmod = new boolean[nr];
        ggp = new Gp[nh];
        Arrays.fill(ggp, Gp.FREE);
    }

    private ChannelSpecModel(ChannelSpecModel o) {
        c = o.c;
        g2h = new ArrayList<>(o.g2h);
        h2g = new ArrayList<>(o.h2g);
        hconn = o.hconn;
        hver = o.hver;
        hoffers = o.hoffers;
        hch = o.hch.clone();
        hring = o.hring.clone();
        hopenPend = o.hopenPend.clone();
        hgp = o.hgp.clone();
        noffers = o.noffers;
        gconn = o.gconn;
        gvi = o.gvi;
        gconns = o.gconns;
        gch = o.gch.clone();
        gresc = o.gresc.clone();
        grel = o.grel.clone();
        gring = o.gring.clone();
        gmod = o.gmod.clone();
        ggp = o.ggp.clone();
        errs = new TreeSet<>(o.errs);
    }

    /** @return an independent copy */
    public ChannelSpecModel copy() {
        return new ChannelSpecModel(this);
    }

    /** @return the constants */
    public Config config() {
        return c;
    }

    // ------------------------------------------------------------------------------------------------ accessors

    /** @return g2h, oldest first */
    public List<Msg> g2h() {
        return List.copyOf(g2h);
    }

    /** @return h2g, oldest first */
    public List<Msg> h2g() {
        return List.copyOf(h2g);
    }

    /** @return hconn */
    public String hconn() {
        return hconn;
    }

    /** @return hver (0 = none) */
    public int hver() {
        return hver;
    }

    /** @return hch[r] */
    public String hch(int r) {
        return hch[r];
    }

    /** @return hopenPend[r] */
    public boolean hopenPend(int r) {
        return hopenPend[r];
    }

    /** @return hgp[h] */
    public Gp hgp(int h) {
        return hgp[h];
    }

    /** @return gconn */
    public String gconn() {
        return gconn;
    }

    /** @return gch[r] */
    public String gch(int r) {
        return gch[r];
    }

    /** @return gresc[r] */
    public boolean gresc(int r) {
        return gresc[r];
    }

    /** @return grel[r] */
    public boolean grel(int r) {
        return grel[r];
    }

    /** @return gmod[r] */
    public boolean gmod(int r) {
        return gmod[r];
    }

    /** @return gring[r] */
    public int gring(int r) {
        return gring[r];
    }

    /** @return ggp[h] */
    public Gp ggp(int h) {
        return ggp[h];
    }

    /** @return errs */
    public Set<String> errs() {
        return Set.copyOf(errs);
    }

    /** @return every variable as TLC prints it (functions over 1..n as sequences) */
    public Map<String, Object> variables() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("g2h", msgs(g2h));
        v.put("h2g", msgs(h2g));
        v.put("hconn", hconn);
        v.put("hver", (long) hver);
        v.put("hoffers", hoffers);
        v.put("hch", seq(hch));
        v.put("hring", seq(hring));
        v.put("hopenPend", seq(hopenPend));
        v.put("hgp", gps(hgp));
        v.put("noffers", (long) noffers);
        v.put("gconn", gconn);
        v.put("gvi", (long) gvi);
        v.put("gconns", (long) gconns);
        v.put("gch", seq(gch));
        v.put("gresc", seq(gresc));
        v.put("grel", seq(grel));
        v.put("gring", seq(gring));
        v.put("gmod", seq(gmod));
        v.put("ggp", gps(ggp));
        v.put("errs", new TreeSet<>(errs));
        return v;
    }

    private static List<Object> msgs(List<Msg> q) {
        List<Object> out = new ArrayList<>();
        for (Msg m : q) {
            out.add(m.tla());
        }
        return out;
    }

    private static List<Object> seq(String[] a) {
        return new ArrayList<>(Arrays.asList(a).subList(1, a.length));
    }

    private static List<Object> seq(int[] a) {
        List<Object> out = new ArrayList<>();
        for (int i = 1; i < a.length; i++) {
            out.add((long) a[i]);
        }
        return out;
    }

    private static List<Object> seq(boolean[] a) {
        List<Object> out = new ArrayList<>();
        for (int i = 1; i < a.length; i++) {
            out.add(a[i]);
        }
        return out;
    }

    private static List<Object> gps(Gp[] a) {
        List<Object> out = new ArrayList<>();
        for (int i = 1; i < a.length; i++) {
            out.add(a[i].tla());
        }
        return out;
    }

    @Override
    public String toString() {
        return variables().toString();
    }

    // ------------------------------------------------------------------------------------------------ stepping

    /**
     * @return every action of {@code Next} enabled here whose step {@code JavaChoices} keeps, each with the
     *     parameters that distinguish its successors
     */
    public List<Action> enabledActions() {
        List<Action> out = new ArrayList<>();
        for (Action a : candidates()) {
            ChannelSpecModel next = copy();
            if (next.apply(a) && javaChoices(next, true)) {
                out.add(a);
            }
        }
        return out;
    }

    /** @return whether {@code a} is enabled (and kept by {@code JavaChoices}) */
    public boolean enabled(Action a) {
        ChannelSpecModel next = copy();
        return next.apply(a) && javaChoices(next, true);
    }

    /**
     * @return whether {@code a} is enabled and kept by {@code JavaChoices} alone: without the test's bound
     *     {@code MCOneModifyInFlight}, which removes steps the Java cores may take (for refusal probes)
     */
    public boolean enabledUnbounded(Action a) {
        ChannelSpecModel next = copy();
        return next.apply(a) && javaChoices(next, false);
    }

    /**
     * Takes step {@code a}.
     *
     * @throws IllegalStateException if it is not enabled
     */
    public void step(Action a) {
        ChannelSpecModel next = copy();
        if (!next.apply(a) || !javaChoices(next, true)) {
            throw new IllegalStateException("action " + a + ": not enabled in " + this + " (expected: enabled)");
        }
        copyFrom(next);
    }

    private void copyFrom(ChannelSpecModel o) {
        g2h = o.g2h;
        h2g = o.h2g;
        hconn = o.hconn;
        hver = o.hver;
        hoffers = o.hoffers;
        hch = o.hch;
        hring = o.hring;
        hopenPend = o.hopenPend;
        hgp = o.hgp;
        noffers = o.noffers;
        gconn = o.gconn;
        gvi = o.gvi;
        gconns = o.gconns;
        gch = o.gch;
        gresc = o.gresc;
        grel = o.grel;
        gring = o.gring;
        gmod = o.gmod;
        ggp = o.ggp;
        errs = o.errs;
    }

    /** Every parameter combination of every action (most are disabled). */
    private List<Action> candidates() {
        List<Action> out = new ArrayList<>();
        for (String name : List.of("GuestSendInitiateContact", "HostRcvInitiateContact", "GuestRcvVersionResponse",
            "GuestSendRequestOffers", "HostRcvRequestOffers", "GuestRcvAllOffersDelivered", "GuestSendUnload",
            "HostRcvUnload", "GuestDropMessage", "GuestRcvUnloadResponse", "GuestRcvOffer", "GuestRcvRescind",
            "HostRcvRelidReleased", "GuestRcvGpadlCreated", "HostRcvGpadlTeardown", "GuestRcvGpadlTorndown",
            "HostRcvOpenChannel", "GuestRcvOpenResult", "HostRcvCloseChannel", "GuestRcvModifyChannelResponse")) {
            out.add(Action.of(name));
        }
        for (boolean ok : new boolean[] {true, false}) {
            out.add(new Action("HostRcvGpadlHeader", 0, 0, 0, ok));
            out.add(new Action("HostRcvGpadlBody", 0, 0, 0, ok));
            out.add(new Action("HostRcvModifyChannel", 0, 0, 0, ok));
        }
        for (int r = 1; r <= c.relids(); r++) {
            for (String name : List.of("HostSendOffer", "HostSendRescind", "GuestSendRelidReleased",
                "GuestSendCloseChannel", "GuestCloseRescindedChannel", "GuestSendModifyChannel")) {
                out.add(new Action(name, r, 0, 0, true));
            }
            out.add(new Action("HostSendOpenResult", r, 0, 0, true));
            out.add(new Action("HostSendOpenResult", r, 0, 0, false));
            for (int h = 1; h <= c.handles(); h++) {
                out.add(new Action("GuestSendOpenChannel", r, h, 0, true));
                for (int n = 0; n <= c.maxBodies(); n++) {
                    out.add(new Action("GuestSendGpadlHeader", r, h, n, true));
                }
            }
        }
        for (int h = 1; h <= c.handles(); h++) {
            out.add(new Action("GuestSendGpadlBody", 0, h, 0, true));
            out.add(new Action("GuestSendGpadlTeardown", 0, h, 0, true));
        }
        return out;
    }

    /**
     * {@code JavaChoices} of MCVmbusChannelMbt.tla, with {@code this} as the old state and {@code next} as the new;
     * {@code bounded}: also {@code MCOneModifyInFlight'} where the config asks for it ({@code JavaChoicesOneModify}).
     */
    private boolean javaChoices(ChannelSpecModel next, boolean bounded) {
        boolean header = false;
        for (int h = 1; h <= c.handles(); h++) {
            header |= ggp[h].st().equals("header");
        }
        if (header && !(next.g2h.size() == g2h.size() + 1
            && next.g2h.get(next.g2h.size() - 1).t().equals("GpadlBody"))) {
            return false; // BodiesBackToBack
        }
        for (int r = 1; r <= c.relids(); r++) {
            if (releaseDue(r) && !next.grel[r]) {
                return false; // ReleaseAtOnce
            }
        }
        if (gconn.equals("idle") && gvi > 1 && !next.gconn.equals("contacting")) {
            return false; // RetryAtOnce
        }
        if (bounded && c.oneModifyInFlight()
            && next.g2h.stream().filter(m -> m.t().equals("ModifyChannel")).count() > 1) {
            return false; // MCOneModifyInFlight'
        }
        if (!g2h.isEmpty() && g2h.get(0).t().equals("ModifyChannel") && hch[g2h.get(0).r()].equals("revoked")
            && next.g2h.equals(g2h.subList(1, g2h.size()))) {
            for (int i = h2g.size(); i < next.h2g.size(); i++) {
                if (next.h2g.get(i).ok()) {
                    return false; // RevokedModifyFails
                }
            }
        }
        return true;
    }

    private boolean releaseDue(int r) {
        return gconn.equals("ready") && gresc[r] && !grel[r] && gch[r].equals("offered") && !guestGpOutstanding(r)
            && !gmod[r];
    }

    private boolean guestGpOutstanding(int r) {
        for (int h = 1; h <= c.handles(); h++) {
            if (ggp[h].r() == r && Set.of("header", "creating", "tearing").contains(ggp[h].st())) {
                return true;
            }
        }
        return false;
    }

    /** Applies {@code a} to this state if enabled; returns false (state then garbage) if not. */
    private boolean apply(Action a) {
        switch (a.name()) {
            case "GuestSendInitiateContact": return guestSendInitiateContact();
            case "HostRcvInitiateContact": return hostRcvInitiateContact();
            case "GuestRcvVersionResponse": return guestRcvVersionResponse();
            case "GuestSendRequestOffers": return guestSendRequestOffers();
            case "HostRcvRequestOffers": return hostRcvRequestOffers();
            case "GuestRcvAllOffersDelivered": return guestRcvAllOffersDelivered();
            case "GuestSendUnload": return guestSendUnload();
            case "HostRcvUnload": return hostRcvUnload();
            case "GuestDropMessage": return guestDropMessage();
            case "GuestRcvUnloadResponse": return guestRcvUnloadResponse();
            case "HostSendOffer": return hostSendOffer(a.r());
            case "GuestRcvOffer": return guestRcvOffer();
            case "HostSendRescind": return hostSendRescind(a.r());
            case "GuestRcvRescind": return guestRcvRescind();
            case "GuestSendRelidReleased": return guestSendRelidReleased(a.r());
            case "HostRcvRelidReleased": return hostRcvRelidReleased();
            case "GuestSendGpadlHeader": return guestSendGpadlHeader(a.r(), a.h(), a.n());
            case "GuestSendGpadlBody": return guestSendGpadlBody(a.h());
            case "HostRcvGpadlHeader": return hostRcvGpadlHeader(a.ok());
            case "HostRcvGpadlBody": return hostRcvGpadlBody(a.ok());
            case "GuestRcvGpadlCreated": return guestRcvGpadlCreated();
            case "GuestSendGpadlTeardown": return guestSendGpadlTeardown(a.h());
            case "HostRcvGpadlTeardown": return hostRcvGpadlTeardown();
            case "GuestRcvGpadlTorndown": return guestRcvGpadlTorndown();
            case "GuestSendOpenChannel": return guestSendOpenChannel(a.r(), a.h());
            case "HostRcvOpenChannel": return hostRcvOpenChannel();
            case "HostSendOpenResult": return hostSendOpenResult(a.r(), a.ok());
            case "GuestRcvOpenResult": return guestRcvOpenResult();
            case "GuestSendCloseChannel": return guestSendCloseChannel(a.r());
            case "GuestCloseRescindedChannel": return guestCloseRescindedChannel(a.r());
            case "HostRcvCloseChannel": return hostRcvCloseChannel();
            case "GuestSendModifyChannel": return guestSendModifyChannel(a.r());
            case "HostRcvModifyChannel": return hostRcvModifyChannel(a.ok());
            case "GuestRcvModifyChannelResponse": return guestRcvModifyChannelResponse();
            default: throw new IllegalArgumentException("action: " + a.name() + " (expected: an action of Next)");
        }
    }

    private boolean head2h(String t) {
        return !g2h.isEmpty() && g2h.get(0).t().equals(t);
    }

    private boolean head2g(String t) {
        return !h2g.isEmpty() && h2g.get(0).t().equals(t);
    }

    private Msg popG2h() {
        return g2h.remove(0);
    }

    private Msg popH2g() {
        return h2g.remove(0);
    }

    private void guestForgetAll() {
        Arrays.fill(gch, "none");
        Arrays.fill(gresc, false);
        Arrays.fill(grel, false);
        Arrays.fill(gring, 0);
        Arrays.fill(gmod, false);
        Arrays.fill(ggp, Gp.FREE);
    }

    private void hostReleaseAll() {
        hoffers = false;
        Arrays.fill(hch, "free");
        Arrays.fill(hring, 0);
        Arrays.fill(hopenPend, false);
        Arrays.fill(hgp, Gp.FREE);
    }

    // ---- connection

    /** The index in GuestVersions of the version the next INITIATE_CONTACT carries (ContactIndex). */
    private int contactIndex() {
        return gconn.equals("idle") ? gvi : 1;
    }

    /** GuestVersion: the version the guest uses. */
    private int guestVersion() {
        return c.guestVersions().get(gvi - 1);
    }

    private boolean guestSendInitiateContact() {
        if (gconn.equals("idle")) {
            // gconns unchanged
        } else if (gconn.equals("unloaded") && gconns < c.maxConnects()) {
            gconns++;
        } else {
            return false;
        }
        int index = contactIndex();
        int version = c.guestVersions().get(index - 1);
        guestForgetAll();
        if (c.undeliverable().contains(version)) {
            // the hypervisor refuses the post: the next older version at once, or give up
            boolean older = index < c.guestVersions().size();
            gvi = older ? index + 1 : index;
            gconn = older ? "idle" : "failed";
        } else {
            gvi = index;
            gconn = "contacting";
            g2h.add(new Msg("InitiateContact", 0, 0, version, true, 0));
        }
        return true;
    }

    private boolean hostRcvInitiateContact() {
        if (!head2h("InitiateContact")) {
            return false;
        }
        Msg m = popG2h();
        boolean ok = c.hostVersions().contains(m.v());
        h2g.add(new Msg("VersionResponse", 0, 0, m.v(), ok, 0));
        hconn = ok ? "connected" : "disconnected";
        hver = ok ? m.v() : 0;
        hostReleaseAll();
        return true;
    }

    private boolean guestRcvVersionResponse() {
        if (!head2g("VersionResponse") || !gconn.equals("contacting")) {
            return false;
        }
        Msg m = popH2g();
        if (m.ok()) {
            gconn = "connected";
        } else if (gvi < c.guestVersions().size()) {
            gconn = "idle";
            gvi++;
        } else {
            gconn = "failed";
        }
        return true;
    }

    private boolean guestSendRequestOffers() {
        if (!gconn.equals("connected")) {
            return false;
        }
        gconn = "requesting";
        g2h.add(Msg.of("RequestOffers"));
        return true;
    }

    private boolean hostRcvRequestOffers() {
        if (!head2h("RequestOffers")) {
            return false;
        }
        popG2h();
        if (hconn.equals("connected") && !hoffers) {
            List<Integer> offers = c.initialOffers();
            for (int r : offers) {
                if (r < 1 || r > c.relids() || !hch[r].equals("free")) {
                    return false;
                }
            }
            if (new TreeSet<>(offers).size() != offers.size()) {
                return false;
            }
            hoffers = true;
            for (int r : offers) {
                hch[r] = "closed";
                h2g.add(Msg.r("Offer", r));
            }
            h2g.add(Msg.of("AllOffersDelivered"));
        } else {
            errs.add("BadChannelState");
        }
        return true;
    }

    private boolean guestRcvAllOffersDelivered() {
        if (!head2g("AllOffersDelivered") || !gconn.equals("requesting")) {
            return false;
        }
        popH2g();
        gconn = "ready";
        return true;
    }

    private boolean guestSendUnload() {
        if (!gconn.equals("ready")) {
            return false;
        }
        gconn = "unloading";
        g2h.add(Msg.of("Unload"));
        return true;
    }

    private boolean hostRcvUnload() {
        if (!head2h("Unload") || !hconn.equals("connected")) {
            return false;
        }
        popG2h();
        hconn = "disconnected";
        hver = 0;
        hostReleaseAll();
        h2g.add(Msg.of("UnloadResponse"));
        return true;
    }

    private boolean guestDropMessage() {
        if (!gconn.equals("unloading") || h2g.isEmpty() || h2g.get(0).t().equals("UnloadResponse")) {
            return false;
        }
        popH2g();
        return true;
    }

    private boolean guestRcvUnloadResponse() {
        if (!head2g("UnloadResponse") || !gconn.equals("unloading")) {
            return false;
        }
        popH2g();
        gconn = "unloaded";
        guestForgetAll();
        return true;
    }

    // ---- offers, rescind, release

    private boolean hostSendOffer(int r) {
        if (!hconn.equals("connected") || !hoffers || !hch[r].equals("free") || noffers >= c.maxHotOffers()) {
            return false;
        }
        if (c.primaryOf(r) != 0 && !hch[c.primaryOf(r)].equals("open")) {
            return false; // a subchannel only while its primary is open
        }
        hopenPend[r] = false;
        hring[r] = 0;
        hch[r] = "closed";
        noffers++;
        h2g.add(Msg.r("Offer", r));
        return true;
    }

    private boolean guestRcvOffer() {
        if (!head2g("Offer") || !(gconn.equals("requesting") || gconn.equals("ready"))) {
            return false;
        }
        int r = popH2g().r();
        if (gch[r].equals("none")) {
            gch[r] = "offered";
            gresc[r] = false;
            grel[r] = false;
        } else {
            errs.add("DuplicateRelid");
        }
        return true;
    }

    private boolean hostSendRescind(int r) {
        if (!hconn.equals("connected") || !Set.of("closed", "opening", "open").contains(hch[r])) {
            return false;
        }
        for (int s = 1; s <= c.relids(); s++) {
            if (c.isSubchannelOf(s, r) && !(hch[s].equals("free") || hch[s].equals("revoked"))) {
                return false; // a primary only after its subchannels
            }
        }
        hch[r] = "revoked";
        hopenPend[r] = false;
        h2g.add(Msg.r("Rescind", r));
        return true;
    }

    private boolean guestRcvRescind() {
        if (!head2g("Rescind") || !(gconn.equals("requesting") || gconn.equals("ready"))) {
            return false;
        }
        int r = popH2g().r();
        if (!gch[r].equals("none") && !gresc[r]) {
            gresc[r] = true;
            if (gch[r].equals("opening")) {
                gch[r] = "offered";
                gring[r] = 0;
            }
        } else {
            errs.add(gch[r].equals("none") ? "UnknownRelid" : "BadChannelState");
        }
        return true;
    }

    private boolean guestSendRelidReleased(int r) {
        if (!gconn.equals("ready") || !gresc[r] || grel[r] || !gch[r].equals("offered") || guestGpOutstanding(r)
            || gmod[r]) {
            return false;
        }
        gch[r] = "none";
        for (int h = 1; h <= c.handles(); h++) {
            if (ggp[h].r() == r) {
                ggp[h] = Gp.FREE;
            }
        }
        grel[r] = true;
        g2h.add(Msg.r("RelidReleased", r));
        return true;
    }

    private boolean hostRcvRelidReleased() {
        if (!head2h("RelidReleased") || !hconn.equals("connected")) {
            return false;
        }
        int r = popG2h().r();
        if (hch[r].equals("revoked")) {
            hch[r] = "free";
            hring[r] = 0;
            hopenPend[r] = false;
            for (int h = 1; h <= c.handles(); h++) {
                if (hgp[h].r() == r) {
                    hgp[h] = Gp.FREE;
                }
            }
        } else {
            errs.add(hch[r].equals("free") ? "UnknownRelid" : "ReleaseNotRevoked");
        }
        return true;
    }

    // ---- GPADL

    private boolean guestSendGpadlHeader(int r, int h, int n) {
        if (!gconn.equals("ready") || !(gch[r].equals("offered") || gch[r].equals("open")) || gresc[r] || grel[r]
            || !ggp[h].st().equals("free")) {
            return false;
        }
        ggp[h] = new Gp(n == 0 ? "creating" : "header", r, n);
        g2h.add(new Msg("GpadlHeader", r, h, 0, true, n));
        return true;
    }

    private boolean guestSendGpadlBody(int h) {
        if (!gconn.equals("ready") || !ggp[h].st().equals("header")) {
            return false;
        }
        Gp g = ggp[h];
        ggp[h] = new Gp(g.n() == 1 ? "creating" : "header", g.r(), g.n() - 1);
        g2h.add(Msg.rh("GpadlBody", 0, h));
        return true;
    }

    /** HostCompleteGpadl(r, h) with outcome {@code ok}; false if {@code ok} is not a permitted outcome. */
    private boolean hostCompleteGpadl(int r, int h, boolean ok) {
        boolean mayRefuse = c.mayRefuseGpadl() && !hch[r].equals("revoked");
        if (!ok && !mayRefuse) {
            return false;
        }
        hgp[h] = ok ? new Gp("accepted", r, 0) : Gp.FREE;
        h2g.add(new Msg("GpadlCreated", r, h, 0, ok, 0));
        return true;
    }

    private boolean hostRcvGpadlHeader(boolean ok) {
        if (!head2h("GpadlHeader") || !hconn.equals("connected")) {
            return false;
        }
        Msg m = popG2h();
        if (!hch[m.r()].equals("free") && hgp[m.h()].st().equals("free")) {
            if (m.n() == 0) {
                return hostCompleteGpadl(m.r(), m.h(), ok);
            }
            hgp[m.h()] = new Gp("inprogress", m.r(), m.n());
            return ok; // no outcome chosen: one canonical parameter
        }
        errs.add(hch[m.r()].equals("free") ? "UnknownRelid" : "DuplicateGpadlId");
        h2g.add(new Msg("GpadlCreated", m.r(), m.h(), 0, false, 0));
        return ok;
    }

    private boolean hostRcvGpadlBody(boolean ok) {
        if (!head2h("GpadlBody") || !hconn.equals("connected")) {
            return false;
        }
        int h = popG2h().h();
        if (hgp[h].st().equals("inprogress")) {
            if (hgp[h].n() == 1) {
                return hostCompleteGpadl(hgp[h].r(), h, ok);
            }
            hgp[h] = new Gp("inprogress", hgp[h].r(), hgp[h].n() - 1);
            return ok;
        }
        errs.add("UnknownGpadl");
        return ok;
    }

    private boolean guestRcvGpadlCreated() {
        if (!head2g("GpadlCreated") || !(gconn.equals("requesting") || gconn.equals("ready"))) {
            return false;
        }
        Msg m = popH2g();
        if (ggp[m.h()].st().equals("creating") && ggp[m.h()].r() == m.r()) {
            ggp[m.h()] = m.ok() ? new Gp("created", m.r(), 0) : Gp.FREE;
        } else {
            errs.add("UnexpectedResponse");
        }
        return true;
    }

    private boolean guestSendGpadlTeardown(int h) {
        if (!gconn.equals("ready") || !ggp[h].st().equals("created")) {
            return false;
        }
        int r = ggp[h].r();
        if (gresc[r] || grel[r] || ((gch[r].equals("opening") || gch[r].equals("open")) && gring[r] == h)) {
            return false;
        }
        ggp[h] = new Gp("tearing", r, ggp[h].n());
        g2h.add(Msg.rh("GpadlTeardown", r, h));
        return true;
    }

    private boolean hostRcvGpadlTeardown() {
        if (!head2h("GpadlTeardown") || !hconn.equals("connected")) {
            return false;
        }
        Msg m = popG2h();
        if (hgp[m.h()].st().equals("accepted") && hgp[m.h()].r() == m.r()) {
            hgp[m.h()] = Gp.FREE;
            h2g.add(Msg.rh("GpadlTorndown", m.r(), m.h()));
        } else {
            errs.add("UnknownGpadl");
        }
        return true;
    }

    private boolean guestRcvGpadlTorndown() {
        if (!head2g("GpadlTorndown") || !(gconn.equals("requesting") || gconn.equals("ready"))) {
            return false;
        }
        int h = popH2g().h();
        if (ggp[h].st().equals("tearing")) {
            ggp[h] = Gp.FREE;
        } else {
            errs.add("UnexpectedResponse");
        }
        return true;
    }

    // ---- open, close, modify

    private boolean guestSendOpenChannel(int r, int h) {
        if (!gconn.equals("ready") || !gch[r].equals("offered") || gresc[r] || grel[r]
            || !ggp[h].st().equals("created") || ggp[h].r() != r) {
            return false;
        }
        gch[r] = "opening";
        gring[r] = h;
        g2h.add(Msg.rh("OpenChannel", r, h));
        return true;
    }

    private boolean hostRcvOpenChannel() {
        if (!head2h("OpenChannel") || !hconn.equals("connected")) {
            return false;
        }
        Msg m = popG2h();
        int r = m.r();
        int h = m.h();
        if (hch[r].equals("closed") && hgp[h].st().equals("accepted") && hgp[h].r() == r) {
            hch[r] = "opening";
            hring[r] = h;
            hopenPend[r] = true;
        } else if (!hch[r].equals("revoked")) {
            errs.add(hch[r].equals("free") ? "UnknownRelid" : "BadChannelState");
        }
        return true;
    }

    private boolean hostSendOpenResult(int r, boolean ok) {
        if (!hconn.equals("connected") || !hopenPend[r] || !(hch[r].equals("opening") || hch[r].equals("revoked"))
            || (!ok && !c.mayFailOpen())) {
            return false;
        }
        boolean wasOpening = hch[r].equals("opening");
        if (wasOpening) {
            hch[r] = ok ? "open" : "closed";
            if (!ok) {
                hring[r] = 0;
            }
        }
        hopenPend[r] = false;
        h2g.add(Msg.rok("OpenResult", r, ok));
        return true;
    }

    private boolean guestRcvOpenResult() {
        if (!head2g("OpenResult") || !(gconn.equals("requesting") || gconn.equals("ready"))) {
            return false;
        }
        Msg m = popH2g();
        int r = m.r();
        if (gch[r].equals("opening")) {
            gch[r] = m.ok() ? "open" : "offered";
            if (!m.ok()) {
                gring[r] = 0;
            }
        } else {
            errs.add(gch[r].equals("none") ? "UnknownRelid" : "UnexpectedResponse");
        }
        return true;
    }

    private boolean guestSendCloseChannel(int r) {
        if (!gconn.equals("ready") || !gch[r].equals("open") || gresc[r]) {
            return false;
        }
        for (int s = 1; s <= c.relids(); s++) {
            if (c.isSubchannelOf(s, r) && (gch[s].equals("opening") || gch[s].equals("open"))) {
                return false; // subchannels are closed before their primary
            }
        }
        gch[r] = "offered";
        gring[r] = 0;
        g2h.add(Msg.r("CloseChannel", r));
        return true;
    }

    private boolean guestCloseRescindedChannel(int r) {
        if (!gconn.equals("ready") || !gch[r].equals("open") || !gresc[r]) {
            return false;
        }
        gch[r] = "offered";
        gring[r] = 0;
        return true;
    }

    private boolean hostRcvCloseChannel() {
        if (!head2h("CloseChannel") || !hconn.equals("connected")) {
            return false;
        }
        int r = popG2h().r();
        if (hch[r].equals("open")) {
            hch[r] = "closed";
            hring[r] = 0;
        } else if (!hch[r].equals("revoked")) {
            errs.add(hch[r].equals("free") ? "UnknownRelid" : "BadChannelState");
        }
        return true;
    }

    private boolean guestSendModifyChannel(int r) {
        if (!gconn.equals("ready") || guestVersion() < c.modifyMinVersion() || !gch[r].equals("open") || gresc[r]
            || gmod[r]) {
            return false;
        }
        gmod[r] = guestVersion() >= c.modifyResponseMinVersion(); // waits only when a response will come
        g2h.add(Msg.r("ModifyChannel", r));
        return true;
    }

    private boolean hostRcvModifyChannel(boolean ok) {
        if (!head2h("ModifyChannel") || !hconn.equals("connected") || (!ok && !c.mayFailModify())) {
            return false;
        }
        int r = popG2h().r();
        if (hch[r].equals("open") || hch[r].equals("revoked")) {
            if (hver >= c.modifyResponseMinVersion()) {
                h2g.add(Msg.rok("ModifyChannelResponse", r, ok));
            }
        } else {
            errs.add(hch[r].equals("free") ? "UnknownRelid" : "BadChannelState");
        }
        return true;
    }

    private boolean guestRcvModifyChannelResponse() {
        if (!head2g("ModifyChannelResponse") || !(gconn.equals("requesting") || gconn.equals("ready"))) {
            return false;
        }
        int r = popH2g().r();
        if (gmod[r]) {
            gmod[r] = false;
        } else {
            errs.add(gch[r].equals("none") ? "UnknownRelid" : "UnexpectedResponse");
        }
        return true;
    }
}
