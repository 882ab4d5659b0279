package org.hvref.ic.heartbeat;

/** Why a heartbeat payload was refused (each is a {@link HeartbeatException#reason()}). */
public enum HeartbeatError {
    /** Fewer than 8 payload bytes: no sequence number (ic §2 validation). */
    TOO_SHORT
}
