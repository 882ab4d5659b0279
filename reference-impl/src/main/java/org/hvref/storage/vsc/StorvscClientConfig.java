package org.hvref.storage.vsc;

import java.util.List;
import java.util.Objects;
import org.hvref.storage.protocol.StorvscDeviceClass;
import org.hvref.storage.protocol.VstorProtocolVersion;

/**
 * How a VSC behaves.
 *
 * @param deviceClass SCSI (scanned with REPORT LUNS) or IDE (one device, no scan, §3.6)
 * @param versions    versions to offer, newest first (Linux: 6.2, 6.0, 5.1)
 * @param slots       transaction ids 1..slots for EXECUTE_SRB (0 is reserved for host notifications, §3.5)
 * @param onlineCpus  guest CPUs: sub-channels wanted = min(CPUs - 1, host's max, §3.4 step 6)
 * @param scanLimit   LUNs 0..scanLimit-1 probed one by one when LUN 0 is absent (no REPORT LUNS then)
 * @param pathId      path id of every SRB
 * @param targetId    target id of every SRB
 */
public record StorvscClientConfig(StorvscDeviceClass deviceClass, List<VstorProtocolVersion> versions, int slots,
        int onlineCpus, int scanLimit, int pathId, int targetId) {
    /** Largest slot table (ids stay below the init id and fit TLC's integers in traces). */
    public static final int MAX_SLOTS = 4096;

    /** Validates. */
    public StorvscClientConfig {
        Objects.requireNonNull(deviceClass, "deviceClass");
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("versions: none (expected: at least one)");
        }
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException("slots: " + slots + " (expected: 1.." + MAX_SLOTS + ")");
        }
        if (onlineCpus < 1) {
            throw new IllegalArgumentException("online cpus: " + onlineCpus + " (expected: >= 1)");
        }
        if (scanLimit < 1 || scanLimit > 256) {
            throw new IllegalArgumentException("scan limit: " + scanLimit + " (expected: 1..256)");
        }
        if (pathId < 0 || pathId > 0xFF || targetId < 0 || targetId > 0xFF) {
            throw new IllegalArgumentException("path/target id: " + pathId + "/" + targetId
                    + " (expected: 0..255)");
        }
    }

    /**
     * @param deviceClass the controller class
     * @return Linux's choices: 6.2, 6.0, 5.1; 32 slots; one CPU (no sub-channels); scan limit 8; path/target 0
     */
    public static StorvscClientConfig linux(StorvscDeviceClass deviceClass) {
        return new StorvscClientConfig(deviceClass, VstorProtocolVersion.LINUX_OFFERS, 32, 1, 8, 0, 0);
    }

    /** @param cpus online CPUs @return a copy */
    public StorvscClientConfig withOnlineCpus(int cpus) {
        return new StorvscClientConfig(deviceClass, versions, slots, cpus, scanLimit, pathId, targetId);
    }

    /** @param n slot count @return a copy */
    public StorvscClientConfig withSlots(int n) {
        return new StorvscClientConfig(deviceClass, versions, n, onlineCpus, scanLimit, pathId, targetId);
    }

    /** @param offered versions, newest first @return a copy */
    public StorvscClientConfig withVersions(List<VstorProtocolVersion> offered) {
        return new StorvscClientConfig(deviceClass, offered, slots, onlineCpus, scanLimit, pathId, targetId);
    }

    /** @param path path id @param target target id @return a copy */
    public StorvscClientConfig withAddress(int path, int target) {
        return new StorvscClientConfig(deviceClass, versions, slots, onlineCpus, scanLimit, path, target);
    }
}
