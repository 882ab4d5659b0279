package org.hvref.hypervisor;

import java.util.Objects;
import org.hvref.wire.ProtocolException;

/**
 * Guest-controlled input that the simulated hypervisor refuses (a bad page GPA, SINT, flag or monitor id), e.g.
 * {@code simp gpa: 0x1234 (expected: 4 KiB aligned)}.
 */
public final class HypervisorException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final HypervisorError reason;

    /**
     * @param reason  why the input was refused
     * @param message message in the {@code what: actual (expected: ...)} grammar
     */
    public HypervisorException(HypervisorError reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public HypervisorError reason() {
        return reason;
    }
}
