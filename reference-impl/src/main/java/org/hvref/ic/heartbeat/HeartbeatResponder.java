package org.hvref.ic.heartbeat;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.hvref.ic.IcRequestConsumer;
import org.hvref.ic.IcServiceRequest;
import org.hvref.ic.protocol.IcHeader;
import org.hvref.ic.protocol.IcStatus;

/**
 * The guest's heartbeat daemon (devices-ic-input-video.md §2 guest step 3): answers in place with the sequence
 * number plus one, the reserved bytes (36..) echoed, status S_OK; a payload shorter than the sequence number is
 * refused ({@link HeartbeatException}, answered E_FAIL — Linux would drop it, hvref always answers: ic §1.4
 * recommendation, hazards.md M11).
 */
public final class HeartbeatResponder implements IcRequestConsumer {
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong lastAnswer = new AtomicLong(-1);

    @Override
    public int answer(IcHeader header, ByteBuffer answerPayload) {
        if (answerPayload.remaining() < HeartbeatDescriptor.MIN_LENGTH) {
            throw new HeartbeatException(HeartbeatError.TOO_SHORT, "heartbeat payload: " + answerPayload.remaining()
                    + " bytes (expected: >= " + HeartbeatDescriptor.MIN_LENGTH + ")");
        }
        long next = answerPayload.getLong(HeartbeatDescriptor.SEQUENCE_OFFSET) + 1;
        answerPayload.putLong(HeartbeatDescriptor.SEQUENCE_OFFSET, next);
        lastAnswer.set(next);
        answered.incrementAndGet();
        return IcStatus.S_OK;
    }

    @Override
    public void onRequest(IcServiceRequest request) {
        // nothing to act on: the answer is the heartbeat
    }

    /** @return heartbeats answered S_OK */
    public long answered() {
        return answered.get();
    }

    /** @return the last sequence number sent back, or -1 */
    public long lastAnswer() {
        return lastAnswer.get();
    }
}
