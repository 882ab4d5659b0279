/** Property and fuzz tests of the simulated hypervisor's hypercall decoders and SynIC message slots. */
package org.hvref.hypervisor.properties;
