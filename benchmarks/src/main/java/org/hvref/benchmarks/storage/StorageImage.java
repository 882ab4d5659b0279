package org.hvref.benchmarks.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.disk.vhdx.VhdxCreateOptions;
import org.hvref.disk.vhdx.VhdxImage;

/**
 * The image every storage benchmark reads: a dynamic VHDX created by hvref with qemu-img's defaults
 * ({@code qemu-img create -f vhdx -o subformat=dynamic}: 8 MiB blocks up to 1 GiB, 512-byte sectors) and then
 * written in full, so every payload block is allocated (FULLY_PRESENT) and every read goes to the file, never to
 * the "unallocated reads as zeros" shortcut. Each 4 KiB block starts with its own index (8 bytes, little-endian)
 * followed by a fixed byte pattern, so a read can be checked.
 */
public final class StorageImage {
    /** System property: the image file the benchmarks read (created by {@link #create} if it does not exist). */
    public static final String IMAGE_PROPERTY = "hvref.storageImage";

    /** Default virtual size: 256 MiB (65,536 blocks of 4 KiB; fits the page cache of the benchmark machine). */
    public static final long DEFAULT_SIZE = 256L << 20;

    private static final int CHUNK = 1 << 20;
    private static final Pattern MAP_ENTRY = Pattern.compile(
            "\"start\":\\s*(\\d+),\\s*\"length\":\\s*(\\d+),.*?\"data\":\\s*(true|false)");

    private StorageImage() {
    }

    /**
     * Creates and fills the image.
     *
     * @param path the new file (must not exist)
     * @param size virtual size, a positive multiple of 1 MiB
     * @throws IOException if the file cannot be created or written
     */
    public static void create(Path path, long size) throws IOException {
        if (size <= 0 || size % CHUNK != 0) {
            throw new IllegalArgumentException("storage image size " + size + " (expected: a positive multiple of "
                    + CHUNK + ")");
        }
        VhdxImage.create(path, VhdxCreateOptions.dynamic(size));
        byte[] chunk = new byte[CHUNK];
        try (DiskImage image = VhdxImage.open(path, false)) {
            for (long offset = 0; offset < size; offset += CHUNK) {
                for (int b = 0; b < CHUNK; b += ReadPattern.BLOCK) {
                    fillBlock((offset + b) / ReadPattern.BLOCK, chunk, b);
                }
                image.write(offset, chunk, 0, CHUNK);
            }
            image.flush();
        }
    }

    /**
     * Opens the image named by {@value #IMAGE_PROPERTY}, creating it first if the file does not exist; without the
     * property, creates a temporary image of {@link #DEFAULT_SIZE} that is deleted when the JVM exits.
     *
     * @return the image, open read-only
     * @throws IOException if it cannot be created or opened
     */
    public static DiskImage openConfigured() throws IOException {
        String configured = System.getProperty(IMAGE_PROPERTY);
        Path path;
        if (configured == null) {
            Path dir = Files.createTempDirectory("hvref-storage-bench");
            path = dir.resolve("bench.vhdx");
            dir.toFile().deleteOnExit();
            path.toFile().deleteOnExit();
        } else {
            path = Path.of(configured);
        }
        if (!Files.exists(path)) {
            create(path, DEFAULT_SIZE);
        }
        DiskImage image = VhdxImage.open(path, true);
        if (image.format() != DiskFormat.VHDX) {
            image.close();
            throw new IOException(path + ": format " + image.format() + " (expected: VHDX)");
        }
        return image;
    }

    /**
     * Writes block {@code index}'s content.
     *
     * @param index  block index
     * @param dst    destination
     * @param offset where the block starts in {@code dst}
     */
    public static void fillBlock(long index, byte[] dst, int offset) {
        Arrays.fill(dst, offset, offset + ReadPattern.BLOCK, (byte) 0xA5);
        ByteBuffer.wrap(dst, offset, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(index);
    }

    /**
     * The block index a read block starts with.
     *
     * @param block  the data
     * @param offset where the block starts
     * @return its first 8 bytes, little-endian
     */
    public static long blockIndex(byte[] block, int offset) {
        return ByteBuffer.wrap(block, offset, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /**
     * Checks {@code qemu-img map --output=json} output: the whole disk is data (no range reads as zeros without
     * touching the file), so qemu-img bench reads the file exactly as hvref does.
     *
     * @param mapJson the output
     * @param size    the virtual size
     * @throws IllegalArgumentException if a range is not data or the ranges do not cover {@code [0, size)}
     */
    public static void checkFullyAllocated(String mapJson, long size) {
        Matcher entry = MAP_ENTRY.matcher(mapJson);
        long next = 0;
        while (entry.find()) {
            long start = Long.parseLong(entry.group(1));
            long length = Long.parseLong(entry.group(2));
            if (start != next) {
                throw new IllegalArgumentException("qemu-img map: range at " + start + " (expected: " + next + ")");
            }
            if (!entry.group(3).equals("true")) {
                throw new IllegalArgumentException("qemu-img map: [" + start + ", +" + length + ") data false"
                        + " (expected: the whole image written)");
            }
            next = start + length;
        }
        if (next != size) {
            throw new IllegalArgumentException("qemu-img map: ranges cover " + next + " bytes (expected: " + size
                    + ")");
        }
    }

    /**
     * Checks the image with qemu: {@code qemu-img check} is clean and {@code qemu-img map} shows every byte as data
     * ({@link #checkFullyAllocated}).
     *
     * @param qemuImg the {@code qemu-img} program
     * @param path    the image
     * @param size    its virtual size
     * @throws IOException          if qemu-img fails, finds a problem or sees an unallocated range
     * @throws InterruptedException if interrupted
     */
    public static void verifyWithQemu(String qemuImg, Path path, long size) throws IOException, InterruptedException {
        run(List.of(qemuImg, "check", "-f", "vhdx", path.toString()));
        String map = run(List.of(qemuImg, "map", "--output=json", "-f", "vhdx", path.toString()));
        try {
            checkFullyAllocated(map, size);
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": no exit after 60 s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": exit status " + process.exitValue()
                    + " (expected: 0): " + text.strip());
        }
        return text;
    }
}
