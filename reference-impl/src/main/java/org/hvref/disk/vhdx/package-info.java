/**
 * VHDX images (devices-net-storage-pci.md §6.2; MS-VHDX v8.0): headers, region tables, metadata, BAT and log,
 * read and written as qemu-img and Hyper-V do; {@link org.hvref.disk.vhdx.VhdxImage} is the entry point.
 */
package org.hvref.disk.vhdx;
