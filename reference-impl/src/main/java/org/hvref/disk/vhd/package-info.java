/**
 * The VHD format (Connectix / Virtual PC / Hyper-V gen-1, qemu's "vpc"), fixed and dynamic, big-endian throughout
 * (devices-net-storage-pci.md §6.1).
 */
package org.hvref.disk.vhd;
