package org.hvref.channel.host;

import java.util.EnumSet;
import java.util.Set;
import org.hvref.channel.protocol.ProtocolVersion;

/**
 * Host presets: the newest VMBus version each Windows release speaks (vmbus-core.md §3 "shipped with" column). A
 * preset accepts that version and every older one, as the OpenVMM server accepts its list capped by
 * {@code max_version} (§3).
 */
public enum WindowsHost {
    /** Server 2008: 0.13 (vmbus-core.md §3). */
    WINDOWS_SERVER_2008(ProtocolVersion.WS2008),
    /** Win7 / 2008 R2: 1.1 (vmbus-core.md §3). */
    WINDOWS_7(ProtocolVersion.WIN7),
    /** Win8 / Server 2012: 2.4 (vmbus-core.md §3). */
    WINDOWS_8(ProtocolVersion.WIN8),
    /** Win8.1 / Server 2012 R2: 3.0 (vmbus-core.md §3). */
    WINDOWS_8_1(ProtocolVersion.WIN8_1),
    /** Win10 1607 / Server 2016: 4.0 (vmbus-core.md §3). */
    WINDOWS_10_1607(ProtocolVersion.WIN10),
    /** Win10 RS3 (1709): 4.1 (vmbus-core.md §3). */
    WINDOWS_10_1709(ProtocolVersion.WIN10_V4_1),
    /** "Newer Win10" with the multiclient port: 5.0 (vmbus-core.md §3). */
    WINDOWS_10_MULTICLIENT(ProtocolVersion.WIN10_V5),
    /** Win10 RS4 (1803): 5.1 (vmbus-core.md §3). */
    WINDOWS_10_1803(ProtocolVersion.WIN10_V5_1),
    /** Server 2019 / 1809: 5.2 (vmbus-core.md §3). */
    WINDOWS_SERVER_2019(ProtocolVersion.WIN10_V5_2),
    /** Server 2022 "Iron": 5.3 (vmbus-core.md §3). */
    WINDOWS_SERVER_2022(ProtocolVersion.WIN10_V5_3),
    /** "Copper" (OpenVMM/OpenHCL): 6.0 (vmbus-core.md §3). */
    COPPER(ProtocolVersion.COPPER);

    private final ProtocolVersion newest;

    WindowsHost(ProtocolVersion newest) {
        this.newest = newest;
    }

    /** @return the newest version this host speaks */
    public ProtocolVersion newest() {
        return newest;
    }

    /** @return every version up to {@link #newest()} */
    public Set<ProtocolVersion> versions() {
        return EnumSet.range(ProtocolVersion.WS2008, newest);
    }
}
