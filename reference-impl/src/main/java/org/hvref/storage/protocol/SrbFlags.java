package org.hvref.storage.protocol;

/** vm_srb.srb_flags bits of the Win8 extension (devices-net-storage-pci.md §3.2 "SRB flag bits"; L-STOR SRB_FLAGS_*). */
public final class SrbFlags {
    /** 0x0 (§3.2; L-STOR SRB_FLAGS_NO_DATA_TRANSFER). */
    public static final int NO_DATA_TRANSFER = 0x0;
    /** 0x2 (§3.2; L-STOR SRB_FLAGS_QUEUE_ACTION_ENABLE). */
    public static final int QUEUE_ACTION_ENABLE = 0x2;
    /** 0x4 (§3.2; L-STOR SRB_FLAGS_DISABLE_DISCONNECT). */
    public static final int DISABLE_DISCONNECT = 0x4;
    /** 0x8, Linux always sets it (§3.2; L-STOR SRB_FLAGS_DISABLE_SYNCH_TRANSFER). */
    public static final int DISABLE_SYNCH_TRANSFER = 0x8;
    /** 0x10 (§3.2; L-STOR SRB_FLAGS_BYPASS_FROZEN_QUEUE). */
    public static final int BYPASS_FROZEN_QUEUE = 0x10;
    /** 0x20 (§3.2; L-STOR SRB_FLAGS_DISABLE_AUTOSENSE). */
    public static final int DISABLE_AUTOSENSE = 0x20;
    /** 0x40 (§3.2; L-STOR SRB_FLAGS_DATA_IN). */
    public static final int DATA_IN = 0x40;
    /** 0x80 (§3.2; L-STOR SRB_FLAGS_DATA_OUT). */
    public static final int DATA_OUT = 0x80;
    /** 0x100 (§3.2; L-STOR SRB_FLAGS_NO_QUEUE_FREEZE). */
    public static final int NO_QUEUE_FREEZE = 0x100;
    /** 0x200 (§3.2; L-STOR SRB_FLAGS_ADAPTER_CACHE_ENABLE). */
    public static final int ADAPTER_CACHE_ENABLE = 0x200;
    /** 0x400 (§3.2; L-STOR SRB_FLAGS_FREE_SENSE_BUFFER). */
    public static final int FREE_SENSE_BUFFER = 0x400;
    /** 0x800 (§3.2; L-STOR SRB_FLAGS_D3_PROCESSING). */
    public static final int D3_PROCESSING = 0x800;
    /** 0x10000 (§3.2; L-STOR SRB_FLAGS_IS_ACTIVE). */
    public static final int IS_ACTIVE = 0x10000;

    private SrbFlags() {
    }
}
