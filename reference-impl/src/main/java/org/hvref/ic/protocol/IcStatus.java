package org.hvref.ic.protocol;

import java.util.Map;

/** HRESULT values of the IC header's status field (devices-ic-input-video.md §1.6). */
public final class IcStatus {
    /** HV_S_OK 0x00000000 (ic §1.6; LNX-UAPI HV_S_OK; FBSD VMBUS_ICMSG_STATUS_OK). */
    public static final int S_OK = 0x00000000;
    /** HV_E_FAIL 0x80004005 (ic §1.6; LNX-UAPI HV_E_FAIL; MHV kHyperVStatusFailure). */
    public static final int E_FAIL = 0x80004005;
    /** HV_S_CONT 0x80070103, Win32 ERROR_NO_MORE_ITEMS (ic §1.6; LNX-UAPI HV_S_CONT; OVMM kvp NO_MORE_ITEMS). */
    public static final int S_CONT = 0x80070103;
    /** HV_ERROR_NOT_SUPPORTED 0x80070032 (ic §1.6; LNX-UAPI). */
    public static final int ERROR_NOT_SUPPORTED = 0x80070032;
    /** HV_ERROR_MACHINE_LOCKED 0x800704F7 (ic §1.6; LNX-UAPI). */
    public static final int ERROR_MACHINE_LOCKED = 0x800704F7;
    /** HV_ERROR_DEVICE_NOT_CONNECTED 0x8007048F (ic §1.6; LNX-UAPI). */
    public static final int ERROR_DEVICE_NOT_CONNECTED = 0x8007048F;
    /** HV_INVALIDARG 0x80070057 (ic §1.6; LNX-UAPI; MHV kHyperVStatusInvalidArgument). */
    public static final int INVALIDARG = 0x80070057;
    /** HV_GUID_NOTFOUND 0x80041002 (ic §1.6; LNX-UAPI). */
    public static final int GUID_NOTFOUND = 0x80041002;
    /** HV_ERROR_ALREADY_EXISTS 0x80070050 (ic §1.6; LNX-UAPI; MHV kHyperVStatusAlreadyExists). */
    public static final int ERROR_ALREADY_EXISTS = 0x80070050;
    /** HV_ERROR_DISK_FULL 0x80070070 (ic §1.6; newer LNX-UAPI; MHV kHyperVStatusDiskFull). */
    public static final int ERROR_DISK_FULL = 0x80070070;
    /** Timeout 0x800705B4 (ic §1.6; MHV kHyperVStatusTimedOut). */
    public static final int TIMED_OUT = 0x800705B4;

    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(S_OK, "S_OK"),
            Map.entry(E_FAIL, "E_FAIL"), Map.entry(S_CONT, "S_CONT"),
            Map.entry(ERROR_NOT_SUPPORTED, "ERROR_NOT_SUPPORTED"),
            Map.entry(ERROR_MACHINE_LOCKED, "ERROR_MACHINE_LOCKED"),
            Map.entry(ERROR_DEVICE_NOT_CONNECTED, "ERROR_DEVICE_NOT_CONNECTED"), Map.entry(INVALIDARG, "INVALIDARG"),
            Map.entry(GUID_NOTFOUND, "GUID_NOTFOUND"), Map.entry(ERROR_ALREADY_EXISTS, "ERROR_ALREADY_EXISTS"),
            Map.entry(ERROR_DISK_FULL, "ERROR_DISK_FULL"), Map.entry(TIMED_OUT, "TIMED_OUT"));

    private IcStatus() {
    }

    /**
     * Never throws.
     *
     * @param status a status from the wire
     * @return {@code NAME(0xXXXXXXXX)}, or {@code UNKNOWN(0x...)}
     */
    public static String describe(int status) {
        return NAMES.getOrDefault(status, "UNKNOWN") + String.format("(0x%08X)", status);
    }
}
