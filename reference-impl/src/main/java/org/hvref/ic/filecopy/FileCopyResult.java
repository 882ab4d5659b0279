package org.hvref.ic.filecopy;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * How one host-to-guest copy ended ({@link FileCopyHostService#copy}).
 *
 * @param outcome           {@link HostCopyState#COMPLETED}, {@link HostCopyState#CANCELLED} or
 *                          {@link HostCopyState#FAILED}
 * @param bytesAcknowledged bytes the guest acknowledged (after a failure or cancel the guest has removed them)
 * @param totalBytes        the host file's size announced in START
 * @param status            S_OK unless FAILED; then the guest's first failure HRESULT ({@link FileCopyStatus}), or
 *                          E_FAIL for a host-side read failure
 * @param failedOperation   the request the guest refused (or, with {@code localFailure}, the WRITE the host could
 *                          not read), empty unless FAILED
 * @param localFailure      the host-side read failure, if the host file could not be read to the end
 */
public record FileCopyResult(HostCopyState outcome, long bytesAcknowledged, long totalBytes, int status,
                             Optional<FileCopyOperation> failedOperation, Optional<IOException> localFailure) {
    /** Checks that the outcome is terminal and the failure fields appear exactly on FAILED. */
    public FileCopyResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(failedOperation, "failedOperation");
        Objects.requireNonNull(localFailure, "localFailure");
        if (outcome != HostCopyState.COMPLETED && outcome != HostCopyState.CANCELLED
                && outcome != HostCopyState.FAILED) {
            throw new IllegalArgumentException("outcome: " + outcome + " (expected: COMPLETED, CANCELLED or FAILED)");
        }
        boolean failed = outcome == HostCopyState.FAILED;
        if (failed != (status != FileCopyStatus.S_OK) || failed != failedOperation.isPresent()) {
            throw new IllegalArgumentException("result: " + outcome + " status=" + FileCopyStatus.name(status)
                    + " failedOperation=" + failedOperation + " (expected: a failure status and operation exactly "
                    + "when FAILED)");
        }
    }

    /** @return whether the file is in place on the guest */
    public boolean ok() {
        return outcome == HostCopyState.COMPLETED;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(outcome.name()).append(' ').append(bytesAcknowledged).append('/')
                .append(totalBytes).append(" bytes");
        failedOperation.ifPresent(op -> sb.append(", ").append(op).append(" refused: ")
                .append(FileCopyStatus.name(status)));
        localFailure.ifPresent(e -> sb.append(", host read failure: ").append(e.getMessage()));
        return sb.toString();
    }
}
