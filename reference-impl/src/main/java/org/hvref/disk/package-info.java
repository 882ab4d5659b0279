/**
 * Virtual disk images (devices-net-storage-pci.md §6): raw, VHD and VHDX behind one {@link org.hvref.disk.DiskImage}
 * interface, read and written byte-exactly as qemu-img and Hyper-V do; the storage devices sit on top.
 */
package org.hvref.disk;
