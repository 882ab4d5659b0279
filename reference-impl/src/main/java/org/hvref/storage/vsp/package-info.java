/**
 * The StorVSC host side (VSP) over real VMBus channels (devices-net-storage-pci.md §3.4, §3.5, §3.6, §3.9): one
 * {@link org.hvref.storage.vsp.StorvscHost} per controller answers the guest's packets through the sans-IO
 * {@link org.hvref.storage.session.StorvscHostProtocol} and runs EXECUTE_SRB on a
 * {@link org.hvref.storage.scsi.ScsiTarget}, moving data through the guest pages named by the GPA-direct range.
 */
package org.hvref.storage.vsp;
