package org.hvref.ring.model;

import java.util.List;

/**
 * The state both {@link RingSpecModel} and the Java ring ({@link SteppedRing}) can show, compared after every step
 * of a model-based test.
 *
 * @param wi         write_index in the control page
 * @param ri         read_index in the control page
 * @param mask       interrupt_mask
 * @param pend       pending_send_sz
 * @param sigR       the reader's doorbell (writer → reader) is raised
 * @param sigW       the writer's doorbell (reader → writer) is raised
 * @param wpc        writer program counter ({@code idle, full, pending, sleep, publish, readmask, decide})
 * @param rpc        reader program counter ({@code idle, drain, readpend, decidepend, recheck, ...})
 * @param wpos       the writer's private write position (spec: the copy goes to {@code wi})
 * @param rcommitted the read index the reader last committed (spec: {@code ri})
 * @param rr         the reader's private read index
 * @param rhead      packets read in the current batch and not yet committed
 * @param inflight   packets copied and not yet committed ({@code ring}), as found in ring memory for Java
 * @param nsent      packets the writer copied
 * @param recv       sequence numbers of the packets the reader handed out, in order
 */
public record RingAbstraction(int wi, int ri, int mask, int pend, boolean sigR, boolean sigW, String wpc, String rpc,
                              int wpos, int rcommitted, int rr, int rhead, List<RingSpecModel.Packet> inflight,
                              int nsent, List<Integer> recv) {

    /** Freezes the lists. */
    public RingAbstraction {
        inflight = List.copyOf(inflight);
        recv = List.copyOf(recv);
    }

    /** The fields that differ from {@code other}, as {@code name: this vs other}, or an empty string. */
    public String diff(RingAbstraction other) {
        StringBuilder sb = new StringBuilder();
        add(sb, "wi", wi, other.wi);
        add(sb, "ri", ri, other.ri);
        add(sb, "mask", mask, other.mask);
        add(sb, "pend", pend, other.pend);
        add(sb, "sigR", sigR, other.sigR);
        add(sb, "sigW", sigW, other.sigW);
        add(sb, "wpc", wpc, other.wpc);
        add(sb, "rpc", rpc, other.rpc);
        add(sb, "wpos", wpos, other.wpos);
        add(sb, "rcommitted", rcommitted, other.rcommitted);
        add(sb, "rr", rr, other.rr);
        add(sb, "rhead", rhead, other.rhead);
        add(sb, "inflight", inflight, other.inflight);
        add(sb, "nsent", nsent, other.nsent);
        add(sb, "recv", recv, other.recv);
        return sb.toString();
    }

    private static void add(StringBuilder sb, String name, Object a, Object b) {
        if (!a.equals(b)) {
            sb.append(sb.length() == 0 ? "" : "; ").append(name).append(": ").append(a).append(" vs ").append(b);
        }
    }
}
