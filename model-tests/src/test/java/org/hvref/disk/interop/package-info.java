/**
 * Interoperability of hvref's disk images with qemu-utils (toolchain-and-oracles.md, "qemu-utils 7.2"): images
 * made by one side are read, written and checked by the other. A missing qemu-img fails the tests.
 */
package org.hvref.disk.interop;
