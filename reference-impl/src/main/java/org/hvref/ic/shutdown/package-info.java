/**
 * Hyper-V shutdown service (IC message type 3): the 2060-byte payload after the 28-byte IC header
 * ({@link org.hvref.ic.shutdown.ShutdownMessageCodec}), the guest daemon that asks a {@link
 * org.hvref.ic.shutdown.ShutdownHandler} before it answers and acts after it answered
 * ({@link org.hvref.ic.shutdown.ShutdownDaemon}), and the host that asks for one shutdown at a time
 * ({@link org.hvref.ic.shutdown.ShutdownHostService}). Sans-IO. Facts: devices-ic-input-video.md §1.2-§1.8, §3,
 * §11.2, §12.3, §13.
 */
package org.hvref.ic.shutdown;
