/**
 * Wire-level building blocks shared by every hvref protocol layer: the typed protocol exception base.
 *
 * <p>Depends on {@code java.base} only. Byte order is always explicit ({@link java.nio.ByteOrder#LITTLE_ENDIAN})
 * at each access site; the JDK's {@link java.nio.ByteBuffer} and {@link java.lang.invoke.VarHandle} views do the
 * little-endian work, so this package carries no hand-written byte helpers.
 */
package org.hvref.wire;
