package org.hvref.hypervisor;

/**
 * A task run by a {@link ConcurrentScheduler} threw; rethrown from {@link ConcurrentScheduler#awaitIdle} or {@link
 * ConcurrentScheduler#close()} with the task's exception as cause (later failures are attached as suppressed).
 */
public final class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Side side;
    private final String label;

    /**
     * @param side  the side whose task failed
     * @param label the task's label
     * @param cause what it threw
     */
    public TaskFailedException(Side side, String label, Throwable cause) {
        super("task failed: " + side + " \"" + label + "\": " + cause, cause);
        this.side = side;
        this.label = label;
    }

    /** @return the side whose task failed */
    public Side side() {
        return side;
    }

    /** @return the label of the failed task */
    public String label() {
        return label;
    }
}
