package org.hvref.ic.filecopy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.hvref.ic.filecopy.FileCopyMessage.StartFileCopy;
import org.hvref.ic.filecopy.FileCopyMessage.WriteToFile;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * Codec properties: encode/decode round trips for every field range; any byte string decodes or fails with
 * {@link MalformedFileCopyMessageException} only; every proper truncation of a START or COMPLETE is refused. Fixed
 * seeds; {@code -Dhvref.props.seed=N} replaces them.
 */
class FileCopyMessageCodecProperties {
    private static QuickTheory qt(long defaultSeed, int examples) {
        return QuickTheory.qt().withFixedSeed(Long.getLong("hvref.props.seed", defaultSeed)).withExamples(examples);
    }

    @Test
    void startRoundTrips() {
        qt(0xFC01L, 400).forAll(longs().all(), integers().between(0, 259), integers().between(0, 3),
                longs().between(0, Long.MAX_VALUE))
                .checkAssert((seed, units, flags, size) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    StartFileCopy s = new StartFileCopy(randomName(r, units), randomName(r, r.nextInt(260)), flags,
                            size);
                    byte[] body = FileCopyMessageCodec.encode(s);
                    assertEquals(StartFileCopyDescriptor.ENCODED_LENGTH, body.length);
                    assertEquals(s, FileCopyMessageCodec.decode(body));
                });
    }

    /** A valid UTF-16 string without NUL of at most {@code units} code units (supplementary pairs included). */
    private static String randomName(SplittableRandom r, int units) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < units) {
            int cp = switch (r.nextInt(3)) {
                case 0 -> r.nextInt(0x20, 0x7F);
                case 1 -> r.nextInt(0x80, 0xD800);
                default -> r.nextInt(0x10000, 0x110000);
            };
            if (sb.length() + Character.charCount(cp) <= units) {
                sb.appendCodePoint(cp);
            } else {
                sb.append('x');
            }
        }
        return sb.toString();
    }

    @Test
    void writeRoundTripsAndTrimsToSize() {
        qt(0xFC02L, 300).forAll(longs().between(0, Long.MAX_VALUE), integers().between(0, 6144), longs().all())
                .checkAssert((offset, size, seed) -> {
                    byte[] data = new byte[size];
                    new SplittableRandom(seed).nextBytes(data);
                    byte[] body = FileCopyMessageCodec.encode(new WriteToFile(offset, data));
                    assertEquals(WriteToFileDescriptor.ENCODED_LENGTH, body.length);
                    WriteToFile decoded = (WriteToFile) FileCopyMessageCodec.decode(body);
                    assertEquals(offset, decoded.offset());
                    assertArrayEquals(data, decoded.data());
                    // the same data in a body cut right after it
                    byte[] cut = Arrays.copyOf(body, WriteToFileDescriptor.DATA_OFFSET + size);
                    assertArrayEquals(data, ((WriteToFile) FileCopyMessageCodec.decode(cut)).data());
                });
    }

    @Test
    void arbitraryBytesDecodeOrFailTyped() {
        qt(0xFC03L, 2000).forAll(integers().between(0, 6300), integers().between(0, 4), longs().all())
                .checkAssert((length, op, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    byte[] body = new byte[length];
                    r.nextBytes(body);
                    if (length >= 4) {
                        body[0] = (byte) op.intValue(); // mostly known operations
                        body[1] = 0;
                        body[2] = 0;
                        body[3] = 0;
                    }
                    try {
                        FileCopyMessage m = FileCopyMessageCodec.decode(body);
                        assertEquals(op.intValue(), m.operation().code());
                    } catch (MalformedFileCopyMessageException e) {
                        assertTrue(e.getMessage().startsWith("fcopy "), e.getMessage());
                    }
                });
    }

    @Test
    void truncatedStartIsRefused() {
        byte[] body = FileCopyMessageCodec.encode(new StartFileCopy("f", "p", 0, 1));
        qt(0xFC04L, 300).forAll(integers().between(0, body.length - 1)).checkAssert(n -> {
            MalformedFileCopyMessageException e = assertThrows(MalformedFileCopyMessageException.class,
                    () -> FileCopyMessageCodec.decode(Arrays.copyOf(body, n)));
            assertEquals(FileCopyMessageError.BAD_LENGTH, e.reason());
        });
    }
}
