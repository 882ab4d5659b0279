package org.hvref.spec;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The expected result of every TLC configuration of the spec tree ({@code manifest.json}: a JSON array). */
public record Manifest(List<ManifestEntry> entries) {

    /** Validates the manifest: at least one entry, each cfg at most once. */
    public Manifest {
        entries = List.copyOf(entries);
        Set<String> seen = new HashSet<>();
        for (ManifestEntry e : entries) {
            if (!seen.add(e.cfg())) {
                throw new IllegalArgumentException("manifest cfg: " + e.cfg() + " (expected: listed once)");
            }
        }
    }

    /** Reads {@code manifest.json} at the root of a materialised spec tree. */
    public static Manifest load(SpecFiles files) {
        return read(files.resolve(SpecFiles.MANIFEST));
    }

    /** Reads a manifest file. */
    public static Manifest read(Path file) {
        try {
            List<ManifestEntry> entries = new ObjectMapper().readValue(file.toFile(),
                    new TypeReference<List<ManifestEntry>>() { });
            return new Manifest(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("manifest: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The entry for a cfg path such as {@code ring/MCVmbusRing.cfg}. */
    public Optional<ManifestEntry> entryFor(String cfg) {
        return entries.stream().filter(e -> e.cfg().equals(cfg)).findFirst();
    }

    /** The entries whose spec or cfg starts with {@code prefix} (e.g. {@code ring/} or {@code ring/MCVmbusRing}). */
    public List<ManifestEntry> select(String prefix) {
        return entries.stream().filter(e -> e.cfg().startsWith(prefix) || e.spec().startsWith(prefix)).toList();
    }
}
