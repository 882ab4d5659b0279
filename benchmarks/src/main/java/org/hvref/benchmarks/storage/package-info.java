/**
 * JMH storage benchmarks: 4 KiB reads from a fully written VHDX image by hvref (straight from the DiskImage, and by
 * the guest StorVSC through the ring and the host) side by side with {@code qemu-img bench} on the same image;
 * run them with {@code benchmarks/run-storage.sh}.
 */
package org.hvref.benchmarks.storage;
