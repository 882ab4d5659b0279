package org.hvref.disk.vhd;

/**
 * The VHD checksum: the one's complement of the 32-bit sum of all bytes of the structure, taken with the checksum
 * field itself counted as zero (devices-net-storage-pci.md §6.1.1, §6.1.2; Q-VPC {@code vpc_checksum}).
 */
public final class VhdChecksum {
    private VhdChecksum() {
    }

    /**
     * @param bytes          the whole structure (footer or dynamic header)
     * @param checksumOffset offset of the 4-byte checksum field, which is skipped
     * @return the checksum to store
     */
    public static int compute(byte[] bytes, int checksumOffset) {
        int sum = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (i < checksumOffset || i >= checksumOffset + 4) {
                sum += bytes[i] & 0xFF;
            }
        }
        return ~sum;
    }
}
