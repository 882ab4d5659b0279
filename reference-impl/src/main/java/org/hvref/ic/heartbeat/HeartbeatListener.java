package org.hvref.ic.heartbeat;

/** Told about heartbeat rounds, misses and the guest's health; called with the service's lock held, must not block. */
public interface HeartbeatListener {
    /** Hears nothing. */
    HeartbeatListener NONE = new HeartbeatListener() {
    };

    /**
     * A round completed: the guest answered {@code sequence + 1}.
     *
     * @param sequence   the host's sequence number
     * @param roundNanos host clock time from sending to the answer
     */
    default void onRound(long sequence, long roundNanos) {
    }

    /** @param miss a missed heartbeat */
    default void onMissed(HeartbeatMiss miss) {
    }

    /** @param consecutiveMisses the guest has missed this many heartbeats in a row, reaching the limit */
    default void onUnresponsive(int consecutiveMisses) {
    }

    /** @param why the channel was lost (failed negotiation, close, rescind) */
    default void onChannelLost(String why) {
    }
}
