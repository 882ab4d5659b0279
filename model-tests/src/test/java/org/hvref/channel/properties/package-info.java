/** Property-based tests of the channel-management codec (vmbus-core.md §2): round trip and hostile bytes. */
package org.hvref.channel.properties;
