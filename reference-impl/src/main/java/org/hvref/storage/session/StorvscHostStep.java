package org.hvref.storage.session;

import java.util.Objects;
import java.util.Optional;
import org.hvref.storage.protocol.MalformedStorvscPacketException;
import org.hvref.storage.protocol.VstorPacket;

/**
 * The VSP's answer to one guest packet.
 *
 * @param completion the COMPLETE_IO to send with the request's transaction id; empty for EXECUTE_SRB (the owner
 *                   completes it after the SCSI target ran)
 * @param event      what the owner must do besides
 * @param rejected   the decoding failure when the packet was malformed (then completed with INVALID_PARAMETER)
 */
public record StorvscHostStep(Optional<VstorPacket> completion, StorvscHostEvent event,
        Optional<MalformedStorvscPacketException> rejected) {
    /** Checks presence. */
    public StorvscHostStep {
        Objects.requireNonNull(completion, "completion");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(rejected, "rejected");
    }

    static StorvscHostStep complete(VstorPacket completion) {
        return new StorvscHostStep(Optional.of(completion), new StorvscHostEvent.None(), Optional.empty());
    }

    static StorvscHostStep complete(VstorPacket completion, StorvscHostEvent event) {
        return new StorvscHostStep(Optional.of(completion), event, Optional.empty());
    }
}
