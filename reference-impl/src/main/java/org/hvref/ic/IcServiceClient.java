package org.hvref.ic;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcFlags;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcHeaderDescriptor;
import org.hvref.ic.protocol.IcMessageError;
import org.hvref.ic.protocol.IcMessageType;
import org.hvref.ic.protocol.IcNegotiate;
import org.hvref.ic.protocol.IcNegotiateDescriptor;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.ic.protocol.MalformedIcMessageException;
import org.hvref.trace.SpecAction;
import org.hvref.trace.SpecTracer;
import org.hvref.wire.ProtocolException;

/**
 * The guest side of one IC channel (devices-ic-input-video.md §1.7), sans-IO: host packets in, answers out.
 *
 * <p>NEGOTIATE is handled in any state with the configured {@link IcVersionPolicy} (§1.4); a successful one makes the
 * channel {@link IcClientState.Ready}, a failed one {@link IcClientState.Unnegotiated} and answers as the family does.
 * A service request is answered before it is acted on: with the consumer's verdict ({@link IcRequestConsumer#answer})
 * when the channel is negotiated, the type is the service's and a consumer is attached; otherwise E_FAIL (an unknown type, a request before negotiation, no consumer — hazards.md
 * M11). Headers that cannot be parsed, or that are not host requests, raise {@link MalformedIcMessageException} and are
 * not answered.
 */
public final class IcServiceClient {
    private final IcService service;
    private final IcGuestVersions versions;
    private final SpecTracer tracer;
    private volatile IcRequestConsumer consumer;
    private IcClientState state = new IcClientState.Unnegotiated();

    /**
     * Creates a client for one channel.
     *
     * @param service  the service the channel carries
     * @param versions the guest's policy and lists
     * @param consumer what acts on requests, or {@code null} for none
     * @param tracer   the spec tracer ({@link SpecTracer#OFF} for none)
     */
    public IcServiceClient(IcService service, IcGuestVersions versions, IcRequestConsumer consumer,
                           SpecTracer tracer) {
        this.service = Objects.requireNonNull(service, "service");
        this.versions = Objects.requireNonNull(versions, "versions");
        this.consumer = consumer;
        this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    /** @return the current state */
    public synchronized IcClientState state() {
        return state;
    }

    /** @return the service */
    public IcService service() {
        return service;
    }

    /**
     * Attaches or detaches (null) the consumer; requests arriving without one are answered E_FAIL.
     *
     * @param newConsumer the consumer, or {@code null}
     */
    public void setConsumer(IcRequestConsumer newConsumer) {
        this.consumer = newConsumer;
    }

    /**
     * Handles one host packet and performs the step: sends the answer (if any), then delivers the request (if any).
     *
     * @param packet the packet
     * @param length its valid length
     * @param send   sends the answer to the host
     * @throws MalformedIcMessageException if the packet cannot be parsed or is not a host request
     */
    public void process(byte[] packet, int length, Consumer<byte[]> send) {
        IcClientStep step = onPacket(packet, length);
        step.response().ifPresent(send);
        step.delivery().ifPresent(this::deliver);
    }

    /**
     * Decides what to do with one host packet; the caller sends the answer, then calls {@link #deliver}.
     *
     * @param packet the packet
     * @param length its valid length
     * @return the answer and the request to deliver afterwards
     * @throws MalformedIcMessageException if the packet cannot be parsed or is not a host request
     */
    public synchronized IcClientStep onPacket(byte[] packet, int length) {
        IcHeader header = IcCodec.decodeHeader(packet, length);
        if (!IcFlags.isRequest(header.flags())) {
            throw new MalformedIcMessageException(IcMessageError.BAD_FLAGS, "host request icflags: 0x"
                    + Integer.toHexString(header.flags()) + " (expected: TRANSACTION|REQUEST set)");
        }
        if (header.messageType().equals(IcMessageType.NEGOTIATE)) {
            return negotiate(packet, length, header);
        }
        return answerRequest(packet, length, header);
    }

    /**
     * Hands an answered request to the consumer (after its answer was sent); does nothing if the consumer has gone.
     *
     * @param request the request from {@link IcClientStep#delivery()}
     */
    @SpecAction(spec = IcActions.SPEC, value = IcActions.GUEST_DELIVER_REQUEST)
    public void deliver(IcServiceRequest request) {
        IcRequestConsumer c = consumer;
        IcActions.record(tracer, IcActions.GUEST_DELIVER_REQUEST);
        if (c != null) {
            c.onRequest(request);
        }
    }

    @SpecAction(spec = IcActions.SPEC, value = IcActions.GUEST_RCV_NEGOTIATE)
    private IcClientStep negotiate(byte[] packet, int length, IcHeader header) {
        IcVersionPolicy policy = versions.policy();
        Optional<IcNegotiate> offer;
        try {
            offer = Optional.of(IcCodec.decodeNegotiate(packet, length));
        } catch (MalformedIcMessageException e) {
            offer = Optional.empty(); // ic §1.4 Linux step 3: bad counts or sizes are a failed negotiation
        }
        Optional<IcVersion> fw = offer.flatMap(o -> policy.select(versions.frameworks(), o.frameworkVersions()));
        Optional<IcVersion> msg = offer.flatMap(o -> policy.select(versions.messages(), o.messageVersions()));
        byte[] out = IcCodec.copyForAnswer(packet, length, IcNegotiateDescriptor.RESPONSE_LENGTH);
        IcHeader answer = header.withMessageSize(IcNegotiateDescriptor.RESPONSE_MESSAGE_SIZE)
                .withFlags(IcFlags.GUEST_RESPONSE);
        if (fw.isPresent() && msg.isPresent()) {
            state = new IcClientState.Ready(fw.get(), msg.get());
            IcCodec.writeHeader(out, answer.withStatus(IcStatus.S_OK));
            IcCodec.writeNegotiateAnswer(out, 1, 1, fw.get(), msg.get());
            traceNegotiate(true, true, fw.get(), msg.get());
            return new IcClientStep(Optional.of(out), Optional.empty());
        }
        state = new IcClientState.Unnegotiated();
        switch (policy.failureAnswer()) {
            case NO_RESPONSE -> {
                traceNegotiate(false, false, null, null);
                return new IcClientStep(Optional.empty(), Optional.empty());
            }
            case ZERO_COUNTS, ZERO_COUNTS_E_FAIL -> {
                // ic §1.4 Linux step 5 quirk: the slots then hold the old counts as "major", minor 0
                int[] counts = length >= IcNegotiateDescriptor.MIN_COUNTS_LENGTH ? IcCodec.rawNegotiateCounts(packet)
                        : new int[] {0, 0};
                IcHeader failed = policy.failureAnswer() == IcFailureAnswer.ZERO_COUNTS_E_FAIL
                        ? answer.withStatus(IcStatus.E_FAIL) : answer;
                IcCodec.writeHeader(out, failed);
                IcCodec.writeNegotiateAnswer(out, 0, 0, new IcVersion(counts[0], 0), new IcVersion(counts[1], 0));
                traceNegotiate(false, true, null, null);
                return new IcClientStep(Optional.of(out), Optional.empty());
            }
        }
        throw new AssertionError("unreachable: " + policy.failureAnswer());
    }

    private void traceNegotiate(boolean ok, boolean resp, IcVersion fw, IcVersion msg) {
        String policy = versions.policy().traceName();
        if (ok) {
            IcActions.record(tracer, IcActions.GUEST_RCV_NEGOTIATE, "policy", policy,
                    "gfw", IcActions.numbers(versions.frameworks()), "gmsg", IcActions.numbers(versions.messages()),
                    "ok", true, "resp", resp, "fw", fw.toLinuxInt(), "msg", msg.toLinuxInt());
        } else {
            IcActions.record(tracer, IcActions.GUEST_RCV_NEGOTIATE, "policy", policy,
                    "gfw", IcActions.numbers(versions.frameworks()), "gmsg", IcActions.numbers(versions.messages()),
                    "ok", false, "resp", resp);
        }
    }

    @SpecAction(spec = IcActions.SPEC, value = IcActions.GUEST_RCV_REQUEST)
    private IcClientStep answerRequest(byte[] packet, int length, IcHeader header) {
        IcRequestConsumer c = consumer;
        byte[] out = IcCodec.copyForAnswer(packet, length, length);
        int status = IcStatus.E_FAIL;
        if (state instanceof IcClientState.Ready && header.messageType().equals(service.messageType()) && c != null) {
            status = serviceVerdict(c, header, out);
        }
        boolean ok = status == IcStatus.S_OK;
        IcCodec.writeHeader(out, header.withStatus(status).withFlags(IcFlags.GUEST_RESPONSE));
        IcActions.record(tracer, IcActions.GUEST_RCV_REQUEST, "ok", ok);
        if (!ok) {
            return new IcClientStep(Optional.of(out), Optional.empty());
        }
        byte[] payload = Arrays.copyOfRange(packet, IcHeaderDescriptor.LENGTH,
                IcHeaderDescriptor.LENGTH + header.messageSize());
        return new IcClientStep(Optional.of(out), Optional.of(new IcServiceRequest(header, payload)));
    }

    private static int serviceVerdict(IcRequestConsumer c, IcHeader header, byte[] answer) {
        ByteBuffer payload = ByteBuffer.wrap(answer, IcHeaderDescriptor.LENGTH, header.messageSize()).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        try {
            return c.answer(header, payload);
        } catch (ProtocolException e) {
            return IcStatus.E_FAIL; // a payload the service cannot use is refused, never left unanswered (M11)
        }
    }

    @Override
    public synchronized String toString() {
        return "IcServiceClient[" + service + ", " + versions.policy() + ", " + state + "]";
    }
}
