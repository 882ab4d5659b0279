package org.hvref.ic.shutdown;

import org.hvref.ic.protocol.IcStatus;

/** How a host shutdown request ended (devices-ic-input-video.md §3 host result, §1.7 host states). */
public sealed interface ShutdownResult {
    /** The guest answered S_OK and will act (OVMM shutdown.rs WaitShutdown: status 0 → Ok). */
    record Accepted() implements ShutdownResult {
    }

    /**
     * The guest answered another status (OVMM: anything else → Failed(status)).
     *
     * @param status the guest's HRESULT
     */
    record Refused(int status) implements ShutdownResult {
        @Override
        public String toString() {
            return "Refused[" + IcStatus.describe(status) + "]";
        }
    }

    /**
     * The channel went away (close, rescind, failed negotiation, malformed answer) before an answer.
     *
     * @param why the reason
     */
    record ChannelLost(String why) implements ShutdownResult {
    }

    /**
     * The request was not sent at all (ic §1.7: OVMM NotReady / AlreadyInProgress).
     *
     * @param reason why
     */
    record NotSent(Reason reason) implements ShutdownResult {
    }

    /** Why a request was not sent. */
    enum Reason {
        /** The channel is not negotiated (ic §1.7: requests before Ready get "NotReady"). */
        NOT_READY,
        /** Another request is queued or in flight (ic §1.7: "AlreadyInProgress"; one outstanding per channel). */
        ALREADY_IN_PROGRESS
    }
}
