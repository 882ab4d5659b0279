package org.hvref.cli;

import java.util.List;
import org.hvref.channel.host.WindowsHost;
import org.hvref.storage.protocol.VstorProtocolVersion;

/**
 * Which VSTOR protocol versions the demo's storage VSP accepts on each host preset: every version up to the one the
 * preset's Windows release introduced (devices-net-storage-pci.md §3.1, "Windows versions": Server 2008 2.0, Win7
 * 4.2, Win8 5.1, Win8.1 6.0, Win10 6.2), as a Windows host also serves older guests, the way a {@link WindowsHost}
 * accepts every older VMBus version. Copper (OpenVMM/OpenHCL) gets the Win10 list: 10.0 appears only in an unmerged
 * Linux patch (§3.1), so no preset accepts it. The demo's guest offers {@link #GUEST_OFFERS}, which meets every
 * preset at its newest version.
 */
final class StorageVersions {
    /**
     * What the demo's guest offers, newest first: current Linux's 6.2, 6.0, 5.1, then 4.2 and 2.0 as pre-5.19
     * kernels did (§3.1), so it also initializes against Server 2008 and Win7 hosts.
     */
    static final List<VstorProtocolVersion> GUEST_OFFERS = List.of(VstorProtocolVersion.WIN10,
            VstorProtocolVersion.WIN8_1, VstorProtocolVersion.WIN8, VstorProtocolVersion.WIN7,
            VstorProtocolVersion.WIN6);

    private StorageVersions() {
    }

    /**
     * @param host a host preset
     * @return the VSTOR versions its storage VSP accepts, oldest first
     */
    static List<VstorProtocolVersion> accepted(WindowsHost host) {
        VstorProtocolVersion newest = newest(host);
        return GUEST_OFFERS.stream().filter(newest::isAtLeast).sorted().toList();
    }

    /**
     * @param host a host preset
     * @return the newest VSTOR version its Windows release speaks (§3.1)
     */
    static VstorProtocolVersion newest(WindowsHost host) {
        return switch (host) {
            case WINDOWS_SERVER_2008 -> VstorProtocolVersion.WIN6;
            case WINDOWS_7 -> VstorProtocolVersion.WIN7;
            case WINDOWS_8 -> VstorProtocolVersion.WIN8;
            case WINDOWS_8_1 -> VstorProtocolVersion.WIN8_1;
            case WINDOWS_10_1607, WINDOWS_10_1709, WINDOWS_10_MULTICLIENT, WINDOWS_10_1803, WINDOWS_SERVER_2019,
                 WINDOWS_SERVER_2022, COPPER -> VstorProtocolVersion.WIN10;
        };
    }
}
