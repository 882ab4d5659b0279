package org.hvref.ic;

/**
 * What acts on answered service requests in the guest (a shutdown daemon, a clock setter, ...). The IC client works
 * without one: it then answers E_FAIL (hazards.md M11: the handshake must tolerate an absent consumer).
 */
@FunctionalInterface
public interface IcRequestConsumer {
    /**
     * Acts on a request the guest has already answered S_OK.
     *
     * @param request the request
     */
    void onRequest(IcServiceRequest request);
}
