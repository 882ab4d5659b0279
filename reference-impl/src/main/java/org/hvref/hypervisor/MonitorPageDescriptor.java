package org.hvref.hypervisor;

/**
 * Layout of a VMBus monitor (MNF) page, 4096 bytes; source: vmbus-core.md §1.7 (OHCL {@code struct hv_monitor_page};
 * OVMM {@code hvdef::HvMonitorPage}; FBSD {@code struct vmbus_mnf}).
 *
 * <pre>
 *  0x000  trigger_state u32 (bits 0-3 group_enable)     0x004  reserved u32
 *  0x008  trigger_group[4] { pending u32, armed u32 }   0x028  reserved (24 bytes)
 *  0x040  next_check_time[4][32] u32                    0x240  latency[4][32] u16
 *  0x340  reserved (256 bytes)                          0x440  parameter[4][32] { connection_id u32, flag u16, rsvd u16 }
 *  0x840  reserved (1984 bytes)
 *  monitor id m (0..127): group m / 32, bit m % 32
 * </pre>
 */
public final class MonitorPageDescriptor {
    private MonitorPageDescriptor() {
    }

    /** Page size (4096), vmbus-core.md §1.7. */
    public static final int PAGE_SIZE = 4096;
    /** Trigger groups per page (4), vmbus-core.md §1.7. */
    public static final int GROUP_COUNT = 4;
    /** Monitors per trigger group (32), vmbus-core.md §1.7. */
    public static final int MONITORS_PER_GROUP = 32;
    /** Monitor ids 0..127 ({@code MAX_MONITORS} = 128), vmbus-core.md §1.7. */
    public static final int MONITOR_COUNT = GROUP_COUNT * MONITORS_PER_GROUP;
    /** Offset of {@code trigger_state} (bits 0–3 group_enable), vmbus-core.md §1.7. */
    public static final int TRIGGER_STATE_OFFSET = 0x000;
    /** Offset of {@code trigger_group[0]}, vmbus-core.md §1.7. */
    public static final int TRIGGER_GROUP_OFFSET = 0x008;
    /** Size of one trigger group {pending u32, armed u32}, vmbus-core.md §1.7. */
    public static final int TRIGGER_GROUP_SIZE = 8;
    /** Offset of {@code pending} within a trigger group, vmbus-core.md §1.7. */
    public static final int PENDING_OFFSET_IN_GROUP = 0;
    /** Offset of {@code armed} within a trigger group, vmbus-core.md §1.7. */
    public static final int ARMED_OFFSET_IN_GROUP = 4;
    /** Offset of {@code next_check_time[4][32]} (u32 each), vmbus-core.md §1.7. */
    public static final int NEXT_CHECK_TIME_OFFSET = 0x040;
    /** Offset of {@code latency[4][32]} (u16 each; units not confirmed), vmbus-core.md §1.7. */
    public static final int LATENCY_OFFSET = 0x240;
    /** Offset of {@code parameter[4][32]}, vmbus-core.md §1.7. */
    public static final int PARAMETER_OFFSET = 0x440;
    /** Size of one parameter entry {connection_id u32, flag_number u16, reserved u16}, vmbus-core.md §1.7. */
    public static final int PARAMETER_SIZE = 8;
    /** Offset of {@code flag_number} within a parameter entry, vmbus-core.md §1.7. */
    public static final int PARAMETER_FLAG_OFFSET = 4;
    /** Offset of the trailing reserved area, vmbus-core.md §1.7. */
    public static final int TRAILING_RESERVED_OFFSET = 0x840;
    /** Monitor id meaning "no monitor allocated" (0xFF, OVMM {@code MonitorId::INVALID}), vmbus-core.md §1.7. */
    public static final int INVALID_MONITOR_ID = 0xFF;

    /** @param group trigger group 0..3 @return offset of its {@code pending} word */
    public static int pendingOffset(int group) {
        return TRIGGER_GROUP_OFFSET + group * TRIGGER_GROUP_SIZE + PENDING_OFFSET_IN_GROUP;
    }

    /** @param group trigger group 0..3 @return offset of its {@code armed} word */
    public static int armedOffset(int group) {
        return TRIGGER_GROUP_OFFSET + group * TRIGGER_GROUP_SIZE + ARMED_OFFSET_IN_GROUP;
    }

    /** @param monitorId 0..127 @return offset of its {@code latency} u16 */
    public static int latencyOffset(int monitorId) {
        return LATENCY_OFFSET + monitorId * 2;
    }

    /** @param monitorId 0..127 @return offset of its {@code next_check_time} u32 */
    public static int nextCheckTimeOffset(int monitorId) {
        return NEXT_CHECK_TIME_OFFSET + monitorId * 4;
    }

    /** @param monitorId 0..127 @return offset of its parameter entry ({@code connection_id}) */
    public static int parameterOffset(int monitorId) {
        return PARAMETER_OFFSET + monitorId * PARAMETER_SIZE;
    }

    /**
     * @param monitorId a monitor id
     * @throws HypervisorException if it is not 0..127
     */
    public static void checkMonitorId(int monitorId) {
        if (monitorId < 0 || monitorId >= MONITOR_COUNT) {
            throw new HypervisorException(HypervisorError.BAD_MONITOR_ID,
                    "monitor id: " + monitorId + " (expected: 0.." + (MONITOR_COUNT - 1) + ")");
        }
    }
}
