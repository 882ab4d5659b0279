/**
 * Interop with independent VMBus ring implementations: ring images exchanged through files with a C peer
 * linked against DPDK 22.11's compiled VMBus ring objects ({@code .ci/fetch-dpdk.sh}).
 */
package org.hvref.interop;
