package org.hvref.ic;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.hvref.ic.protocol.IcCodec;
import org.hvref.ic.protocol.IcFlags;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcHeaderDescriptor;
import org.hvref.ic.protocol.IcMessageError;
import org.hvref.ic.protocol.IcMessageType;
import org.hvref.ic.protocol.IcNegotiate;
import org.hvref.ic.protocol.IcStatus;
import org.hvref.ic.protocol.IcVersion;
import org.hvref.ic.protocol.MalformedIcMessageException;
import org.hvref.trace.SpecAction;
import org.hvref.trace.SpecTracer;

/**
 * The host side of one IC channel (devices-ic-input-video.md §1.4 host steps, §1.7), sans-IO: it offers a configurable
 * framework and message list, requires a 1/1 answer naming offered versions, then puts them into every request header
 * and keeps at most one request outstanding. Responses must carry TRANSACTION|RESPONSE and transaction id 0 (OVMM
 * common.rs read_response).
 */
public final class IcHostNegotiator {
    private final IcService service;
    private final List<IcVersion> frameworks;
    private final List<IcVersion> messages;
    private final SpecTracer tracer;
    private IcHostState state = IcHostState.IDLE;
    private IcVersion framework;
    private IcVersion message;

    /**
     * Creates the host side with the default offer of the service (framework 1.0, 3.0; ic §1.5).
     *
     * @param service the service
     * @param tracer  the spec tracer
     */
    public IcHostNegotiator(IcService service, SpecTracer tracer) {
        this(service, IcService.HOST_FRAMEWORK_VERSIONS, service.hostVersions(), tracer);
    }

    /**
     * Creates the host side with an explicit offer.
     *
     * @param service    the service
     * @param frameworks framework versions offered, in wire order (1..100)
     * @param messages   message versions offered, in wire order (1..100)
     * @param tracer     the spec tracer
     */
    public IcHostNegotiator(IcService service, List<IcVersion> frameworks, List<IcVersion> messages,
                            SpecTracer tracer) {
        this.service = Objects.requireNonNull(service, "service");
        this.frameworks = List.copyOf(frameworks);
        this.messages = List.copyOf(messages);
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        if (this.frameworks.isEmpty() || this.messages.isEmpty() || this.frameworks.size() > 100
                || this.messages.size() > 100) {
            throw new IllegalArgumentException("offer: " + this.frameworks.size() + " framework, "
                    + this.messages.size() + " message versions (expected: 1 to 100 each)");
        }
    }

    /** @return the service this channel carries */
    public IcService service() {
        return service;
    }

    /** @return the current state */
    public synchronized IcHostState state() {
        return state;
    }

    /** @return the negotiated framework version, or {@code null} before success */
    public synchronized IcVersion framework() {
        return framework;
    }

    /** @return the negotiated message version, or {@code null} before success */
    public synchronized IcVersion message() {
        return message;
    }

    /**
     * Builds the NEGOTIATE request: header versions zero, TRANSACTION|REQUEST, transaction id 0 (ic §1.4 host step 1).
     *
     * @return the packet to send
     * @throws IllegalStateException unless IDLE
     */
    @SpecAction(spec = IcActions.SPEC, value = IcActions.HOST_SEND_NEGOTIATE)
    public synchronized byte[] negotiateRequest() {
        require(IcHostState.IDLE);
        IcVersion zero = new IcVersion(0, 0);
        byte[] packet = IcCodec.encodeNegotiate(IcHeader.hostRequest(IcMessageType.NEGOTIATE, zero, zero, 0),
                new IcNegotiate(frameworks, messages));
        state = IcHostState.WAIT_VERSION;
        IcActions.record(tracer, IcActions.HOST_SEND_NEGOTIATE, "hfw", IcActions.numbers(frameworks),
                "hmsg", IcActions.numbers(messages));
        return packet;
    }

    /**
     * Gives up waiting for the negotiate answer (the caller's timer fired): the channel fails.
     *
     * @return the failure
     * @throws IllegalStateException unless WAIT_VERSION
     */
    @SpecAction(spec = IcActions.SPEC, value = IcActions.HOST_NEGOTIATE_TIMEOUT)
    public synchronized IcHostResult timeout() {
        require(IcHostState.WAIT_VERSION);
        state = IcHostState.FAILED;
        IcActions.record(tracer, IcActions.HOST_NEGOTIATE_TIMEOUT);
        return new IcHostResult.NegotiationFailed(IcNegotiationError.TIMEOUT, "negotiate answer: none (expected: "
                + "an answer before the timeout)");
    }

    /**
     * Builds a service request with the negotiated versions in its header (ic §1.4 host step 3).
     *
     * @param payload the service payload (icmsgsize = its length)
     * @return the packet to send
     * @throws IllegalStateException unless READY
     */
    @SpecAction(spec = IcActions.SPEC, value = IcActions.HOST_SEND_REQUEST)
    public synchronized byte[] request(byte[] payload) {
        require(IcHostState.READY);
        byte[] packet = IcCodec.encode(IcHeader.hostRequest(service.messageType(), framework, message,
                payload.length), payload);
        state = IcHostState.WAIT_RESPONSE;
        IcActions.record(tracer, IcActions.HOST_SEND_REQUEST);
        return packet;
    }

    /**
     * Handles one guest packet: the negotiate answer in WAIT_VERSION, the service response in WAIT_RESPONSE.
     *
     * @param packet the packet
     * @param length its valid length
     * @return what it meant
     * @throws MalformedIcMessageException if it is malformed or unexpected (a failed negotiation then leaves the
     *                                     channel FAILED; a bad service response leaves it READY)
     */
    public synchronized IcHostResult onPacket(byte[] packet, int length) {
        return switch (state) {
            case WAIT_VERSION -> onNegotiateAnswer(packet, length);
            case WAIT_RESPONSE -> onResponse(packet, length);
            case IDLE, READY, FAILED -> throw new MalformedIcMessageException(IcMessageError.UNEXPECTED,
                    "ic packet in host state " + state + " (expected: WAIT_VERSION or WAIT_RESPONSE)");
        };
    }

    @SpecAction(spec = IcActions.SPEC, value = IcActions.HOST_RCV_NEGOTIATE_RESPONSE)
    private IcHostResult onNegotiateAnswer(byte[] packet, int length) {
        IcNegotiate answer;
        IcHeader header;
        try {
            header = checkResponse(packet, length, IcMessageType.NEGOTIATE);
            answer = IcCodec.decodeNegotiate(packet, length);
        } catch (MalformedIcMessageException e) {
            state = IcHostState.FAILED;
            IcActions.record(tracer, IcActions.HOST_RCV_NEGOTIATE_RESPONSE, "ok", false);
            throw e;
        }
        if (!answer.isSingleChoice() || header.status() != IcStatus.S_OK) {
            return fail(IcNegotiationError.NO_COMMON_VERSION, "negotiate answer: fw=" + answer.frameworkVersions()
                    .size() + " msg=" + answer.messageVersions().size() + " status="
                    + IcStatus.describe(header.status()) + " (expected: fw=1 msg=1 status=S_OK)");
        }
        IcVersion fw = answer.frameworkVersions().get(0);
        IcVersion msg = answer.messageVersions().get(0);
        if (!frameworks.contains(fw) || !messages.contains(msg)) {
            return fail(IcNegotiationError.NOT_OFFERED, "negotiate answer: fw=" + fw + " msg=" + msg
                    + " (expected: fw in " + frameworks + ", msg in " + messages + ")");
        }
        framework = fw;
        message = msg;
        state = IcHostState.READY;
        IcActions.record(tracer, IcActions.HOST_RCV_NEGOTIATE_RESPONSE, "ok", true, "fw", fw.toLinuxInt(),
                "msg", msg.toLinuxInt());
        return new IcHostResult.Negotiated(fw, msg);
    }

    private IcHostResult fail(IcNegotiationError error, String detail) {
        state = IcHostState.FAILED;
        IcActions.record(tracer, IcActions.HOST_RCV_NEGOTIATE_RESPONSE, "ok", false);
        return new IcHostResult.NegotiationFailed(error, detail);
    }

    @SpecAction(spec = IcActions.SPEC, value = IcActions.HOST_RCV_RESPONSE)
    private IcHostResult onResponse(byte[] packet, int length) {
        IcHeader header;
        try {
            header = checkResponse(packet, length, service.messageType());
        } catch (MalformedIcMessageException e) {
            state = IcHostState.READY;
            IcActions.record(tracer, IcActions.HOST_RCV_RESPONSE, "ok", false);
            throw e;
        }
        state = IcHostState.READY;
        IcActions.record(tracer, IcActions.HOST_RCV_RESPONSE, "ok", header.status() == IcStatus.S_OK);
        return new IcHostResult.Response(header, Arrays.copyOfRange(packet, IcHeaderDescriptor.LENGTH,
                IcHeaderDescriptor.LENGTH + header.messageSize()));
    }

    private static IcHeader checkResponse(byte[] packet, int length, IcMessageType expected) {
        IcHeader header = IcCodec.decodeHeader(packet, length);
        if (!IcFlags.isResponse(header.flags()) || header.transactionId() != 0) {
            throw new MalformedIcMessageException(IcMessageError.BAD_FLAGS, "ic response icflags=0x"
                    + Integer.toHexString(header.flags()) + " ictransaction_id=" + header.transactionId()
                    + " (expected: TRANSACTION|RESPONSE set, id 0)");
        }
        if (!header.messageType().equals(expected)) {
            throw new MalformedIcMessageException(IcMessageError.WRONG_TYPE, "ic response icmsgtype: "
                    + header.messageType() + " (expected: " + expected + ")");
        }
        return header;
    }

    private void require(IcHostState expected) {
        if (state != expected) {
            throw new IllegalStateException("ic host state: " + state + " (expected: " + expected + ")");
        }
    }

    @Override
    public synchronized String toString() {
        return "IcHostNegotiator[" + service + ", " + state + ", fw=" + framework + ", msg=" + message + "]";
    }
}
