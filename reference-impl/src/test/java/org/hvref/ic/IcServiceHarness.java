package org.hvref.ic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.ic.protocol.MalformedIcMessageException;
import org.hvref.trace.SpecTracer;

/**
 * Test wiring of one IC channel without VMBus: {@link IcHostNegotiator} + an {@link IcHostService} on the host side,
 * {@link IcServiceClient} + its consumer on the guest side, packets passed synchronously. The guest answer reaches the
 * host inside the guest's send step, i.e. before the consumer's {@code onRequest} runs (the real order).
 */
public final class IcServiceHarness {
    private final IcHostNegotiator host;
    private final IcHostService service;
    private final IcServiceClient guest;
    private final List<String> log;
    private final List<byte[]> answers = new ArrayList<>();
    private boolean pumping;

    /**
     * Wires the parts; the service's request callback pumps the channel.
     *
     * @param host    the host negotiator
     * @param service the host service
     * @param guest   the guest client
     * @param log     receives "answer" when a guest answer is sent (shared with test handlers to check order)
     */
    public IcServiceHarness(IcHostNegotiator host, IcHostService service, IcServiceClient guest, List<String> log) {
        this.host = host;
        this.service = service;
        this.guest = guest;
        this.log = log;
        service.bind(this::pump);
    }

    /**
     * A harness with the default host offer and a guest of the given family.
     *
     * @param service  the host service
     * @param policy   the guest family's version policy
     * @param consumer the guest consumer
     * @param log      the shared event log
     * @return the harness
     */
    public static IcServiceHarness of(IcHostService service, IcVersionPolicy policy, IcRequestConsumer consumer,
                                      List<String> log) {
        IcService s = service.service();
        return new IcServiceHarness(new IcHostNegotiator(s, SpecTracer.OFF), service,
                new IcServiceClient(s, IcGuestVersions.of(policy, s), consumer, SpecTracer.OFF), log);
    }

    /**
     * A harness with an explicit host message offer and a Linux-policy guest.
     *
     * @param service  the host service
     * @param offer    the host's message versions
     * @param consumer the guest consumer
     * @param log      the shared event log
     * @return the harness
     */
    public static IcServiceHarness offering(IcHostService service, List<IcVersion> offer, IcRequestConsumer consumer,
                                            List<String> log) {
        IcService s = service.service();
        return new IcServiceHarness(new IcHostNegotiator(s, IcService.HOST_FRAMEWORK_VERSIONS, offer,
                SpecTracer.OFF), service,
                new IcServiceClient(s, IcGuestVersions.of(IcVersionPolicy.LINUX, s), consumer, SpecTracer.OFF), log);
    }

    /**
     * Negotiates, tells the service, then pumps its first requests.
     *
     * @return the host's result
     */
    public IcHostResult negotiate() {
        byte[] req = host.negotiateRequest();
        Optional<byte[]> answer = guest.onPacket(req, req.length).response();
        IcHostResult r = answer.isPresent() ? host.onPacket(answer.get(), answer.get().length) : host.timeout();
        if (r instanceof IcHostResult.Negotiated n) {
            service.onNegotiated(n.framework(), n.message());
            pump();
        } else if (r instanceof IcHostResult.NegotiationFailed f) {
            service.onChannelLost(f.detail());
        }
        return r;
    }

    /** Sends the service's requests one at a time until it has none (re-entrant calls are absorbed). */
    public void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (host.state() == IcHostState.READY) {
                Optional<byte[]> payload = service.nextRequest();
                if (payload.isEmpty()) {
                    return;
                }
                byte[] packet = host.request(payload.get());
                guest.process(packet, packet.length, this::toHost);
            }
        } finally {
            pumping = false;
        }
    }

    private void toHost(byte[] answer) {
        answers.add(answer);
        log.add("answer");
        try {
            IcHostResult r = host.onPacket(answer, answer.length);
            if (r instanceof IcHostResult.Response resp) {
                service.onResponse(resp.header(), resp.payload());
            }
        } catch (MalformedIcMessageException e) {
            service.onChannelLost(e.getMessage());
        }
    }

    /** @return the guest answers so far, in order */
    public List<byte[]> answers() {
        return answers;
    }

    /** @return the host negotiator */
    public IcHostNegotiator host() {
        return host;
    }

    /** @return the guest client */
    public IcServiceClient guest() {
        return guest;
    }
}
