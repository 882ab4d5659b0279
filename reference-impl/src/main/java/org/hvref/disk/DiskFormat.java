package org.hvref.disk;

/** The virtual disk formats hvref reads and writes (devices-net-storage-pci.md §6; qemu-img's format names). */
public enum DiskFormat {
    /** A plain image: byte i of the file is byte i of the disk ("raw"). */
    RAW("raw"),
    /** Connectix / Virtual PC / Hyper-V gen-1 VHD, fixed or dynamic (qemu-img "vpc", §6.1). */
    VHD("vpc"),
    /** Hyper-V VHDX, fixed or dynamic (qemu-img "vhdx", §6.2). */
    VHDX("vhdx");

    private final String qemuName;

    DiskFormat(String qemuName) {
        this.qemuName = qemuName;
    }

    /** @return the name qemu-img uses for the format ({@code -f}/{@code -O}) */
    public String qemuName() {
        return qemuName;
    }
}
