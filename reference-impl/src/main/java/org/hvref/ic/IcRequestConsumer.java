package org.hvref.ic;

import java.nio.ByteBuffer;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcStatus;

/**
 * What answers and acts on service requests in the guest (a heartbeat responder, a shutdown daemon, a clock setter,
 * a file-copy daemon). The IC client works without one: it then answers E_FAIL (hazards.md M11: the handshake must
 * tolerate an absent consumer).
 */
@FunctionalInterface
public interface IcRequestConsumer {
    /**
     * Acts on a request the guest has already answered S_OK (never called for a refused request).
     *
     * @param request the request
     */
    void onRequest(IcServiceRequest request);

    /**
     * Decides the answer before it is sent: guests answer in place (devices-ic-input-video.md §1.2), so this returns
     * the status and may rewrite fields of the answer's payload (the heartbeat's sequence number + 1, §2). Only an
     * S_OK answer is followed by {@link #onRequest}. A {@link org.hvref.wire.ProtocolException} (a payload too short
     * for the service) is answered E_FAIL. The default accepts and echoes the payload.
     *
     * @param header        the request's IC header
     * @param answerPayload the answer's payload (icmsgsize bytes, little-endian, writable view of the answer packet)
     * @return the HRESULT for the answer's status field ({@link IcStatus})
     */
    default int answer(IcHeader header, ByteBuffer answerPayload) {
        return IcStatus.S_OK;
    }
}
