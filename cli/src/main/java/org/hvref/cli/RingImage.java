package org.hvref.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.hvref.memory.GuestMemory;
import org.hvref.ring.RingControlDescriptor;
import org.hvref.ring.RingLayout;

/**
 * A ring image file: the 4096-byte control page followed by the data region, exactly as in guest memory. Loaded
 * into (and saved from) heap guest memory at GPA 0, so tools never touch the file while the ring code runs.
 */
final class RingImage {
    /** Bytes before the data region. */
    static final int CONTROL = RingControlDescriptor.CONTROL_PAGE_LENGTH;
    /** Largest data region one guest memory can hold after its control page. */
    static final long MAX_DATA_SIZE = (long) (GuestMemory.MAX_PAGES - 1) * GuestMemory.PAGE_SIZE;

    private static final int CHUNK = 1 << 20;

    private RingImage() {
    }

    /** Checks a data size given by the user: positive, multiple of 8, not above {@link #MAX_DATA_SIZE}. */
    static int checkDataSize(long dataSize) {
        if (dataSize <= 0 || dataSize % 8 != 0 || dataSize > MAX_DATA_SIZE) {
            throw new CliException("data size: " + dataSize + " (expected: a positive multiple of 8 up to "
                    + MAX_DATA_SIZE + "; real rings use multiples of 4096)");
        }
        return (int) dataSize;
    }

    /**
     * Loads an image; {@code dataSize} null means file size - 4096.
     *
     * @throws CliException if the file cannot be read or its size does not fit the data size
     */
    static RingLayout load(Path file, Long dataSize) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new CliException("image: " + file + ": no such file (expected: a ring image file)", e);
        } catch (IOException e) {
            throw new CliException("image: " + file + ": " + e.getMessage() + " (expected: a readable file)", e);
        }
        if (size < CONTROL + 8) {
            throw new CliException("image size: " + size + " bytes (expected: >= " + (CONTROL + 8)
                    + ", a 4096-byte control page followed by the data region)");
        }
        int data = checkDataSize(dataSize == null ? size - CONTROL : dataSize);
        if (CONTROL + (long) data > size) {
            throw new CliException("data size: " + data + " (expected: <= " + (size - CONTROL)
                    + ", the image size " + size + " minus the 4096-byte control page)");
        }
        RingLayout layout = create(data);
        GuestMemory memory = layout.memory();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = 0;
            long end = CONTROL + (long) data;
            while (position < end) {
                int length = (int) Math.min(CHUNK, end - position);
                ByteBuffer chunk = memory.slice(position, length);
                while (chunk.hasRemaining()) {
                    if (in.read(chunk, position + chunk.position()) < 0) {
                        throw new CliException("image: " + file + ": ended at " + (position + chunk.position())
                                + " bytes while reading (expected: " + end + " bytes)");
                    }
                }
                position += length;
            }
        } catch (IOException e) {
            throw new CliException("image: " + file + ": " + e.getMessage() + " (expected: a readable file)", e);
        }
        return layout;
    }

    /** A zeroed ring of {@code dataSize} data bytes at GPA 0 of fresh heap memory. */
    static RingLayout create(int dataSize) {
        int pages = (int) ((CONTROL + (long) dataSize + GuestMemory.PAGE_SIZE - 1) / GuestMemory.PAGE_SIZE);
        return RingLayout.contiguous(GuestMemory.heap(pages), 0, dataSize);
    }

    /**
     * Writes the ring (control page + data region) to {@code file}, replacing it.
     *
     * @throws CliException if the file cannot be written
     */
    static void save(RingLayout layout, Path file) {
        ByteBuffer bytes = layout.memory().slice(0, CONTROL + layout.dataSize());
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new CliException("image: " + file + ": " + e.getMessage() + " (expected: a writable file)", e);
        }
    }
}
