package org.hvref.memory;

import org.hvref.wire.ProtocolException;

/**
 * A guest physical address (range) that guest memory cannot serve, e.g. {@code gpa range: 0x2000+16 (expected:
 * within 0x0..0x2000)}. Addresses usually come from the peer (GPADL page lists), hence a protocol exception.
 */
public final class GuestMemoryException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final GuestMemoryError reason;

    /**
     * Creates the exception.
     *
     * @param reason  why the access was refused
     * @param message message in the {@code what: actual (expected: ...)} grammar
     */
    public GuestMemoryException(GuestMemoryError reason, String message) {
        super(message);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    @Override
    public GuestMemoryError reason() {
        return reason;
    }
}
