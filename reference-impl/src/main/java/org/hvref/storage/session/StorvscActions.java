package org.hvref.storage.session;

import java.util.List;

/**
 * The action names of {@code spec/src/tla/storvsc/StorvscProtocol.tla} as the Java sides record them
 * (storvsc/CONTRACT.md "Events"), and the status classes of their {@code st} / {@code srb} fields.
 */
public final class StorvscActions {
    /** Guest: BEGIN_INITIALIZATION sent. */
    public static final String GUEST_BEGIN_INIT = "GuestBeginInit";
    /** Guest: completion of the outstanding init packet read (and the next init packet sent). */
    public static final String GUEST_RCV_INIT_COMPLETE = "GuestRcvInitComplete";
    /** Guest: CREATE_SUB_CHANNELS sent. */
    public static final String GUEST_CREATE_SUB_CHANNELS = "GuestCreateSubChannels";
    /** Guest: a scan probe (TEST UNIT READY) sent. */
    public static final String GUEST_PROBE = "GuestProbe";
    /** Guest: an I/O command sent to a visible LUN. */
    public static final String GUEST_ISSUE_IO = "GuestIssueIo";
    /** Guest: a COMPLETE_IO with a non-init id read. */
    public static final String GUEST_RCV_SRB_COMPLETE = "GuestRcvSrbComplete";
    /** Guest: ENUMERATE_BUS / REMOVE_DEVICE read. */
    public static final String GUEST_RCV_NOTIFICATION = "GuestRcvNotification";
    /** Host: BEGIN_INITIALIZATION answered. */
    public static final String HOST_RCV_BEGIN = "HostRcvBegin";
    /** Host: QUERY_PROTOCOL_VERSION answered. */
    public static final String HOST_RCV_VERSION = "HostRcvVersion";
    /** Host: QUERY_PROPERTIES answered. */
    public static final String HOST_RCV_PROPS = "HostRcvProps";
    /** Host: END_INITIALIZATION answered. */
    public static final String HOST_RCV_END = "HostRcvEnd";
    /** Host: CREATE_SUB_CHANNELS answered. */
    public static final String HOST_RCV_SUB_CHANNELS = "HostRcvSubChannels";
    /** Host: EXECUTE_SRB answered. */
    public static final String HOST_RCV_SRB = "HostRcvSrb";
    /** Host: a LUN attached, ENUMERATE_BUS sent. */
    public static final String HOST_HOT_ADD = "HostHotAdd";
    /** Host: a LUN detached, REMOVE_DEVICE sent. */
    public static final String HOST_HOT_REMOVE = "HostHotRemove";
    /** Host (test hosts only): a COMPLETE_IO for an id that is not outstanding. */
    public static final String HOST_STRAY_COMPLETE = "HostStrayComplete";
    /** Either side: the channel was rescinded. */
    public static final String RESCIND = "Rescind";

    /** Every action of the spec, in the order of CONTRACT.md. */
    public static final List<String> ALL = List.of(GUEST_BEGIN_INIT, HOST_RCV_BEGIN, GUEST_RCV_INIT_COMPLETE,
            HOST_RCV_VERSION, HOST_RCV_PROPS, HOST_RCV_END, GUEST_CREATE_SUB_CHANNELS, HOST_RCV_SUB_CHANNELS,
            GUEST_PROBE, GUEST_ISSUE_IO, HOST_RCV_SRB, GUEST_RCV_SRB_COMPLETE, HOST_HOT_ADD, HOST_HOT_REMOVE,
            GUEST_RCV_NOTIFICATION, HOST_STRAY_COMPLETE, RESCIND);

    /** Notification op names of {@link #GUEST_RCV_NOTIFICATION}. */
    public static final String OP_ENUMERATE = "enumerate";
    /** Notification op names of {@link #GUEST_RCV_NOTIFICATION}. */
    public static final String OP_REMOVE = "remove";

    private StorvscActions() {
    }
}
