/**
 * Guest physical memory: 4 KiB pages addressed by guest physical address, bounds-checked on every access.
 */
package org.hvref.memory;
