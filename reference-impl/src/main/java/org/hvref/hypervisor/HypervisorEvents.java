package org.hvref.hypervisor;

/**
 * Names of the hypervisor-level trace events and their fields. They are not TLA+ spec actions (the VMBus actions
 * belong to the host and guest); validators of VMBus traces should ignore events whose name starts with {@code Hv}.
 */
public final class HypervisorEvents {
    private HypervisorEvents() {
    }

    /** A guest HvPostMessage call: fields conn, type, len, status; recorded before the host can see the message. */
    public static final String HV_POST_MESSAGE = "HvPostMessage";
    /** A guest HvSignalEvent call: fields conn, flag, status; recorded before the host can see the signal. */
    public static final String HV_SIGNAL_EVENT = "HvSignalEvent";
    /** A host post to the guest's SynIC: fields vp, sint, type, len, status. */
    public static final String HV_POST_TO_GUEST = "HvPostToGuest";
    /** A host event signal to the guest's SynIC: fields vp, sint, flag, newly. */
    public static final String HV_SIGNAL_GUEST = "HvSignalGuest";
    /** Field: connection id. */
    public static final String F_CONN = "conn";
    /** Field: message type. */
    public static final String F_TYPE = "type";
    /** Field: payload length. */
    public static final String F_LEN = "len";
    /** Field: hypercall status name. */
    public static final String F_STATUS = "status";
    /** Field: event flag number. */
    public static final String F_FLAG = "flag";
    /** Field: virtual processor index. */
    public static final String F_VP = "vp";
    /** Field: SINT number. */
    public static final String F_SINT = "sint";
    /** Field: whether an event flag was newly set. */
    public static final String F_NEWLY = "newly";
}
