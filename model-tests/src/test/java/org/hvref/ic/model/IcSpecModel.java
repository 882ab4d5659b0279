package org.hvref.ic.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A naive Java transcription of {@code IcNegotiation.tla} with every hazard switch off: the 15 variables, the eight
 * actions (GuestRcvRequest with its {@code accepts} choice) and {@link #variables()} in the form {@link
 * org.hvref.mbt.TlaValues} parses TLC's states into (numbers as {@link Long}, records as sorted maps, sequences as
 * lists), so that a model state compares equal to a TLC state.
 */
public final class IcSpecModel {

    /** The eight actions of {@code Next}. */
    public static final Set<String> ALL_ACTIONS = Set.of("HostSendNegotiate", "HostRcvNegotiateResponse",
        "HostNegotiateTimeout", "HostSendRequest", "HostRcvResponse", "GuestRcvNegotiate", "GuestRcvRequest",
        "GuestDeliverRequest");

    /**
     * The constants of one model.
     *
     * @param policy      "linux", "mac_hyperv_support" or "freebsd"
     * @param guestFw     GuestFw, newest first
     * @param guestMsg    GuestMsg, newest first
     * @param maxRequests MaxRequests
     */
    public record Config(String policy, List<Long> guestFw, List<Long> guestMsg, int maxRequests) {
        /** Copies the lists. */
        public Config {
            guestFw = List.copyOf(guestFw);
            guestMsg = List.copyOf(guestMsg);
        }
    }

    /**
     * One step: the action's name and, for GuestRcvRequest, the service's verdict.
     *
     * @param name    the action
     * @param accepts GuestRcvRequest's {@code \E accepts}; false for the other actions
     */
    public record Action(String name, boolean accepts) {
        @Override
        public String toString() {
            return name.equals("GuestRcvRequest") ? name + "(accepts=" + accepts + ")" : name;
        }
    }

    /** A message of h2g or g2h: {@code t} and, per kind, {@code ok}, {@code fw}, {@code msg}. */
    record Msg(String t, boolean ok, long fw, long msg) {
        Map<String, Object> tla() {
            Map<String, Object> m = new TreeMap<>();
            m.put("t", t);
            if (t.equals("negResp") || t.equals("resp")) {
                m.put("ok", ok);
            }
            if (t.equals("negResp")) {
                m.put("fw", fw);
                m.put("msg", msg);
            }
            return m;
        }
    }

    private final Config c;
    private final List<Long> offerFw;
    private final List<Long> offerMsg;
    private final boolean consumer;
    private final List<Msg> h2g = new ArrayList<>();
    private final List<Msg> g2h = new ArrayList<>();
    private String hstate = "idle";
    private long hfw;
    private long hmsg;
    private String gstate = "unnegotiated";
    private long gfw;
    private long gmsg;
    private int toDeliver;
    private int delivered;
    private int answeredOk;
    private int nreq;

    /** The initial state with this offer and consumer choice (Init). */
    public IcSpecModel(Config c, List<Long> offerFw, List<Long> offerMsg, boolean consumer) {
        this.c = Objects.requireNonNull(c, "config");
        this.offerFw = List.copyOf(offerFw);
        this.offerMsg = List.copyOf(offerMsg);
        this.consumer = consumer;
    }

    /** @return an independent copy */
    public IcSpecModel copy() {
        IcSpecModel m = new IcSpecModel(c, offerFw, offerMsg, consumer);
        m.h2g.addAll(h2g);
        m.g2h.addAll(g2h);
        m.hstate = hstate;
        m.hfw = hfw;
        m.hmsg = hmsg;
        m.gstate = gstate;
        m.gfw = gfw;
        m.gmsg = gmsg;
        m.toDeliver = toDeliver;
        m.delivered = delivered;
        m.answeredOk = answeredOk;
        m.nreq = nreq;
        return m;
    }

    /** @return the offered framework versions */
    public List<Long> offerFw() {
        return offerFw;
    }

    /** @return the offered message versions */
    public List<Long> offerMsg() {
        return offerMsg;
    }

    /** @return whether the guest has a consumer */
    public boolean consumer() {
        return consumer;
    }

    /** @return gstate */
    public String gstate() {
        return gstate;
    }

    /** @return the head of h2g's kind, or null */
    public String h2gHead() {
        return h2g.isEmpty() ? null : h2g.get(0).t();
    }

    /** @return every action enabled now (GuestRcvRequest once per verdict) */
    public List<Action> enabledActions() {
        List<Action> out = new ArrayList<>();
        for (String name : new TreeSet<>(ALL_ACTIONS)) {
            for (boolean accepts : name.equals("GuestRcvRequest") ? List.of(false, true) : List.of(false)) {
                Action a = new Action(name, accepts);
                if (copy().apply(a)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** @return whether {@code a} is enabled */
    public boolean enabled(Action a) {
        return copy().apply(a);
    }

    /** Takes {@code a}; it must be enabled. */
    public void step(Action a) {
        if (!apply(a)) {
            throw new IllegalStateException("action " + a + " in " + this + " (expected: enabled)");
        }
    }

    private boolean apply(Action a) {
        return switch (a.name()) {
            case "HostSendNegotiate" -> hostSendNegotiate();
            case "HostRcvNegotiateResponse" -> hostRcvNegotiateResponse();
            case "HostNegotiateTimeout" -> hostNegotiateTimeout();
            case "HostSendRequest" -> hostSendRequest();
            case "HostRcvResponse" -> hostRcvResponse();
            case "GuestRcvNegotiate" -> guestRcvNegotiate();
            case "GuestRcvRequest" -> guestRcvRequest(a.accepts());
            case "GuestDeliverRequest" -> guestDeliverRequest();
            default -> throw new IllegalArgumentException("action: " + a + " (expected: one of " + ALL_ACTIONS + ")");
        };
    }

    private boolean hostSendNegotiate() {
        if (!hstate.equals("idle")) {
            return false;
        }
        hstate = "waitVersion";
        h2g.add(new Msg("negReq", false, 0, 0));
        return true;
    }

    private boolean hostRcvNegotiateResponse() {
        if (!hstate.equals("waitVersion") || g2h.isEmpty() || !g2h.get(0).t().equals("negResp")) {
            return false;
        }
        Msg m = g2h.remove(0);
        if (m.ok() && offerFw.contains(m.fw()) && offerMsg.contains(m.msg())) {
            hstate = "ready";
            hfw = m.fw();
            hmsg = m.msg();
        } else {
            hstate = "failed";
        }
        return true;
    }

    private boolean hostNegotiateTimeout() {
        if (!hstate.equals("waitVersion") || !h2g.isEmpty() || !g2h.isEmpty()) {
            return false;
        }
        hstate = "failed";
        return true;
    }

    private boolean hostSendRequest() {
        if (!hstate.equals("ready") || nreq >= c.maxRequests()) {
            return false;
        }
        hstate = "waitResponse";
        nreq++;
        h2g.add(new Msg("req", false, 0, 0));
        return true;
    }

    private boolean hostRcvResponse() {
        if (!hstate.equals("waitResponse") || g2h.isEmpty() || !g2h.get(0).t().equals("resp")) {
            return false;
        }
        g2h.remove(0);
        hstate = "ready";
        return true;
    }

    private boolean guestRcvNegotiate() {
        if (h2g.isEmpty() || !h2g.get(0).t().equals("negReq")) {
            return false;
        }
        h2g.remove(0);
        long fw = pick(c.guestFw(), offerFw);
        long msg = pick(c.guestMsg(), offerMsg);
        if (fw != 0 && msg != 0) {
            gstate = "ready";
            gfw = fw;
            gmsg = msg;
            g2h.add(new Msg("negResp", true, fw, msg));
        } else {
            gstate = "unnegotiated";
            gfw = 0;
            gmsg = 0;
            if (!c.policy().equals("freebsd")) {
                g2h.add(new Msg("negResp", false, 0, 0));
            }
        }
        return true;
    }

    /** Pick: FreeBSD the highest offered at most g[1], the others the first of g (in order) that was offered. */
    private long pick(List<Long> g, List<Long> offered) {
        if (c.policy().equals("freebsd")) {
            long best = 0;
            for (long v : offered) {
                if (v <= g.get(0) && v > best) {
                    best = v;
                }
            }
            return best;
        }
        for (long v : g) {
            if (offered.contains(v)) {
                return v;
            }
        }
        return 0;
    }

    private boolean guestRcvRequest(boolean accepts) {
        if (h2g.isEmpty() || !h2g.get(0).t().equals("req")) {
            return false;
        }
        h2g.remove(0);
        boolean ok = gstate.equals("ready") && consumer && accepts;
        g2h.add(new Msg("resp", ok, 0, 0));
        if (ok) {
            toDeliver++;
            answeredOk++;
        }
        return true;
    }

    private boolean guestDeliverRequest() {
        if (!consumer || toDeliver == 0) {
            return false;
        }
        toDeliver--;
        delivered++;
        return true;
    }

    /** @return every variable as TLC prints it, parsed */
    public Map<String, Object> variables() {
        Map<String, Object> v = new LinkedHashMap<>();
        Map<String, Object> offer = new TreeMap<>();
        offer.put("fw", offerFw);
        offer.put("msg", offerMsg);
        v.put("offer", offer);
        v.put("consumer", consumer);
        v.put("h2g", h2g.stream().map(Msg::tla).toList());
        v.put("g2h", g2h.stream().map(Msg::tla).toList());
        v.put("hstate", hstate);
        v.put("hfw", hfw);
        v.put("hmsg", hmsg);
        v.put("gstate", gstate);
        v.put("gfw", gfw);
        v.put("gmsg", gmsg);
        v.put("acting", false);
        v.put("toDeliver", (long) toDeliver);
        v.put("delivered", (long) delivered);
        v.put("answeredOk", (long) answeredOk);
        v.put("nreq", (long) nreq);
        return v;
    }

    @Override
    public String toString() {
        return "IcSpecModel" + variables();
    }
}
