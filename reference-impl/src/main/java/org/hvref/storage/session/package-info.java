/**
 * StorVSC session state machines, sans-IO (devices-net-storage-pci.md §3.4, §3.5): {@link
 * org.hvref.storage.session.StorvscHostProtocol} (the VSP's initialization as openvmm orders it, handing EXECUTE_SRB
 * to its caller) and {@link org.hvref.storage.session.StorvscGuestProtocol} (the VSC's initialization as Linux drives
 * it). Bytes in, packets out: no channel, ring, SCSI target, threads or clocks; the caller moves packets and echoes
 * VMBus transaction ids.
 */
package org.hvref.storage.session;
