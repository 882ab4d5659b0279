/**
 * Interop of hvref's disk images with qemu-img and qemu-io (qemu-utils, the oracle of toolchain-and-oracles.md):
 * images qemu makes are read exactly by hvref, images hvref makes are read exactly by qemu. The tests fail, never
 * skip, when qemu-utils is missing (.ci/run installs it).
 */
package org.hvref.disk.interop;
