package org.hvref.channel.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The part of VmbusChannel's state that the Java cores expose, computed from the naive model ({@link #of}) or from
 * the Java cores ({@link ChannelCores#abstraction()}): host connection and its version, channel and GPADL states
 * ({@link org.hvref.channel.host.VmbusServer#connection()}, {@code channelState}, {@code gpadl},
 * {@code pendingGpadl}), guest connection, channel and GPADL states and the rescind flag of live channels
 * ({@link org.hvref.channel.guest.VmbusClient#state()}, {@code channelState}, {@code isRescinded},
 * {@code gpadlState}/{@code liveGpadls}), both message queues decoded to spec messages, and which of the guest
 * API's futures are still pending (except while unloading, when the Java guest fails them at once and the spec
 * keeps the requests until UNLOAD_RESPONSE).
 *
 * @param hconn  host connection
 * @param hver   spec version of the host's connection, 0 when none
 * @param hch    host channel state per relid
 * @param hgp    host GPADL [st, r, n] per handle
 * @param gconn  guest connection state
 * @param gch    guest channel state per relid
 * @param gresc  rescinded, per relid, for channels the guest holds ({@code gch # "none"})
 * @param ggp    guest GPADL state per handle
 * @param g2h    guest → host messages
 * @param h2g    host → guest messages
 * @param pending the guest requests still waiting for the host: {@code connect}, {@code offers}, {@code unload},
 *                {@code open r}, {@code modify r}, {@code create h}, {@code teardown h}
 */
public record ChannelAbstraction(String hconn, int hver, List<String> hch, List<ChannelSpecModel.Gp> hgp, String gconn,
                                 List<String> gch, List<Boolean> gresc, List<String> ggp,
                                 List<ChannelSpecModel.Msg> g2h, List<ChannelSpecModel.Msg> h2g,
                                 Set<String> pending) {

    /** @return the abstraction of the model's state */
    public static ChannelAbstraction of(ChannelSpecModel m) {
        ChannelSpecModel.Config c = m.config();
        List<String> hch = new ArrayList<>();
        List<String> gch = new ArrayList<>();
        List<Boolean> gresc = new ArrayList<>();
        for (int r = 1; r <= c.relids(); r++) {
            hch.add(m.hch(r));
            gch.add(m.gch(r));
            gresc.add(!m.gch(r).equals("none") && m.gresc(r));
        }
        List<ChannelSpecModel.Gp> hgp = new ArrayList<>();
        List<String> ggp = new ArrayList<>();
        for (int h = 1; h <= c.handles(); h++) {
            hgp.add(m.hgp(h));
            ggp.add(m.ggp(h).st());
        }
        Set<String> pending = new TreeSet<>();
        switch (m.gconn()) {
            case "contacting" -> pending.add("connect");
            case "requesting" -> pending.add("offers");
            case "unloading" -> pending.add("unload");
            default -> {
                // no connection-level request outstanding
            }
        }
        if (!m.gconn().equals("unloading")) {
            for (int r = 1; r <= c.relids(); r++) {
                if (m.gch(r).equals("opening")) {
                    pending.add("open " + r);
                }
                if (m.gmod(r)) {
                    pending.add("modify " + r);
                }
            }
            for (int h = 1; h <= c.handles(); h++) {
                String st = m.ggp(h).st();
                if (st.equals("header") || st.equals("creating")) {
                    pending.add("create " + h);
                } else if (st.equals("tearing")) {
                    pending.add("teardown " + h);
                }
            }
        }
        return new ChannelAbstraction(m.hconn(), m.hver(), hch, hgp, m.gconn(), gch, gresc, ggp, m.g2h(), m.h2g(),
            pending);
    }

    /** @return the components that differ, "model vs java" */
    public String diff(ChannelAbstraction o) {
        StringBuilder sb = new StringBuilder();
        diff(sb, "hconn", hconn, o.hconn);
        diff(sb, "hver", hver, o.hver);
        diff(sb, "hch", hch, o.hch);
        diff(sb, "hgp", hgp, o.hgp);
        diff(sb, "gconn", gconn, o.gconn);
        diff(sb, "gch", gch, o.gch);
        diff(sb, "gresc", gresc, o.gresc);
        diff(sb, "ggp", ggp, o.ggp);
        diff(sb, "g2h", g2h, o.g2h);
        diff(sb, "h2g", h2g, o.h2g);
        diff(sb, "pending", pending, o.pending);
        return sb.toString();
    }

    private static void diff(StringBuilder sb, String name, Object a, Object b) {
        if (!a.equals(b)) {
            sb.append(name).append(": ").append(a).append(" vs ").append(b).append("; ");
        }
    }
}
