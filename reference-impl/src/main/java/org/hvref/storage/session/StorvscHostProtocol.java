package org.hvref.storage.session;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hvref.storage.protocol.MalformedStorvscPacketException;
import org.hvref.storage.protocol.OpaquePayload;
import org.hvref.storage.protocol.StorageChannelProperties;
import org.hvref.storage.protocol.StorvscDeviceClass;
import org.hvref.storage.protocol.SubChannelCount;
import org.hvref.storage.protocol.VmScsiRequest;
import org.hvref.storage.protocol.VstorOperation;
import org.hvref.storage.protocol.VstorPacket;
import org.hvref.storage.protocol.VstorPacketCodec;
import org.hvref.storage.protocol.VstorPacketForm;
import org.hvref.storage.protocol.VstorPayload;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.hvref.storage.protocol.VstorStatus;
import org.hvref.storage.protocol.VstorVersionPayload;

/**
 * The VSP side of a StorVSC primary channel, sans-IO (devices-net-storage-pci.md §3.4, §3.5; the order of OVMM-STOR
 * {@code process_primary}: BEGIN → QUERY_VERSION → QUERY_PROPERTIES → END_INITIALIZATION → READY).
 *
 * <p>Every guest packet gets exactly one answer: a COMPLETE_IO in the step, or, for EXECUTE_SRB in READY, an
 * {@link StorvscHostEvent.ExecuteSrb} the owner completes with {@link #srbCompletion}. A packet out of order is
 * completed with INVALID_DEVICE_STATE and leaves the state as it was; a refused version with REVISION_MISMATCH (the
 * guest may retry); a bad sub-channel count with INVALID_PARAMETER; an operation only the host sends (COMPLETE_IO,
 * REMOVE_DEVICE, ENUMERATE_BUS, EVENT_NOTIFICATION) with INVALID_DEVICE_REQUEST; malformed bytes with
 * INVALID_PARAMETER and the {@link MalformedStorvscPacketException} in {@link StorvscHostStep#rejected()}. Resets
 * complete at once with SUCCESS ("These operations have always been no-ops", §3.5). Completions have the negotiated
 * form (the Win8+ form before a version is agreed, or the request's form while answering the version query).
 */
public final class StorvscHostProtocol {
    private final StorvscDeviceClass deviceClass;
    private final List<VstorProtocolVersion> accepted;
    private final int maxSubChannels;
    private final long maxTransferBytes;
    private StorvscHostState state = StorvscHostState.BEGIN;
    private VstorProtocolVersion version;

    /**
     * Creates a VSP with openvmm's choices: versions 2.0, 4.2, 5.1, 6.0, max transfer 256 KiB (§3.1, §3.4).
     *
     * @param deviceClass    the controller (IDE offers no sub-channels, §3.6)
     * @param maxSubChannels sub-channels offered from 5.1 on (0 for none)
     */
    public StorvscHostProtocol(StorvscDeviceClass deviceClass, int maxSubChannels) {
        this(deviceClass, VstorProtocolVersion.OPENVMM_ACCEPTS, maxSubChannels,
                StorageChannelProperties.OPENVMM_MAX_TRANSFER_BYTES);
    }

    /**
     * Creates a VSP.
     *
     * @param deviceClass      the controller
     * @param accepted         versions it accepts (non-empty)
     * @param maxSubChannels   sub-channels offered from 5.1 on, 0..65535 (must be 0 for IDE)
     * @param maxTransferBytes max_transfer_bytes to announce, 0..2^32-1
     */
    public StorvscHostProtocol(StorvscDeviceClass deviceClass, List<VstorProtocolVersion> accepted,
            int maxSubChannels, long maxTransferBytes) {
        this.deviceClass = Objects.requireNonNull(deviceClass, "deviceClass");
        this.accepted = List.copyOf(accepted);
        if (this.accepted.isEmpty()) {
            throw new IllegalArgumentException("accepted versions: none (expected: at least one)");
        }
        if (maxSubChannels < 0 || maxSubChannels > 0xFFFF || (maxSubChannels > 0 && !deviceClass.allowsSubChannels())) {
            throw new IllegalArgumentException("max sub-channels: " + maxSubChannels + " (expected: 0.." + (
                    deviceClass.allowsSubChannels() ? "65535" : "0 for " + deviceClass) + ")");
        }
        new StorageChannelProperties(0, 0, maxTransferBytes);
        this.maxSubChannels = maxSubChannels;
        this.maxTransferBytes = maxTransferBytes;
    }

    /** @return the current state */
    public StorvscHostState state() {
        return state;
    }

    /** @return the negotiated version, empty before one is accepted */
    public Optional<VstorProtocolVersion> version() {
        return Optional.ofNullable(version);
    }

    /** Back to BEGIN, as when the primary channel closes (§3.4 "Closing the primary channel resets"). */
    public void reset() {
        state = StorvscHostState.BEGIN;
        version = null;
    }

    /**
     * Handles one in-band packet from the guest.
     *
     * @param bytes  holds the packet from offset 0
     * @param length its length
     * @return the answer
     */
    public StorvscHostStep onPacket(byte[] bytes, int length) {
        VstorPacket request;
        try {
            request = VstorPacketCodec.decode(bytes, length, version == null ? null : version.form(), null);
        } catch (MalformedStorvscPacketException e) {
            return new StorvscHostStep(Optional.of(status(form(), VstorStatus.INVALID_PARAMETER)),
                    new StorvscHostEvent.None(), Optional.of(e));
        }
        return onRequest(request);
    }

    private StorvscHostStep onRequest(VstorPacket request) {
        VstorOperation op = request.operation();
        switch (op) {
            case BEGIN_INITIALIZATION:
                return transition(StorvscHostState.BEGIN, StorvscHostState.QUERY_VERSION);
            case QUERY_PROTOCOL_VERSION:
                return queryVersion(request);
            case QUERY_PROPERTIES:
                if (state != StorvscHostState.QUERY_PROPERTIES) {
                    return outOfOrder();
                }
                state = StorvscHostState.END_INITIALIZATION;
                return StorvscHostStep.complete(VstorPacket.completion(form(), VstorStatus.SUCCESS, properties()));
            case FCHBA_DATA:
                if (state != StorvscHostState.END_INITIALIZATION || deviceClass != StorvscDeviceClass.FIBRE_CHANNEL) {
                    return outOfOrder();
                }
                return StorvscHostStep.complete(status(form(), VstorStatus.SUCCESS));
            case END_INITIALIZATION:
                if (state != StorvscHostState.END_INITIALIZATION) {
                    return outOfOrder();
                }
                state = StorvscHostState.READY;
                return StorvscHostStep.complete(status(form(), VstorStatus.SUCCESS),
                        new StorvscHostEvent.Ready(version));
            case CREATE_SUB_CHANNELS:
                return createSubChannels((SubChannelCount) request.payload());
            case EXECUTE_SRB:
                if (state != StorvscHostState.READY) {
                    return outOfOrder();
                }
                return new StorvscHostStep(Optional.empty(),
                        new StorvscHostEvent.ExecuteSrb((VmScsiRequest) request.payload()), Optional.empty());
            case RESET_LUN:
            case RESET_ADAPTER:
            case RESET_BUS:
                if (state != StorvscHostState.READY) {
                    return outOfOrder();
                }
                return StorvscHostStep.complete(status(form(), VstorStatus.SUCCESS));
            default:
                return StorvscHostStep.complete(status(form(), VstorStatus.INVALID_DEVICE_REQUEST));
        }
    }

    private StorvscHostStep transition(StorvscHostState from, StorvscHostState to) {
        if (state != from) {
            return outOfOrder();
        }
        state = to;
        return StorvscHostStep.complete(status(form(), VstorStatus.SUCCESS));
    }

    private StorvscHostStep queryVersion(VstorPacket request) {
        if (state != StorvscHostState.QUERY_VERSION) {
            return outOfOrder();
        }
        VstorVersionPayload offered = (VstorVersionPayload) request.payload();
        if (!accepted.contains(offered.version())) {
            return StorvscHostStep.complete(VstorPacket.completion(request.form(), VstorStatus.REVISION_MISMATCH,
                    offered));
        }
        version = offered.version();
        state = StorvscHostState.QUERY_PROPERTIES;
        return StorvscHostStep.complete(VstorPacket.completion(request.form(), VstorStatus.SUCCESS, offered));
    }

    private StorvscHostStep createSubChannels(SubChannelCount count) {
        if (state != StorvscHostState.END_INITIALIZATION && state != StorvscHostState.READY) {
            return outOfOrder();
        }
        if (offeredSubChannels() == 0 || count.count() < 1 || count.count() > offeredSubChannels()) {
            return StorvscHostStep.complete(status(form(), VstorStatus.INVALID_PARAMETER));
        }
        return StorvscHostStep.complete(status(form(), VstorStatus.SUCCESS),
                new StorvscHostEvent.SubChannelsRequested(count.count()));
    }

    /**
     * Builds the completion of an EXECUTE_SRB the SCSI target ran (§3.5): COMPLETE_IO, flags 0, the NTSTATUS that
     * {@link VstorStatus#ofSrbStatus} maps the SRB status to.
     *
     * @param completed the request with statuses, transferred length and sense filled in
     * @return the completion in the negotiated form
     * @throws IllegalStateException before READY
     */
    public VstorPacket srbCompletion(VmScsiRequest completed) {
        if (state != StorvscHostState.READY) {
            throw new IllegalStateException("srb completion in state " + state + " (expected: READY)");
        }
        return VstorPacket.completion(form(), VstorStatus.ofSrbStatus(completed.srbStatus()), completed);
    }

    /** @return sub-channels this VSP offers at the negotiated version (none below 5.1, §3.4 step 3) */
    private int offeredSubChannels() {
        return version != null && version.isAtLeast(VstorProtocolVersion.WIN8) ? maxSubChannels : 0;
    }

    private StorageChannelProperties properties() {
        int sub = offeredSubChannels();
        return new StorageChannelProperties(sub, sub > 0 ? StorageChannelProperties.SUPPORTS_MULTI_CHANNEL : 0,
                maxTransferBytes);
    }

    private StorvscHostStep outOfOrder() {
        return StorvscHostStep.complete(status(form(), VstorStatus.INVALID_DEVICE_STATE));
    }

    private VstorPacketForm form() {
        return version == null ? VstorPacketForm.WIN8 : version.form();
    }

    private static VstorPacket status(VstorPacketForm form, int status) {
        VstorPayload zeros = OpaquePayload.zeros(form);
        return VstorPacket.completion(form, status, zeros);
    }
}
