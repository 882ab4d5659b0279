package org.hvref.architecture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds the hvref checkout the rules run in (the directory holding {@code spec/src/tla}). */
public final class RepositoryLayout {
    private RepositoryLayout() {
    }

    /** Returns the repository root: {@code -Dhvref.root} if set, else the nearest ancestor of the working directory with a spec tree. */
    public static Path root() {
        String configured = System.getProperty("hvref.root");
        if (configured != null) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("spec/src/tla"))) {
                return dir;
            }
        }
        throw new IllegalStateException("hvref root: not found above " + Paths.get("").toAbsolutePath()
                + " (expected: a directory containing spec/src/tla, or -Dhvref.root)");
    }

    /** Returns the TLA+ source tree. */
    public static Path specTree() {
        return root().resolve("spec/src/tla");
    }
}
