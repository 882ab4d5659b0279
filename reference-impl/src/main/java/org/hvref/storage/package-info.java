/**
 * Synthetic storage (issue 5): the StorVSC protocol and the targets behind it (devices-net-storage-pci.md §3),
 * on top of the virtual disk images of {@code org.hvref.disk}.
 */
package org.hvref.storage;
