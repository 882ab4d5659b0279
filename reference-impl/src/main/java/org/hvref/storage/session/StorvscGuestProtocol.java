package org.hvref.storage.session;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hvref.storage.protocol.MalformedStorvscPacketException;
import org.hvref.storage.protocol.OpaquePayload;
import org.hvref.storage.protocol.StorageChannelProperties;
import org.hvref.storage.protocol.SubChannelCount;
import org.hvref.storage.protocol.VstorOperation;
import org.hvref.storage.protocol.VstorPacket;
import org.hvref.storage.protocol.VstorPacketCodec;
import org.hvref.storage.protocol.VstorPacketForm;
import org.hvref.storage.protocol.VstorPayload;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.hvref.storage.protocol.VstorStatus;
import org.hvref.storage.protocol.VstorVersionPayload;

/**
 * The VSC side of StorVSC initialization, sans-IO, in Linux's order (devices-net-storage-pci.md §3.4; L-STOR
 * {@code storvsc_channel_init}): BEGIN_INITIALIZATION, QUERY_PROTOCOL_VERSION for each offered version newest first
 * until one is accepted, QUERY_PROPERTIES, END_INITIALIZATION, then CREATE_SUB_CHANNELS with
 * min(CPUs − 1, max_channel_cnt) when the host announces multi-channel and that is at least 1.
 *
 * <p>Each answer must be a COMPLETE_IO with status 0 (a version may also be refused: then the next is tried); any
 * other answer, malformed bytes, or a packet with nothing outstanding moves to {@link StorvscGuestState#FAILED} and
 * throws {@link StorvscSessionException}. Requests are sent in the Win8+ form until a pre-Win8 version is accepted.
 * The announced max_transfer_bytes is rounded down to 4 KiB (§3.9).
 */
public final class StorvscGuestProtocol {
    private final List<VstorProtocolVersion> offers;
    private final int onlineCpus;
    private StorvscGuestState state = StorvscGuestState.IDLE;
    private int nextOffer;
    private VstorProtocolVersion version;
    private StorageChannelProperties properties;
    private int subChannels;

    /**
     * Creates a VSC offering Linux's versions 6.2, 6.0, 5.1 (§3.1).
     *
     * @param onlineCpus CPUs of the guest (sub-channels are at most one less)
     */
    public StorvscGuestProtocol(int onlineCpus) {
        this(VstorProtocolVersion.LINUX_OFFERS, onlineCpus);
    }

    /**
     * Creates a VSC.
     *
     * @param offers     versions to offer, newest first (non-empty)
     * @param onlineCpus CPUs of the guest, at least 1
     */
    public StorvscGuestProtocol(List<VstorProtocolVersion> offers, int onlineCpus) {
        this.offers = List.copyOf(offers);
        if (this.offers.isEmpty()) {
            throw new IllegalArgumentException("offered versions: none (expected: at least one)");
        }
        if (onlineCpus < 1) {
            throw new IllegalArgumentException("online cpus: " + onlineCpus + " (expected: >= 1)");
        }
        this.onlineCpus = onlineCpus;
    }

    /** @return the current state */
    public StorvscGuestState state() {
        return state;
    }

    /** @return how many versions of the offer list were sent so far (the next one to try is at this index) */
    public int versionsTried() {
        return nextOffer;
    }

    /** @return the accepted version, empty before */
    public Optional<VstorProtocolVersion> version() {
        return Optional.ofNullable(version);
    }

    /** @return the host's channel properties (max transfer rounded down to 4 KiB), empty before */
    public Optional<StorageChannelProperties> properties() {
        return Optional.ofNullable(properties);
    }

    /** @return sub-channels requested and granted (0 if none) */
    public int subChannels() {
        return subChannels;
    }

    /**
     * Starts initialization.
     *
     * @return BEGIN_INITIALIZATION to send with completion requested
     * @throws IllegalStateException if already started
     */
    public VstorPacket start() {
        if (state != StorvscGuestState.IDLE) {
            throw new IllegalStateException("start in state " + state + " (expected: IDLE)");
        }
        state = StorvscGuestState.AWAIT_BEGIN;
        return request(VstorOperation.BEGIN_INITIALIZATION, OpaquePayload.zeros(form()));
    }

    /**
     * Handles the host's completion of the outstanding request.
     *
     * @param bytes  holds the packet from offset 0
     * @param length its length
     * @return the next request to send, empty when initialization is complete
     * @throws StorvscSessionException if the answer breaks initialization (the state is then FAILED)
     */
    public Optional<VstorPacket> onCompletion(byte[] bytes, int length) {
        VstorOperation answered = outstanding();
        VstorPacket answer;
        try {
            answer = VstorPacketCodec.decodeCompletion(bytes, length, answered);
        } catch (MalformedStorvscPacketException e) {
            throw fail(StorvscSessionError.MALFORMED, e.getMessage(), e);
        }
        if (answer.operation() != VstorOperation.COMPLETE_IO) {
            throw fail(StorvscSessionError.NOT_A_COMPLETION, "storvsc " + name(answered) + " answer operation: "
                    + answer.operation() + " (expected: COMPLETE_IO)", null);
        }
        if (answered == VstorOperation.QUERY_PROTOCOL_VERSION) {
            return onVersion(answer);
        }
        requireSuccess(answered, answer);
        switch (answered) {
            case BEGIN_INITIALIZATION:
                return Optional.of(offerNext());
            case QUERY_PROPERTIES:
                StorageChannelProperties p = (StorageChannelProperties) answer.payload();
                properties = new StorageChannelProperties(p.maxChannelCount(), p.flags(),
                        p.maxTransferBytes() & ~0xFFFL);
                state = StorvscGuestState.AWAIT_END;
                return Optional.of(request(VstorOperation.END_INITIALIZATION, OpaquePayload.zeros(form())));
            case END_INITIALIZATION:
                int wanted = properties.supportsMultiChannel()
                        ? Math.min(onlineCpus - 1, properties.maxChannelCount()) : 0;
                if (wanted < 1) {
                    state = StorvscGuestState.READY;
                    return Optional.empty();
                }
                subChannels = wanted;
                state = StorvscGuestState.AWAIT_SUB_CHANNELS;
                return Optional.of(request(VstorOperation.CREATE_SUB_CHANNELS, new SubChannelCount(wanted)));
            default:
                state = StorvscGuestState.READY;
                return Optional.empty();
        }
    }

    private Optional<VstorPacket> onVersion(VstorPacket answer) {
        VstorProtocolVersion offered = offers.get(nextOffer - 1);
        VstorProtocolVersion echoed = ((VstorVersionPayload) answer.payload()).version();
        if (answer.status() != VstorStatus.SUCCESS) {
            if (nextOffer < offers.size()) {
                return Optional.of(offerNext());
            }
            throw fail(StorvscSessionError.NO_COMMON_VERSION, "storvsc versions: none of " + offers
                    + " accepted (expected: one; \"Obsolete Hyper-V version\")", null);
        }
        if (!echoed.equals(offered)) {
            throw fail(StorvscSessionError.VERSION_MISMATCH, "storvsc version completion: " + echoed
                    + " (expected: " + offered + ")", null);
        }
        version = offered;
        state = StorvscGuestState.AWAIT_PROPERTIES;
        return Optional.of(request(VstorOperation.QUERY_PROPERTIES, StorageChannelProperties.NONE));
    }

    private VstorPacket offerNext() {
        VstorProtocolVersion v = offers.get(nextOffer++);
        state = StorvscGuestState.AWAIT_VERSION;
        return VstorPacket.request(VstorPacketForm.WIN8, VstorOperation.QUERY_PROTOCOL_VERSION,
                VstorVersionPayload.of(v));
    }

    private void requireSuccess(VstorOperation answered, VstorPacket answer) {
        if (answer.status() != VstorStatus.SUCCESS) {
            throw fail(StorvscSessionError.FAILED_STATUS, "storvsc " + name(answered) + " status: 0x"
                    + Integer.toHexString(answer.status()) + " (expected: 0)", null);
        }
    }

    private VstorOperation outstanding() {
        switch (state) {
            case AWAIT_BEGIN:
                return VstorOperation.BEGIN_INITIALIZATION;
            case AWAIT_VERSION:
                return VstorOperation.QUERY_PROTOCOL_VERSION;
            case AWAIT_PROPERTIES:
                return VstorOperation.QUERY_PROPERTIES;
            case AWAIT_END:
                return VstorOperation.END_INITIALIZATION;
            case AWAIT_SUB_CHANNELS:
                return VstorOperation.CREATE_SUB_CHANNELS;
            default:
                throw fail(StorvscSessionError.UNEXPECTED_PACKET, "storvsc completion in state " + state
                        + " (expected: a request outstanding)", null);
        }
    }

    private VstorPacket request(VstorOperation op, VstorPayload payload) {
        return VstorPacket.request(form(), op, payload);
    }

    private VstorPacketForm form() {
        return version == null ? VstorPacketForm.WIN8 : version.form();
    }

    private StorvscSessionException fail(StorvscSessionError reason, String message, Throwable cause) {
        state = StorvscGuestState.FAILED;
        return new StorvscSessionException(reason, message, cause);
    }

    private static String name(VstorOperation op) {
        return op.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
