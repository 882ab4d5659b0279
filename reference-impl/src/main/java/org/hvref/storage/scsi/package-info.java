/**
 * The host's SCSI target (devices-net-storage-pci.md §3.7): {@link org.hvref.storage.scsi.ScsiTarget} maps LUNs to
 * {@link org.hvref.storage.scsi.ScsiDisk}s, each a direct-access block device over an
 * {@link org.hvref.disk.DiskImage} that answers the SPC/SBC commands a Hyper-V guest sends with data, a status and
 * fixed-format sense ({@link org.hvref.storage.scsi.ScsiResult}). A hostile CDB or parameter list only ever yields
 * GOOD or CHECK CONDITION; SPC/SBC field layouts come from the public Seagate SCSI Commands Reference Manual
 * (SPC-5/SBC-4 tables, cited per constant as "SCSI-REF").
 */
package org.hvref.storage.scsi;
