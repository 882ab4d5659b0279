package org.hvref.ic;

import java.util.List;
import java.util.UUID;
import org.hvref.ic.protocol.IcMessageType;
import org.hvref.ic.protocol.IcVersion;

/**
 * The IC services with their icmsgtype, interface GUID and version lists (devices-ic-input-video.md §1.3, §1.5).
 * Guest lists are in preference order (newest first); host offers ascending.
 */
public enum IcService {
    /** Heartbeat (ic §1.5: Linux hb_versions 3.0, 1.0; no OVMM host list, hvref offers 1.0, 3.0). */
    HEARTBEAT(IcMessageType.HEARTBEAT, "57164f39-9115-4e78-ab55-382f3bd5422d",
            List.of(IcVersion.V3_0, IcVersion.V1_0), IcVersion.V3_0, List.of(IcVersion.V1_0, IcVersion.V3_0)),
    /** Shutdown (ic §1.5: Linux sd_versions 3.2, 3.1, 3.0, 1.0; FreeBSD max 3.0; OVMM offers 1.0, 3.0, 3.1, 3.2). */
    SHUTDOWN(IcMessageType.SHUTDOWN, "0e0b6031-5213-4934-818b-38d90ced39db",
            List.of(IcVersion.V3_2, IcVersion.V3_1, IcVersion.V3_0, IcVersion.V1_0), IcVersion.V3_0,
            List.of(IcVersion.V1_0, IcVersion.V3_0, IcVersion.V3_1, IcVersion.V3_2)),
    /** TimeSync (ic §1.5: Linux ts_versions 4.0, 3.0, 1.0; FreeBSD max 4.0; hvref offers 1.0, 3.0, 4.0). */
    TIMESYNC(IcMessageType.TIMESYNC, "9527e630-d0ae-497b-adce-e80ab0175caf",
            List.of(IcVersion.V4_0, IcVersion.V3_0, IcVersion.V1_0), IcVersion.V4_0,
            List.of(IcVersion.V1_0, IcVersion.V3_0, IcVersion.V4_0)),
    /** KVP (ic §1.5: Linux kvp_versions 4.0, 3.0, 1.0; OVMM kvp.rs offers 3.0, 4.0, 5.0). */
    KVP(IcMessageType.KVP_EXCHANGE, "a9a0f4e7-5a45-4d96-b827-8a841e8c03e6",
            List.of(IcVersion.V4_0, IcVersion.V3_0, IcVersion.V1_0), IcVersion.V4_0,
            List.of(IcVersion.V3_0, IcVersion.V4_0, IcVersion.V5_0)),
    /** VSS (ic §1.5: Linux vss_versions 5.0 only, framework 3.0 only). */
    VSS(IcMessageType.VSS, "35fa2e29-ea23-4236-96ae-3a6ebacba440", List.of(IcVersion.V5_0), IcVersion.V5_0,
            List.of(IcVersion.V5_0)),
    /** File copy (ic §1.5: Linux fcopy 1.1 only, framework 3.0 only). */
    FCOPY(IcMessageType.FCOPY, "34d14be3-dee4-41c8-9ae7-6b174977c192", List.of(IcVersion.V1_1), IcVersion.V1_1,
            List.of(IcVersion.V1_1));

    /** Linux guest framework list: 3.0, 1.0 (ic §1.5; LNX-UTIL fw_versions, LNX-UAPI UTIL_FW_VERSION). */
    public static final List<IcVersion> LINUX_FRAMEWORK_VERSIONS = List.of(IcVersion.V3_0, IcVersion.V1_0);
    /** Framework list of Linux VSS and fcopy: 3.0 only (ic §1.5; LNX-VSS, LNX-FCOPY-UIO fw_versions). */
    public static final List<IcVersion> FRAMEWORK_3_ONLY = List.of(IcVersion.V3_0);
    /** FreeBSD framework maximum 3.0 (ic §1.5; FBSD vmbus_ic.c). */
    public static final IcVersion FREEBSD_FRAMEWORK_MAX = IcVersion.V3_0;
    /** Host framework offer 1.0, 3.0 (ic §1.5; OVMM common.rs FRAMEWORK_VERSIONS). */
    public static final List<IcVersion> HOST_FRAMEWORK_VERSIONS = List.of(IcVersion.V1_0, IcVersion.V3_0);

    private final IcMessageType messageType;
    private final UUID interfaceId;
    private final List<IcVersion> linuxVersions;
    private final IcVersion freebsdMax;
    private final List<IcVersion> hostVersions;

    IcService(IcMessageType messageType, String interfaceId, List<IcVersion> linuxVersions, IcVersion freebsdMax,
              List<IcVersion> hostVersions) {
        this.messageType = messageType;
        this.interfaceId = UUID.fromString(interfaceId);
        this.linuxVersions = linuxVersions;
        this.freebsdMax = freebsdMax;
        this.hostVersions = hostVersions;
    }

    /** @return the icmsgtype of the service's requests (ic §1.3) */
    public IcMessageType messageType() {
        return messageType;
    }

    /** @return the offer's interface type GUID (ic §1.5; LNX-H; MHV Docs/HyperV-devices.md) */
    public UUID interfaceId() {
        return interfaceId;
    }

    /** @return the Linux guest's service list, newest first (ic §1.5) */
    public List<IcVersion> linuxVersions() {
        return linuxVersions;
    }

    /** @return the Linux guest's framework list, newest first (ic §1.5: 3.0 only for VSS and fcopy) */
    public List<IcVersion> linuxFrameworkVersions() {
        return this == VSS || this == FCOPY ? FRAMEWORK_3_ONLY : LINUX_FRAMEWORK_VERSIONS;
    }

    /** @return the single maximum a FreeBSD-style guest accepts (ic §1.5 FreeBSD column; hvref's pick where absent) */
    public IcVersion freebsdMax() {
        return freebsdMax;
    }

    /** @return what the hvref host offers by default, ascending (ic §1.5 OVMM column where it exists) */
    public List<IcVersion> hostVersions() {
        return hostVersions;
    }
}
