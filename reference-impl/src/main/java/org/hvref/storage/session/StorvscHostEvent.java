package org.hvref.storage.session;

import java.util.Objects;
import org.hvref.storage.protocol.VmScsiRequest;
import org.hvref.storage.protocol.VstorProtocolVersion;

/** What a guest packet asks of the VSP's owner besides the completion (devices-net-storage-pci.md §3.4, §3.5). */
public sealed interface StorvscHostEvent {

    /** Nothing beyond the completion. */
    record None() implements StorvscHostEvent {
    }

    /**
     * An EXECUTE_SRB for the SCSI target; the owner completes it with {@link StorvscHostProtocol#srbCompletion}.
     *
     * @param srb the request
     */
    record ExecuteSrb(VmScsiRequest srb) implements StorvscHostEvent {
        /** Checks presence. */
        public ExecuteSrb {
            Objects.requireNonNull(srb, "srb");
        }
    }

    /**
     * CREATE_SUB_CHANNELS accepted: the owner offers {@code count} sub-channels (§3.4 step 6).
     *
     * @param count sub-channels, 1..max
     */
    record SubChannelsRequested(int count) implements StorvscHostEvent {
    }

    /**
     * END_INITIALIZATION accepted: the VSP is ready, sub-channels may start (§3.4 step 5).
     *
     * @param version the negotiated version
     */
    record Ready(VstorProtocolVersion version) implements StorvscHostEvent {
    }
}
