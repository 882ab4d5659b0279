package org.hvref.disk;

import java.util.List;

/**
 * The result of a structural check of an image file ({@link DiskImages#check}): every problem found (each of the
 * form {@code "<what>: <actual> (expected: <expected>)"}, as {@link DamagedImageException} messages), facts about
 * the image (allocation, end offset) and what {@code repair} changed.
 *
 * @param format   the probed format
 * @param errors   problems; empty if the image is consistent
 * @param facts    informational lines (allocated blocks, image end offset, ...)
 * @param repaired what a repair did (e.g. a replayed VHDX log); empty if nothing
 */
public record ImageCheckReport(DiskFormat format, List<String> errors, List<String> facts, List<String> repaired) {
    /** Copies the lists. */
    public ImageCheckReport {
        errors = List.copyOf(errors);
        facts = List.copyOf(facts);
        repaired = List.copyOf(repaired);
    }

    /** @return whether no error was found */
    public boolean clean() {
        return errors.isEmpty();
    }
}
