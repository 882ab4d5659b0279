package org.hvref.storage.scsi;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * What the guest sees as the disk's identity: the image's unique id (VHD footer unique id, VHDX virtual disk id or
 * any stable UUID for raw images), from which VPD 0x83 derives its NAA and T10 designators, and an optional serial
 * number for VPD 0x80 (devices-net-storage-pci.md §3.7 "0x80 serial (only if configured)").
 *
 * @param diskId the stable unique id of the image
 * @param serial the unit serial number (printable ASCII, at most 64 characters), or {@code ""} for none
 */
public record ScsiDiskIdentity(UUID diskId, String serial) {
    /** Longest serial number accepted. */
    public static final int MAX_SERIAL_LENGTH = 64;

    /** Validates the serial number. */
    public ScsiDiskIdentity {
        Objects.requireNonNull(diskId, "diskId");
        Objects.requireNonNull(serial, "serial");
        if (serial.length() > MAX_SERIAL_LENGTH || !serial.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("serial: \"" + serial + "\" (expected: <= " + MAX_SERIAL_LENGTH
                    + " printable ASCII characters)");
        }
    }

    /** @return whether a serial number is configured (VPD 0x80 is offered only then) */
    public boolean hasSerial() {
        return !serial.isEmpty();
    }

    byte[] serialBytes() {
        return serial.getBytes(StandardCharsets.US_ASCII);
    }
}
