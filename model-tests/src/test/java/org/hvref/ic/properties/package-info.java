/** Coverage-guided fuzzing of the IC codec and guest client with hostile host bytes (devices-ic-input-video.md §1). */
package org.hvref.ic.properties;
