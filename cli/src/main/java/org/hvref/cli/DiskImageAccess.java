package org.hvref.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.hvref.disk.DamagedImageException;
import org.hvref.disk.DiskFormat;
import org.hvref.disk.DiskImage;
import org.hvref.disk.DiskImages;

/**
 * What every {@code hvref disk} command shares: opening an image with one-line errors (a damaged or unsupported
 * image is reported with the message naming the field, never a stack trace), size arguments with qemu-img's
 * binary suffixes, and format names.
 */
final class DiskImageAccess {
    private DiskImageAccess() {
    }

    /**
     * Opens an image, probing its format.
     *
     * @param path     the file
     * @param readOnly whether writes are refused
     * @return the open image
     * @throws CliException if the file is missing, unreadable, damaged or unsupported
     */
    static DiskImage open(Path path, boolean readOnly) {
        if (!Files.isRegularFile(path)) {
            throw new CliException("image: " + path + " (expected: an existing regular file)");
        }
        try {
            return DiskImages.open(path, readOnly);
        } catch (IOException e) {
            throw failure(path, e);
        }
    }

    /**
     * Turns an I/O failure on an image into the one-line user error.
     *
     * @param path the image
     * @param e    the failure
     * @return the error to throw
     */
    static CliException failure(Path path, IOException e) {
        if (e instanceof DamagedImageException) {
            return new CliException(path + ": damaged image: " + e.getMessage(), e);
        }
        if (e instanceof NoSuchFileException) {
            return new CliException("image: " + path + " (expected: an existing file)", e);
        }
        if (e instanceof FileAlreadyExistsException) {
            return new CliException("image: " + path + " exists (expected: a new file; hvref never overwrites)", e);
        }
        if (e instanceof AccessDeniedException) {
            return new CliException("image: " + path + ": access denied", e);
        }
        String kind = e.getClass().getSimpleName().contains("Unsupported") ? "unsupported image: " : "";
        return new CliException(path + ": " + kind + e.getMessage(), e);
    }

    /**
     * Parses a size or offset as qemu-img does: a decimal number, optionally followed by K, M, G, T, P or E (powers
     * of 1024, either case) and an optional "B" or "iB" ("64M", "64MiB", "512B").
     *
     * @param text the argument, e.g. "64M"
     * @param what names the argument in the error
     * @return the value in bytes
     * @throws CliException if it is not a non-negative number with a known suffix or overflows
     */
    static long parseSize(String text, String what) {
        String t = text.trim();
        String upper = t.toUpperCase(Locale.ROOT);
        if (upper.endsWith("IB")) {
            upper = upper.substring(0, upper.length() - 2);
        } else if (upper.endsWith("B")) {
            upper = upper.substring(0, upper.length() - 1);
        }
        int shift = 0;
        if (!upper.isEmpty()) {
            shift = switch (upper.charAt(upper.length() - 1)) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                case 'P' -> 50;
                case 'E' -> 60;
                default -> 0;
            };
        }
        String digits = shift == 0 ? upper : upper.substring(0, upper.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 19) {
            throw new CliException(what + ": \"" + text + "\" (expected: a number of bytes with an optional "
                    + "K, M, G, T, P or E suffix, e.g. 64M)");
        }
        long value;
        try {
            value = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new CliException(what + ": \"" + text + "\" (expected: < 2^63 bytes)", e);
        }
        if (shift > 0 && value > Long.MAX_VALUE >> shift) {
            throw new CliException(what + ": \"" + text + "\" (expected: < 2^63 bytes)");
        }
        return value << shift;
    }

    /**
     * Parses a format name: qemu's ("raw", "vpc", "vhdx") or "vhd".
     *
     * @param name the name
     * @return the format
     */
    static DiskFormat format(String name) {
        for (DiskFormat f : DiskFormat.values()) {
            if (f.qemuName().equalsIgnoreCase(name) || f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new CliException("format: " + name + " (expected: raw, vhd (or vpc) or vhdx)");
    }

    /** @return e.g. "64 MiB", "1.21 MiB", "512 B" as qemu-img info prints sizes */
    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        String n = String.format(Locale.ROOT, "%.3g", v);
        if (n.contains(".")) {
            n = n.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return n + " " + units[u];
    }
}
