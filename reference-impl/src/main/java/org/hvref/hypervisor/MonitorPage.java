package org.hvref.hypervisor;

import static org.hvref.hypervisor.MonitorPageDescriptor.GROUP_COUNT;
import static org.hvref.hypervisor.MonitorPageDescriptor.MONITORS_PER_GROUP;
import static org.hvref.hypervisor.MonitorPageDescriptor.checkMonitorId;

import java.util.Objects;
import org.hvref.memory.GuestMemory;

/**
 * Flyweight over a 4 KiB monitor page in guest memory (layout in {@link MonitorPageDescriptor}); every field access
 * goes to guest memory, pending bits with atomic operations.
 */
public final class MonitorPage {
    private final GuestMemory memory;
    private final long base;

    /**
     * @param memory guest memory
     * @param gpa    guest physical address of the page, 4 KiB aligned and inside {@code memory}
     * @throws HypervisorException if the address is not such a page
     */
    public MonitorPage(GuestMemory memory, long gpa) {
        this.memory = Objects.requireNonNull(memory, "memory");
        SynIc.checkPageGpa(memory, "monitor page gpa", gpa);
        this.base = gpa;
    }

    /** @return the guest physical address of the page */
    public long gpa() {
        return base;
    }

    /** Zeroes the whole page (Linux zeroes both pages before INITIATE_CONTACT, vmbus-core.md §1.7). */
    public void clear() {
        memory.fill(base, MonitorPageDescriptor.PAGE_SIZE, (byte) 0);
    }

    /** @return {@code trigger_state} (bits 0–3: group enable) */
    public int triggerState() {
        return memory.getIntVolatile(base + MonitorPageDescriptor.TRIGGER_STATE_OFFSET);
    }

    /** @param group trigger group 0..3, enabled by setting its bit in {@code trigger_state} */
    public void enableGroup(int group) {
        checkGroup(group);
        memory.getAndBitwiseOrInt(base + MonitorPageDescriptor.TRIGGER_STATE_OFFSET, 1 << group);
    }

    /** @param group trigger group 0..3 @return whether its enable bit is set in {@code trigger_state} */
    public boolean groupEnabled(int group) {
        checkGroup(group);
        return (triggerState() & (1 << group)) != 0;
    }

    /** @param group trigger group 0..3 @return its {@code pending} bits */
    public int pending(int group) {
        checkGroup(group);
        return memory.getIntVolatile(base + MonitorPageDescriptor.pendingOffset(group));
    }

    /**
     * Sets the pending bit of a monitor atomically (what a guest does to kick a monitored channel, §1.6).
     *
     * @param monitorId 0..127
     * @return whether the bit was clear before
     */
    public boolean setPending(int monitorId) {
        checkMonitorId(monitorId);
        int bit = 1 << (monitorId % MONITORS_PER_GROUP);
        long word = base + MonitorPageDescriptor.pendingOffset(monitorId / MONITORS_PER_GROUP);
        return (memory.getAndBitwiseOrInt(word, bit) & bit) == 0;
    }

    /**
     * Atomically reads and clears the pending bits of a group.
     *
     * @param group trigger group 0..3
     * @return the bits that were pending
     */
    public int takePending(int group) {
        checkGroup(group);
        return memory.getAndSetInt(base + MonitorPageDescriptor.pendingOffset(group), 0);
    }

    /** @param group trigger group 0..3 @return its {@code armed} bits */
    public int armed(int group) {
        checkGroup(group);
        return memory.getIntVolatile(base + MonitorPageDescriptor.armedOffset(group));
    }

    /** @param monitorId 0..127 @return its {@code latency} (u16; units not confirmed by any source) */
    public int latency(int monitorId) {
        checkMonitorId(monitorId);
        return memory.getShort(base + MonitorPageDescriptor.latencyOffset(monitorId)) & 0xFFFF;
    }

    /** @param monitorId 0..127 @param latency u16 value to store */
    public void setLatency(int monitorId, int latency) {
        checkMonitorId(monitorId);
        memory.putShort(base + MonitorPageDescriptor.latencyOffset(monitorId), (short) latency);
    }

    /** @param monitorId 0..127 @return the {@code connection_id} of its parameter entry */
    public int connectionId(int monitorId) {
        checkMonitorId(monitorId);
        return memory.getInt(base + MonitorPageDescriptor.parameterOffset(monitorId));
    }

    /** @param monitorId 0..127 @return the {@code flag_number} of its parameter entry (u16) */
    public int flagNumber(int monitorId) {
        checkMonitorId(monitorId);
        return memory.getShort(base + MonitorPageDescriptor.parameterOffset(monitorId)
                + MonitorPageDescriptor.PARAMETER_FLAG_OFFSET) & 0xFFFF;
    }

    /**
     * Writes a parameter entry.
     *
     * @param monitorId    0..127
     * @param connectionId the connection id signalled when the monitor's pending bit is seen
     * @param flagNumber   flag number (u16)
     */
    public void setParameter(int monitorId, int connectionId, int flagNumber) {
        checkMonitorId(monitorId);
        long p = base + MonitorPageDescriptor.parameterOffset(monitorId);
        memory.putInt(p, connectionId);
        memory.putShort(p + MonitorPageDescriptor.PARAMETER_FLAG_OFFSET, (short) flagNumber);
        memory.putShort(p + MonitorPageDescriptor.PARAMETER_FLAG_OFFSET + 2, (short) 0);
    }

    private static void checkGroup(int group) {
        if (group < 0 || group >= GROUP_COUNT) {
            throw new IllegalArgumentException("trigger group: " + group + " (expected: 0.." + (GROUP_COUNT - 1) + ")");
        }
    }

    @Override
    public String toString() {
        return "MonitorPage[gpa=0x" + Long.toHexString(base) + "]";
    }
}
