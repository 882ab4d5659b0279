package org.hvref.storage.session;

/** Why the VSC refuses the host's answer during initialization (each is a {@link StorvscSessionException#reason()}). */
public enum StorvscSessionError {
    /** A packet when no request is outstanding. */
    UNEXPECTED_PACKET,
    /** An answer whose operation is not COMPLETE_IO (§3.3 "requires operation == COMPLETE_IO"). */
    NOT_A_COMPLETION,
    /** A non-zero status for an init step (§3.3 "status == 0"). */
    FAILED_STATUS,
    /** The host refused every offered version (§3.1 "Obsolete Hyper-V version"). */
    NO_COMMON_VERSION,
    /** The version completion names another version than the one offered. */
    VERSION_MISMATCH,
    /** The bytes did not decode (the {@link org.hvref.storage.protocol.MalformedStorvscPacketException} is the cause). */
    MALFORMED
}
