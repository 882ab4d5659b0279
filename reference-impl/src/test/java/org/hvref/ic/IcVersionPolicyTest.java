package org.hvref.ic;

import static org.hvref.ic.protocol.IcVersion.V1_0;
import static org.hvref.ic.protocol.IcVersion.V3_0;
import static org.hvref.ic.protocol.IcVersion.V3_1;
import static org.hvref.ic.protocol.IcVersion.V3_2;
import static org.hvref.ic.protocol.IcVersion.V4_0;
import static org.hvref.ic.protocol.IcVersion.V5_0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.hvref.ic.protocol.IcVersion;
import org.junit.jupiter.api.Test;

/** The selection rules of devices-ic-input-video.md §1.4 for each family. */
class IcVersionPolicyTest {

    @Test
    void linuxShouldTakeTheFirstOfItsPreferencesTheHostOffers() {
        List<IcVersion> sd = IcService.SHUTDOWN.linuxVersions(); // 3.2, 3.1, 3.0, 1.0
        assertEquals(Optional.of(V3_2), IcVersionPolicy.LINUX.select(sd, List.of(V1_0, V3_0, V3_1, V3_2)));
        assertEquals(Optional.of(V3_0), IcVersionPolicy.LINUX.select(sd, List.of(V3_0, V1_0)));
        // exact match only: a host 3.5 is not taken even though 3.2 < 3.5
        assertEquals(Optional.empty(), IcVersionPolicy.LINUX.select(sd, List.of(new IcVersion(3, 5))));
        assertEquals(Optional.empty(), IcVersionPolicy.LINUX.select(sd, List.of()));
    }

    @Test
    void freebsdShouldTakeTheHighestOfferedAtOrBelowItsMaximum() {
        List<IcVersion> max30 = List.of(V3_0);
        assertEquals(Optional.of(V3_0), IcVersionPolicy.FREEBSD.select(max30, List.of(V1_0, V3_0, V3_1, V3_2)));
        // not an exact match: 2.7 is taken under a 3.0 maximum
        assertEquals(Optional.of(new IcVersion(2, 7)), IcVersionPolicy.FREEBSD.select(max30,
                List.of(new IcVersion(2, 7), V1_0, V4_0)));
        assertEquals(Optional.empty(), IcVersionPolicy.FREEBSD.select(max30, List.of(V4_0, V5_0)));
        assertEquals(Optional.empty(), IcVersionPolicy.FREEBSD.select(max30, List.of()));
    }

    @Test
    void macShouldMatchExactlyLikeLinux() {
        assertEquals(Optional.of(V4_0), IcVersionPolicy.MAC_HYPERV_SUPPORT.select(
                IcService.TIMESYNC.linuxVersions(), List.of(V1_0, V3_0, V4_0)));
        assertEquals(Optional.empty(), IcVersionPolicy.MAC_HYPERV_SUPPORT.select(List.of(V3_0), List.of(V3_1)));
    }

    @Test
    void shouldAnswerFailuresAsEachFamilyDoes() {
        assertEquals(IcFailureAnswer.ZERO_COUNTS, IcVersionPolicy.LINUX.failureAnswer());
        assertEquals(IcFailureAnswer.NO_RESPONSE, IcVersionPolicy.FREEBSD.failureAnswer());
        assertEquals(IcFailureAnswer.ZERO_COUNTS_E_FAIL, IcVersionPolicy.MAC_HYPERV_SUPPORT.failureAnswer());
    }

    @Test
    void shouldCarryTheFactSheetLists() {
        assertEquals(List.of(V3_0, V1_0), IcService.HEARTBEAT.linuxVersions());
        assertEquals(List.of(V3_2, V3_1, V3_0, V1_0), IcService.SHUTDOWN.linuxVersions());
        assertEquals(List.of(V4_0, V3_0, V1_0), IcService.TIMESYNC.linuxVersions());
        assertEquals(List.of(V3_0, V4_0, V5_0), IcService.KVP.hostVersions());
        assertEquals(List.of(V3_0), IcService.VSS.linuxFrameworkVersions());
        assertEquals(List.of(V1_0, V3_0), IcService.HOST_FRAMEWORK_VERSIONS);
        assertEquals(V3_0, IcService.SHUTDOWN.freebsdMax());
        assertEquals("0e0b6031-5213-4934-818b-38d90ced39db", IcService.SHUTDOWN.interfaceId().toString());
    }
}
