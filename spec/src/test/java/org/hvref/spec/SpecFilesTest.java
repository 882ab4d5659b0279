package org.hvref.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecFilesTest {

    private static final Path SOURCE = Path.of("src", "tla");

    @Test
    void shouldCopyTheRepositoryTreeAndListItsCfgs() {
        try (SpecFiles files = SpecFiles.materialize()) {
            assertEquals(SOURCE.toAbsolutePath().normalize().toString(), files.origin());
            List<String> cfgs = files.listCfgs();
            assertTrue(cfgs.contains("ring/MCVmbusRing.cfg"), cfgs.toString());
            assertTrue(cfgs.contains("ring/MCVmbusRing_copybuf_bug.cfg"), cfgs.toString());
            assertTrue(cfgs.contains("ring/TraceVmbusRing.cfg"), cfgs.toString());
            assertTrue(Files.isRegularFile(files.resolve("ring/VmbusRing.tla")));
            assertFalse(files.root().startsWith(SOURCE.toAbsolutePath()), "a copy, not the source");
        }
    }

    @Test
    void shouldDeleteTheCopyOnClose() {
        SpecFiles files = SpecFiles.materialize();
        Path root = files.root();
        files.close();
        assertFalse(Files.exists(root));
    }

    @Test
    void shouldMaterialiseFromResourcesInAJar(@TempDir Path tmp) throws IOException {
        Path jar = tmp.resolve("spec.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
             Stream<Path> paths = Files.walk(SOURCE)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                zip.putNextEntry(new JarEntry(SpecFiles.RESOURCE_ROOT + "/"
                        + SOURCE.relativize(p).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(p));
                zip.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             SpecFiles fromJar = SpecFiles.fromClasspath(loader);
             SpecFiles fromDir = SpecFiles.fromDirectory(SOURCE)) {
            assertTrue(fromJar.origin().startsWith("jar:"), fromJar.origin());
            assertEquals(fromDir.listCfgs(), fromJar.listCfgs());
            assertEquals(Files.readString(fromDir.resolve("ring/VmbusRing.tla")),
                    Files.readString(fromJar.resolve("ring/VmbusRing.tla")));
        }
    }

    @Test
    void shouldRefuseADirectoryWithoutAManifestAndPathsOutsideTheTree(@TempDir Path tmp) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpecFiles.fromDirectory(tmp));
        assertTrue(e.getMessage().endsWith("(expected: a directory holding manifest.json)"), e.getMessage());
        try (SpecFiles files = SpecFiles.materialize()) {
            assertThrows(IllegalArgumentException.class, () -> files.resolve("../outside.tla"));
        }
    }
}
