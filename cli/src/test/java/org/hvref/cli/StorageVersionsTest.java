package org.hvref.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hvref.channel.host.WindowsHost;
import org.hvref.storage.protocol.VstorProtocolVersion;
import org.junit.jupiter.api.Test;

class StorageVersionsTest {

    @Test
    void shouldAcceptEveryVersionUpToTheOneEachWindowsReleaseIntroduced() {
        assertEquals(List.of(VstorProtocolVersion.WIN6), StorageVersions.accepted(WindowsHost.WINDOWS_SERVER_2008));
        assertEquals(List.of(VstorProtocolVersion.WIN6, VstorProtocolVersion.WIN7),
                StorageVersions.accepted(WindowsHost.WINDOWS_7));
        assertEquals(List.of(VstorProtocolVersion.WIN6, VstorProtocolVersion.WIN7, VstorProtocolVersion.WIN8),
                StorageVersions.accepted(WindowsHost.WINDOWS_8));
        assertEquals(VstorProtocolVersion.WIN8_1, StorageVersions.newest(WindowsHost.WINDOWS_8_1));
        assertEquals(List.of(VstorProtocolVersion.WIN6, VstorProtocolVersion.WIN7, VstorProtocolVersion.WIN8,
                VstorProtocolVersion.WIN8_1, VstorProtocolVersion.WIN10),
                StorageVersions.accepted(WindowsHost.WINDOWS_SERVER_2022));
        assertEquals(StorageVersions.accepted(WindowsHost.WINDOWS_10_1607),
                StorageVersions.accepted(WindowsHost.COPPER));
    }

    @Test
    void shouldLetTheGuestMeetEveryPresetAtItsNewestVersion() {
        for (WindowsHost host : WindowsHost.values()) {
            List<VstorProtocolVersion> accepted = StorageVersions.accepted(host);
            VstorProtocolVersion first = StorageVersions.GUEST_OFFERS.stream().filter(accepted::contains)
                    .findFirst().orElseThrow();
            assertEquals(StorageVersions.newest(host), first, host::toString);
            assertTrue(accepted.stream().allMatch(v -> !v.equals(VstorProtocolVersion.WIN10_1)), host::toString);
        }
    }
}
