package org.hvref.ic.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A naive Java transcription of {@code FileCopy.tla} with every bug switch off and the bounds of {@code
 * MCFileCopyMbt} (sizes 0..2, writes of 1..2 units), optionally restricted by its {@code JavaChoices} (a WRITE or
 * COMPLETE is refused only when it cannot be applied). {@link #variables()} has the form {@link
 * org.hvref.mbt.TlaValues} parses TLC's states into.
 */
public final class FileCopySpecModel {

    /** The twelve actions of {@code Next}. */
    public static final Set<String> ALL_ACTIONS = Set.of("HostSendStart", "HostSendWrite", "HostSendComplete",
        "HostSendCancel", "HostReceiveReply", "HostVanish", "GuestStartOk", "GuestWrite", "GuestComplete",
        "GuestReject", "GuestCancel", "GuestAbandon");

    /** Sizes a START may declare. */
    static final List<Integer> SIZES = List.of(0, 1, 2);
    /** Lengths a WRITE may carry. */
    static final List<Integer> WRITE_LENS = List.of(1, 2);
    static final int MAX_SIZE = 2;

    /**
     * One step with its parameters: HostSendStart (a = ow 0/1, b = size), HostSendWrite (a = off, b = len),
     * HostReceiveReply (a = ok 0/1); 0 otherwise.
     */
    public record Action(String name, int a, int b) {
        static Action of(String name) {
            return new Action(name, 0, 0);
        }

        @Override
        public String toString() {
            return switch (name) {
                case "HostSendStart" -> name + "(ow=" + (a == 1) + ", size=" + b + ")";
                case "HostSendWrite" -> name + "(off=" + a + ", len=" + b + ")";
                case "HostReceiveReply" -> name + "(ok=" + (a == 1) + ")";
                default -> name;
            };
        }
    }

    /** The request in flight: op "none", "start" (ow, size), "write" (off, len), "complete", "cancel". */
    record Req(String op, int x, int y) {
        static final Req NONE = new Req("none", 0, 0);

        Map<String, Object> tla() {
            Map<String, Object> m = new TreeMap<>();
            m.put("op", op);
            if (op.equals("start")) {
                m.put("ow", x == 1);
                m.put("size", (long) y);
            } else if (op.equals("write")) {
                m.put("off", (long) x);
                m.put("len", (long) y);
            }
            return m;
        }
    }

    private final boolean javaChoices;
    boolean hostUp = true;
    Req req = Req.NONE;
    String rep = "none";
    String g = "idle";
    int declared;
    boolean sessOw;
    boolean tempExists;
    int tempLen;
    String fin;
    boolean finalWhole = true;
    boolean finalDurable = true;

    /**
     * The initial state.
     *
     * @param targetExists Init's choice {@code final = "old"} (else "none")
     * @param javaChoices  whether {@code JavaChoices} restricts the refusals
     */
    public FileCopySpecModel(boolean targetExists, boolean javaChoices) {
        this.fin = targetExists ? "old" : "none";
        this.javaChoices = javaChoices;
    }

    /** @return an independent copy */
    public FileCopySpecModel copy() {
        FileCopySpecModel m = new FileCopySpecModel(false, javaChoices);
        m.hostUp = hostUp;
        m.req = req;
        m.rep = rep;
        m.g = g;
        m.declared = declared;
        m.sessOw = sessOw;
        m.tempExists = tempExists;
        m.tempLen = tempLen;
        m.fin = fin;
        m.finalWhole = finalWhole;
        m.finalDurable = finalDurable;
        return m;
    }

    /** @return every enabled action, with its parameters */
    public List<Action> enabledActions() {
        List<Action> all = new ArrayList<>();
        for (int ow = 0; ow <= 1; ow++) {
            for (int size : SIZES) {
                all.add(new Action("HostSendStart", ow, size));
            }
        }
        for (int off = 0; off <= MAX_SIZE; off++) {
            for (int len : WRITE_LENS) {
                all.add(new Action("HostSendWrite", off, len));
            }
        }
        all.add(new Action("HostReceiveReply", 0, 0));
        all.add(new Action("HostReceiveReply", 1, 0));
        for (String n : List.of("HostSendComplete", "HostSendCancel", "HostVanish", "GuestStartOk", "GuestWrite",
            "GuestComplete", "GuestReject", "GuestCancel", "GuestAbandon")) {
            all.add(Action.of(n));
        }
        List<Action> out = new ArrayList<>();
        for (Action a : all) {
            if (enabled(a)) {
                out.add(a);
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

    private boolean hostIdle() {
        return hostUp && req.equals(Req.NONE) && rep.equals("none");
    }

    private boolean blocked(boolean ow) {
        return !fin.equals("none") && !ow;
    }

    boolean writeApplicable() {
        return g.equals("open") && req.x() == tempLen && req.x() + req.y() <= declared;
    }

    boolean completeApplicable() {
        return g.equals("open") && tempLen == declared && !blocked(sessOw);
    }

    private boolean apply(Action a) {
        switch (a.name()) {
            case "HostSendStart", "HostSendWrite", "HostSendComplete", "HostSendCancel" -> {
                if (!hostIdle()) {
                    return false;
                }
                req = switch (a.name()) {
                    case "HostSendStart" -> new Req("start", a.a(), a.b());
                    case "HostSendWrite" -> new Req("write", a.a(), a.b());
                    case "HostSendComplete" -> new Req("complete", 0, 0);
                    default -> new Req("cancel", 0, 0);
                };
                return true;
            }
            case "HostReceiveReply" -> {
                if (!hostUp || !rep.equals(a.a() == 1 ? "ok" : "fail")) {
                    return false;
                }
                rep = "none";
                return true;
            }
            case "HostVanish" -> {
                if (!hostUp) {
                    return false;
                }
                hostUp = false;
                req = Req.NONE;
                rep = "none";
                return true;
            }
            case "GuestStartOk" -> {
                if (!req.op().equals("start") || !g.equals("idle") || blocked(req.x() == 1)) {
                    return false;
                }
                g = "open";
                declared = req.y();
                sessOw = req.x() == 1;
                tempExists = true;
                tempLen = 0;
                answer("ok");
                return true;
            }
            case "GuestWrite" -> {
                if (!req.op().equals("write") || !writeApplicable()) {
                    return false;
                }
                tempLen += req.y();
                answer("ok");
                return true;
            }
            case "GuestComplete" -> {
                if (!req.op().equals("complete") || !completeApplicable()) {
                    return false;
                }
                fin = "copy";
                finalWhole = tempLen == declared;
                finalDurable = true;
                tempExists = false;
                g = "idle";
                answer("ok");
                return true;
            }
            case "GuestReject" -> {
                String op = req.op();
                if (!(op.equals("start") || op.equals("write") || op.equals("complete"))) {
                    return false;
                }
                if (javaChoices && (op.equals("write") && writeApplicable()
                    || op.equals("complete") && completeApplicable())) {
                    return false;
                }
                g = "idle";
                tempExists = false;
                answer("fail");
                return true;
            }
            case "GuestCancel" -> {
                if (!req.op().equals("cancel")) {
                    return false;
                }
                g = "idle";
                tempExists = false;
                answer("ok");
                return true;
            }
            case "GuestAbandon" -> {
                if (hostUp) {
                    return false;
                }
                g = "idle";
                tempExists = false;
                return true;
            }
            default -> throw new IllegalArgumentException("action: " + a + " (expected: one of " + ALL_ACTIONS + ")");
        }
    }

    private void answer(String status) {
        req = Req.NONE;
        rep = status;
    }

    /** @return every variable as TLC prints it, parsed */
    public Map<String, Object> variables() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("hostUp", hostUp);
        v.put("req", req.tla());
        v.put("rep", rep);
        v.put("g", g);
        v.put("declared", (long) declared);
        v.put("sessOw", sessOw);
        v.put("tempExists", tempExists);
        v.put("tempLen", (long) tempLen);
        v.put("final", fin);
        v.put("finalWhole", finalWhole);
        v.put("finalDurable", finalDurable);
        v.put("clobbered", false);
        v.put("lateWrite", false);
        return v;
    }

    /**
     * The part the Java sides can be read back into: the channel (hostUp, req, rep), the guest session (g) and the
     * file system (tempExists, tempLen while the temporary file exists, final, finalWhole).
     */
    public Map<String, Object> observable() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("hostUp", hostUp);
        v.put("req", req.tla());
        v.put("rep", rep);
        v.put("g", g);
        v.put("tempExists", tempExists);
        v.put("tempLen", tempExists ? (long) tempLen : 0L);
        v.put("final", fin);
        v.put("finalWhole", finalWhole);
        return v;
    }

    @Override
    public String toString() {
        return "FileCopySpecModel" + variables();
    }
}
