package org.hvref.ic;

import org.hvref.ic.protocol.IcVersion;

/** Guest IC channel state (devices-ic-input-video.md §1.7): not negotiated, or negotiated with two versions. */
public sealed interface IcClientState {
    /** Open, no successful NEGOTIATE yet (or the last one failed). */
    record Unnegotiated() implements IcClientState {
    }

    /**
     * Negotiated: requests of the service are answered.
     *
     * @param framework the chosen framework version
     * @param message   the chosen service message version
     */
    record Ready(IcVersion framework, IcVersion message) implements IcClientState {
    }
}
