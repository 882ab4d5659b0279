package org.hvref.hypervisor;

/**
 * The guest's interrupt handler for one SINT; called as a {@link Side#GUEST} task when the hypervisor asserts the SINT
 * (a message was put in the slot or an event flag was set). Assertions that arrive while an earlier one is still
 * queued are coalesced, so the handler must consume everything present (slot and flags), like a real ISR.
 */
@FunctionalInterface
public interface SintHandler {
    /**
     * @param vp   the virtual processor whose SINT was asserted
     * @param sint the SINT number
     */
    void onInterrupt(int vp, int sint);
}
