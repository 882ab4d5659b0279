package org.hvref.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A private copy of the TLA+ spec tree ({@code ring/VmbusRing.tla}, {@code manifest.json}, ...) in a temporary
 * directory, where TLC can run and trace modules can be generated.
 *
 * <p>The source is, in order: the directory named by the system property {@value #SPEC_DIR_PROPERTY}; the
 * repository's {@code spec/src/tla} (or {@code src/tla} from inside the {@code spec} module) when the working
 * directory is in the repository, so edits to the specs count without a rebuild; else the {@code tla/} resources
 * packaged in the {@code hvref-spec} jar. Close it to delete the copy.
 */
public final class SpecFiles implements AutoCloseable {

    /** System property naming a spec tree directory to use instead of the packaged one. */
    public static final String SPEC_DIR_PROPERTY = "hvref.spec.dir";

    /** Resource folder of the spec tree inside the jar (see spec/pom.xml). */
    public static final String RESOURCE_ROOT = "tla";

    /** The file every spec tree has at its root. */
    public static final String MANIFEST = "manifest.json";

    private final Path root;
    private final String origin;

    private SpecFiles(Path root, String origin) {
        this.root = root;
        this.origin = origin;
    }

    /** Materialises the spec tree from the first source found (see the class comment). */
    public static SpecFiles materialize() {
        String property = System.getProperty(SPEC_DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            return fromDirectory(Path.of(property));
        }
        for (Path candidate : List.of(Path.of("spec", "src", "tla"), Path.of("src", "tla"))) {
            if (Files.isRegularFile(candidate.resolve(MANIFEST))) {
                return fromDirectory(candidate);
            }
        }
        return fromClasspath();
    }

    /** Materialises a copy of the spec tree in {@code source} (a directory holding {@value #MANIFEST}). */
    public static SpecFiles fromDirectory(Path source) {
        Path abs = source.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs.resolve(MANIFEST))) {
            throw new IllegalArgumentException("spec tree: " + abs + " (expected: a directory holding " + MANIFEST + ")");
        }
        Path target = newTempDir();
        copyTree(abs, target);
        return new SpecFiles(target, abs.toString());
    }

    /** Materialises a copy of the spec tree packaged as {@code tla/} resources (directory or jar). */
    public static SpecFiles fromClasspath() {
        return fromClasspath(SpecFiles.class.getClassLoader());
    }

    /** Materialises a copy of the spec tree found as {@code tla/} resources of {@code loader}. */
    public static SpecFiles fromClasspath(ClassLoader loader) {
        String resource = RESOURCE_ROOT + "/" + MANIFEST;
        URL url = loader.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("spec resources: missing " + resource + " (expected: on the classpath)");
        }
        URI uri = toUri(url);
        Path target = newTempDir();
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                copyTree(jar.getPath("/" + RESOURCE_ROOT), target);
            } catch (IOException e) {
                throw new UncheckedIOException("spec resources: cannot open " + uri, e);
            }
        } else {
            copyTree(Path.of(uri).getParent(), target);
        }
        return new SpecFiles(target, uri.toString());
    }

    /** The root of the materialised tree (holds {@value #MANIFEST} and the spec folders such as {@code ring/}). */
    public Path root() {
        return root;
    }

    /** Where the tree was copied from (a directory path or a resource URI). */
    public String origin() {
        return origin;
    }

    /** Resolves a path relative to the root, such as {@code ring/MCVmbusRing.cfg}. */
    public Path resolve(String relative) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("spec path: " + relative + " (expected: inside the spec tree)");
        }
        return p;
    }

    /** Every {@code .cfg} file of the tree as a path relative to the root with '/' separators, sorted. */
    public List<String> listCfgs() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".cfg"))
                    .map(p -> relative(root, p))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("spec tree: cannot list " + root, e);
        }
    }

    /** Copies the whole tree into {@code target} (created if needed), e.g. a scratch directory for one TLC run. */
    public void copyTo(Path target) {
        copyTree(root, Objects.requireNonNull(target, "target"));
    }

    /** Deletes the temporary copy. */
    @Override
    public void close() {
        deleteTree(root);
    }

    static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    static Path newTempDir() {
        try {
            return Files.createTempDirectory("hvref-spec-");
        } catch (IOException e) {
            throw new UncheckedIOException("spec tree: cannot create a temporary directory", e);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("spec resources: bad URL " + url, e);
        }
    }

    private static void copyTree(Path source, Path target) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path p : paths.collect(Collectors.toList())) {
                String rel = source.relativize(p).toString();
                Path dest = rel.isEmpty() ? target : target.resolve(rel.replace(source.getFileSystem().getSeparator(), "/"));
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.createDirectories(dest.getParent());
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("spec tree: cannot copy " + source + " to " + target, e);
        }
    }
}
