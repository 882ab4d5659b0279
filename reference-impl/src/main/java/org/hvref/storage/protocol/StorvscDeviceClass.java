package org.hvref.storage.protocol;

import java.util.Optional;
import java.util.UUID;

/**
 * The VMBus class GUIDs of the controllers that speak VSTOR (devices-net-storage-pci.md §3.6, §5; L-HV
 * {@code HV_SCSI_GUID}, {@code HV_IDE_GUID}, {@code HV_SYNTHFC_GUID}; OVMM-STOR). Offers carry them mixed-endian
 * ({@link org.hvref.wire.Guid}).
 */
public enum StorvscDeviceClass {
    /** Synthetic SCSI controller ba6163d9-04a1-4d29-b605-72e2ffb1dc7f (§3.6, §5; L-HV HV_SCSI_GUID). */
    SCSI(UUID.fromString("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f"), true),
    /** IDE accelerator 32412632-86cb-44a2-9b5c-50d1417354f5, no sub-channels (§3.6, §5; L-HV HV_IDE_GUID). */
    IDE(UUID.fromString("32412632-86cb-44a2-9b5c-50d1417354f5"), false),
    /** Synthetic Fibre Channel 2f9bcc4a-0069-4af3-b76b-6fd0be528cda (§3.6, §5; L-HV HV_SYNTHFC_GUID). */
    FIBRE_CHANNEL(UUID.fromString("2f9bcc4a-0069-4af3-b76b-6fd0be528cda"), true);

    private final UUID classId;
    private final boolean subChannels;

    StorvscDeviceClass(UUID classId, boolean subChannels) {
        this.classId = classId;
        this.subChannels = subChannels;
    }

    /** @return the interface-type GUID of the offer */
    public UUID classId() {
        return classId;
    }

    /** @return whether Linux allows sub-channels on it (§3.6 "Linux limits") */
    public boolean allowsSubChannels() {
        return subChannels;
    }

    /**
     * @param classId an offer's interface type
     * @return the controller class, empty if not a VSTOR one
     */
    public static Optional<StorvscDeviceClass> of(UUID classId) {
        for (StorvscDeviceClass c : values()) {
            if (c.classId.equals(classId)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
