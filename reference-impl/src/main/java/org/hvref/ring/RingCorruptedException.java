package org.hvref.ring;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/**
 * The peer left the ring's control page or data in a state no correct peer produces, e.g. {@code write index:
 * 4100 (expected: < 4096, multiple of 8)}. The reader or writer that detects it stays failed until reset.
 */
public final class RingCorruptedException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final RingError reason;
    private final int offset;

    /**
     * Creates the exception without a data offset.
     *
     * @param reason  the reason
     * @param message message in the {@code what: actual (expected: ...)} grammar
     */
    public RingCorruptedException(RingError reason, String message) {
        this(reason, message, -1);
    }

    /**
     * Creates the exception.
     *
     * @param reason  the reason
     * @param message message in the {@code what: actual (expected: ...)} grammar
     * @param offset  data-region offset of the offending packet, or -1 if none
     */
    public RingCorruptedException(RingError reason, String message, int offset) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.offset = offset;
    }

    @Override
    public RingError reason() {
        return reason;
    }

    /** @return data-region offset of the offending packet, or -1 if the error is not about one packet */
    public int offset() {
        return offset;
    }
}
