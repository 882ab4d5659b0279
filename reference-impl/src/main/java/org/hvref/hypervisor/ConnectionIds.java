package org.hvref.hypervisor;

/** Well-known VMBus connection ids and the connection-id field limits; source: vmbus-core.md §1.3 and §1.5. */
public final class ConnectionIds {
    private ConnectionIds() {
    }

    /** {@code VMBUS_MESSAGE_CONNECTION_ID} = 1: control-message port (vmbus-core.md §1.5; OHCL hyperv_vmbus.h). */
    public static final int MESSAGE = 1;
    /** {@code VMBUS_EVENT_CONNECTION_ID} = 2: shared pre-Win8 guest-to-host event (vmbus-core.md §1.5). */
    public static final int EVENT = 2;
    /** {@code VMBUS_MONITOR_CONNECTION_ID} = 3: defined, no observed wire use (vmbus-core.md §1.5). */
    public static final int MONITOR = 3;
    /** {@code VMBUS_MESSAGE_CONNECTION_ID_4} = 4: INITIATE_CONTACT port for version 5.0+ (vmbus-core.md §1.5). */
    public static final int MESSAGE_MULTICLIENT = 4;
    /** The id occupies bits 0–23 of {@code HV_CONNECTION_ID}; bits 24–31 are reserved (vmbus-core.md §1.3). */
    public static final int ID_MASK = 0x00FF_FFFF;

    /**
     * @param connectionId a raw {@code HV_CONNECTION_ID}
     * @return whether its reserved bits 24–31 are clear
     */
    public static boolean reservedBitsClear(int connectionId) {
        return (connectionId & ~ID_MASK) == 0;
    }
}
