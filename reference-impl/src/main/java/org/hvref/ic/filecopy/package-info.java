/**
 * Hyper-V file copy ("Guest services", IC message type 7): the message bodies after the 28-byte IC header
 * ({@link org.hvref.ic.filecopy.FileCopyMessageCodec}), the guest daemon that writes confined to a root directory
 * ({@link org.hvref.ic.filecopy.FileCopyGuestSession}) and the host that streams a file
 * ({@link org.hvref.ic.filecopy.FileCopyHostSession}). Sans-IO: decoded message in, status out. On an IC channel the
 * guest side is {@link org.hvref.ic.filecopy.FileCopyDaemon} (an {@link org.hvref.ic.IcRequestConsumer}) and the host
 * side {@link org.hvref.ic.filecopy.FileCopyHostService} (an {@link org.hvref.ic.IcHostService} whose
 * {@code copy(...)} returns a future {@link org.hvref.ic.filecopy.FileCopyResult}). Facts:
 * devices-ic-input-video.md §1.6, §5, §11.4.
 */
package org.hvref.ic.filecopy;
