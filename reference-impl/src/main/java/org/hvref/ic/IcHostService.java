package org.hvref.ic;

import java.util.Optional;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcVersion;

/**
 * The host side of one IC service above {@link IcHostNegotiator} (devices-ic-input-video.md §1.7 host steps): it
 * says what to ask next and learns what the guest answered; the channel keeps at most one request outstanding.
 *
 * <p>The channel calls {@link #bind} once when it is opened, then {@link #nextRequest} whenever it is READY (after
 * the negotiation, after each answer, and whenever the service signals through the bound callback that it has work).
 */
public interface IcHostService {
    /** @return the service this provider speaks */
    IcService service();

    /**
     * Gives the service the callback that makes the channel ask {@link #nextRequest} again (e.g. after a heartbeat
     * tick or a shutdown request); calling it when the channel is busy or unnegotiated is harmless.
     *
     * @param requestReady the callback
     */
    default void bind(Runnable requestReady) {
    }

    /** @return the payload (icmsgsize bytes after the IC header) of the next request to send now, if any */
    Optional<byte[]> nextRequest();

    /**
     * The guest answered the last request.
     *
     * @param header  the answer's IC header (its status is the guest's verdict)
     * @param payload the answer's payload (icmsgsize bytes)
     */
    void onResponse(IcHeader header, byte[] payload);

    /**
     * The negotiation succeeded with these versions; later requests carry them (payload layouts may depend on the
     * message version, e.g. time sync 4.0).
     *
     * @param framework the framework version
     * @param message   the message version
     */
    default void onNegotiated(IcVersion framework, IcVersion message) {
    }

    /**
     * The channel is unusable (negotiation failed, a malformed answer, close or rescind): work waiting for an answer
     * fails, nothing waits for ever.
     *
     * @param why the reason
     */
    void onChannelLost(String why);
}
