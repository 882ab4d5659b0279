/**
 * Integration-component (IC) wire format (devices-ic-input-video.md §0.1, §1.2–§1.6): the 8-byte pipe header, the
 * 20-byte IC message header, the ICMSGTYPE values, the HRESULT status codes and the NEGOTIATE message, with one
 * {@code *Descriptor} per layout and {@link org.hvref.ic.protocol.IcCodec}.
 *
 * <p>Pure: depends on {@code java..} and {@code org.hvref.wire} only; no I/O, threads, clocks or tracing. Hostile input
 * is reported as {@link org.hvref.ic.protocol.MalformedIcMessageException} with an
 * {@link org.hvref.ic.protocol.IcMessageError} reason; caller bugs are {@link IllegalArgumentException}.
 */
package org.hvref.ic.protocol;
