package org.hvref.machine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hvref.disk.DiskImage;
import org.hvref.storage.protocol.StorvscDeviceClass;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.hvref.storage.vsc.StorvscClientConfig;

/**
 * A StorVSC controller for {@link ReferenceMachine#addStorageController} (devices-net-storage-pci.md §3.4–§3.6).
 *
 * @param deviceClass    SCSI or IDE
 * @param disks          LUN → disk image attached at start (IDE: one disk, LUN 0)
 * @param maxSubChannels sub-channels the VSP offers from 5.1 on (SCSI only; 0 for none)
 * @param hostVersions   versions the VSP accepts
 * @param guest          the VSC's behaviour (versions offered, slots, CPUs, ...)
 * @param ringPages      ring pages of each channel (even, >= 4)
 * @param ideChannel     IDE only: the IDE channel (instance GUID data1, path id; openvmm scheme, §3.6)
 * @param ideDevice      IDE only: the device on the channel (instance GUID data2, target id)
 */
public record StorageControllerConfig(StorvscDeviceClass deviceClass, Map<Integer, DiskImage> disks,
        int maxSubChannels, List<VstorProtocolVersion> hostVersions, StorvscClientConfig guest, int ringPages,
        int ideChannel, int ideDevice) {
    /** Default ring pages: two rings of one control page and 15 data pages (60 KiB each way). */
    public static final int DEFAULT_RING_PAGES = 32;

    /** Validates and copies. */
    public StorageControllerConfig {
        Objects.requireNonNull(deviceClass, "deviceClass");
        disks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(disks));
        hostVersions = List.copyOf(hostVersions);
        Objects.requireNonNull(guest, "guest");
        if (deviceClass == StorvscDeviceClass.IDE && (maxSubChannels != 0 || disks.size() > 1
                || (disks.size() == 1 && !disks.containsKey(0)))) {
            throw new IllegalArgumentException("ide controller: " + disks.size() + " disks at " + disks.keySet()
                    + ", " + maxSubChannels + " sub-channels (expected: at most one disk at LUN 0, no sub-channels)");
        }
        if (ringPages < 4 || ringPages % 2 != 0) {
            throw new IllegalArgumentException("ring pages: " + ringPages + " (expected: even, >= 4)");
        }
        if (ideChannel < 0 || ideChannel > 0xFF || ideDevice < 0 || ideDevice > 0xFF) {
            throw new IllegalArgumentException("ide channel/device: " + ideChannel + "/" + ideDevice
                    + " (expected: 0..255)");
        }
    }

    /**
     * @param disks LUN → image
     * @return a SCSI controller: openvmm's host versions (2.0, 4.2, 5.1, 6.0), no sub-channels, a Linux guest
     */
    public static StorageControllerConfig scsi(Map<Integer, DiskImage> disks) {
        return new StorageControllerConfig(StorvscDeviceClass.SCSI, disks, 0, VstorProtocolVersion.OPENVMM_ACCEPTS,
                StorvscClientConfig.linux(StorvscDeviceClass.SCSI), DEFAULT_RING_PAGES, 0, 0);
    }

    /**
     * @param disk    the disk (LUN 0)
     * @param channel IDE channel (0 or 1)
     * @param device  device on the channel (0 or 1)
     * @return an IDE accelerator controller for that disk
     */
    public static StorageControllerConfig ide(DiskImage disk, int channel, int device) {
        return new StorageControllerConfig(StorvscDeviceClass.IDE, Map.of(0, disk), 0,
                VstorProtocolVersion.OPENVMM_ACCEPTS, StorvscClientConfig.linux(StorvscDeviceClass.IDE)
                .withAddress(channel, device), DEFAULT_RING_PAGES, channel, device);
    }

    /** @param n sub-channels offered @return a copy */
    public StorageControllerConfig withMaxSubChannels(int n) {
        return new StorageControllerConfig(deviceClass, disks, n, hostVersions, guest, ringPages, ideChannel,
                ideDevice);
    }

    /** @param versions versions the host accepts @return a copy */
    public StorageControllerConfig withHostVersions(List<VstorProtocolVersion> versions) {
        return new StorageControllerConfig(deviceClass, disks, maxSubChannels, versions, guest, ringPages,
                ideChannel, ideDevice);
    }

    /** @param client the guest's behaviour @return a copy */
    public StorageControllerConfig withGuest(StorvscClientConfig client) {
        return new StorageControllerConfig(deviceClass, disks, maxSubChannels, hostVersions, client, ringPages,
                ideChannel, ideDevice);
    }

    /** @param pages ring pages per channel @return a copy */
    public StorageControllerConfig withRingPages(int pages) {
        return new StorageControllerConfig(deviceClass, disks, maxSubChannels, hostVersions, guest, pages,
                ideChannel, ideDevice);
    }
}
