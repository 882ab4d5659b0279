package org.hvref.ic.model;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.hvref.ic.IcClientState;
import org.hvref.ic.IcClientStep;
import org.hvref.ic.IcGuestVersions;
import org.hvref.ic.IcHostNegotiator;
import org.hvref.ic.IcHostResult;
import org.hvref.ic.IcRequestConsumer;
import org.hvref.ic.IcService;
import org.hvref.ic.IcServiceClient;
import org.hvref.ic.IcServiceRequest;
import org.hvref.ic.IcVersionPolicy;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcFlags;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcMessageType;
import org.hvref.ic.protocol.IcNegotiate;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.trace.RecordingTracer;
import org.hvref.trace.TraceEvent;

/**
 * The unmodified Java IC host ({@link IcHostNegotiator}) and guest ({@link IcServiceClient}) of one shutdown channel,
 * wired by two packet queues (the ring pair) and one {@link RecordingTracer}, driven one IcNegotiation action at a
 * time. The guest's {@link IcRequestConsumer} answers with the verdict the step names; it is absent when the model
 * has no consumer. {@link #abstraction()} reads the packets in flight and both sides back into IcNegotiation's
 * variables.
 */
final class IcJavaSides {
    private final IcSpecModel.Config config;
    private final List<Long> offerFw;
    private final List<Long> offerMsg;
    private final boolean hasConsumer;
    private final RecordingTracer tracer = new RecordingTracer();
    private final IcHostNegotiator host;
    private final IcServiceClient guest;
    private final Deque<byte[]> h2g = new ArrayDeque<>();
    private final Deque<byte[]> g2h = new ArrayDeque<>();
    private final Deque<IcServiceRequest> toDeliver = new ArrayDeque<>();
    private boolean verdict;
    private int answerCalls;
    private int delivered;
    private int answeredOk;
    private int nreq;

    IcJavaSides(IcSpecModel.Config config, List<Long> offerFw, List<Long> offerMsg, boolean consumer) {
        this.config = config;
        this.offerFw = List.copyOf(offerFw);
        this.offerMsg = List.copyOf(offerMsg);
        this.hasConsumer = consumer;
        host = new IcHostNegotiator(IcService.SHUTDOWN, versions(offerFw), versions(offerMsg), tracer);
        IcRequestConsumer c = new IcRequestConsumer() {
            @Override
            public void onRequest(IcServiceRequest request) {
                delivered++;
            }

            @Override
            public int answer(IcHeader header, ByteBuffer answerPayload) {
                answerCalls++;
                return verdict ? IcStatus.S_OK : IcStatus.E_FAIL;
            }
        };
        IcGuestVersions gv = new IcGuestVersions(IcVersionPolicy.valueOf(config.policy().toUpperCase(Locale.ROOT)),
            versions(config.guestFw()), versions(config.guestMsg()));
        guest = new IcServiceClient(IcService.SHUTDOWN, gv, consumer ? c : null, tracer);
    }

    private static List<IcVersion> versions(List<Long> numbers) {
        return numbers.stream().map(n -> new IcVersion((int) (n >> 16), (int) (n & 0xFFFF))).toList();
    }

    /** @return the events recorded so far */
    List<TraceEvent> events() {
        return tracer.events();
    }

    /** @return how often the consumer's answer() was asked */
    int answerCalls() {
        return answerCalls;
    }

    /**
     * Makes the Java call(s) of one action; packets go into the queues.
     *
     * @return the host's result where the action is a host receive or timeout, else null
     */
    IcHostResult perform(IcSpecModel.Action a) {
        switch (a.name()) {
            case "HostSendNegotiate" -> h2g.add(host.negotiateRequest());
            case "HostRcvNegotiateResponse", "HostRcvResponse" -> {
                byte[] p = g2h.remove();
                return host.onPacket(p, p.length);
            }
            case "HostNegotiateTimeout" -> {
                return host.timeout();
            }
            case "HostSendRequest" -> {
                nreq++;
                h2g.add(host.request(new byte[] {1, 0, 0, 0}));
            }
            case "GuestRcvNegotiate", "GuestRcvRequest" -> {
                verdict = a.accepts();
                byte[] p = h2g.remove();
                IcClientStep step = guest.onPacket(p, p.length);
                step.response().ifPresent(out -> {
                    if (a.name().equals("GuestRcvRequest") && IcCodec.decodeHeader(out, out.length).status()
                        == IcStatus.S_OK) {
                        answeredOk++;
                    }
                    g2h.add(out);
                });
                step.delivery().ifPresent(toDeliver::add);
            }
            case "GuestDeliverRequest" -> guest.deliver(toDeliver.remove());
            default -> throw new IllegalArgumentException("action: " + a);
        }
        return null;
    }

    /** @return IcNegotiation's variables as read from the Java sides and the packets in flight */
    Map<String, Object> abstraction() {
        Map<String, Object> v = new LinkedHashMap<>();
        Map<String, Object> offer = new TreeMap<>();
        offer.put("fw", offerFw);
        offer.put("msg", offerMsg);
        v.put("offer", offer);
        v.put("consumer", hasConsumer);
        v.put("h2g", messages(h2g));
        v.put("g2h", messages(g2h));
        v.put("hstate", switch (host.state()) {
            case IDLE -> "idle";
            case WAIT_VERSION -> "waitVersion";
            case READY -> "ready";
            case WAIT_RESPONSE -> "waitResponse";
            case FAILED -> "failed";
        });
        v.put("hfw", number(host.framework()));
        v.put("hmsg", number(host.message()));
        IcClientState gs = guest.state();
        v.put("gstate", gs instanceof IcClientState.Ready ? "ready" : "unnegotiated");
        v.put("gfw", gs instanceof IcClientState.Ready r ? number(r.framework()) : 0L);
        v.put("gmsg", gs instanceof IcClientState.Ready r ? number(r.message()) : 0L);
        v.put("acting", false);
        v.put("toDeliver", (long) toDeliver.size());
        v.put("delivered", (long) delivered);
        v.put("answeredOk", (long) answeredOk);
        v.put("nreq", (long) nreq);
        return v;
    }

    private static long number(IcVersion v) {
        return v == null ? 0L : v.toLinuxInt();
    }

    /** Decodes the packets in flight into IcNegotiation messages. */
    private static List<Map<String, Object>> messages(Deque<byte[]> queue) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (byte[] p : queue) {
            IcHeader h = IcCodec.decodeHeader(p, p.length);
            Map<String, Object> m = new TreeMap<>();
            boolean negotiate = h.messageType().equals(IcMessageType.NEGOTIATE);
            if (IcFlags.isRequest(h.flags())) {
                m.put("t", negotiate ? "negReq" : "req");
            } else if (negotiate) {
                IcNegotiate n = IcCodec.decodeNegotiate(p, p.length);
                boolean ok = h.status() == IcStatus.S_OK && n.isSingleChoice();
                m.put("t", "negResp");
                m.put("ok", ok);
                m.put("fw", ok ? (long) n.frameworkVersions().get(0).toLinuxInt() : 0L);
                m.put("msg", ok ? (long) n.messageVersions().get(0).toLinuxInt() : 0L);
            } else {
                m.put("t", "resp");
                m.put("ok", h.status() == IcStatus.S_OK);
            }
            out.add(m);
        }
        return out;
    }

    @Override
    public String toString() {
        return "java " + abstraction() + " host " + host + " guest " + guest;
    }
}
