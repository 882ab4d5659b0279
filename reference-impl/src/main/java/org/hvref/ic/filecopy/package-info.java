/**
 * Hyper-V file copy ("Guest services", IC message type 7): the message bodies after the 28-byte IC header
 * ({@link org.hvref.ic.filecopy.FileCopyMessageCodec}), the guest daemon that writes confined to a root directory
 * ({@link org.hvref.ic.filecopy.FileCopyGuestSession}) and the host that streams a file
 * ({@link org.hvref.ic.filecopy.FileCopyHostSession}). Sans-IO: decoded message in, status out. Facts:
 * devices-ic-input-video.md §1.6, §5, §11.4.
 */
package org.hvref.ic.filecopy;
