/**
 * The StorVSC guest side (VSC) over real VMBus channels (devices-net-storage-pci.md §3.4, §3.5, §3.7–§3.9): {@link
 * org.hvref.storage.vsc.StorvscClient} initializes the controller in Linux's order, scans it, and offers block I/O
 * as futures, each request an EXECUTE_SRB under a transaction id from a small slot table with its data in guest
 * pages named by one GPA-direct range.
 */
package org.hvref.storage.vsc;
