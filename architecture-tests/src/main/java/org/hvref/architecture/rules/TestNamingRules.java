package org.hvref.architecture.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hvref.architecture.RepositoryLayout;

/** Every executable test class is one Surefire runs: its name matches one of the includes of the parent pom. */
public final class TestNamingRules {
    /** The includes every module's Surefire uses (checked against the parent pom by {@link #surefireIncludes()}). */
    public static final List<String> INCLUDES =
            List.of("**/*Test.java", "**/*Tests.java", "**/*Properties.java", "**/*FuzzTest.java");

    private static final Set<String> TEST_ANNOTATIONS = Set.of(
            "org.junit.jupiter.api.Test", "org.junit.jupiter.api.TestFactory", "org.junit.jupiter.api.RepeatedTest",
            "org.junit.jupiter.api.TestTemplate", "org.junit.jupiter.params.ParameterizedTest",
            "com.code_intelligence.jazzer.junit.FuzzTest", "com.tngtech.archunit.junit.ArchTest");

    /** Package of deliberately misnamed fixtures, left out of {@link #importAllTestClasses()}. */
    public static final String FIXTURE_PACKAGE = "org.hvref.architecture.fixture";

    private TestNamingRules() {
    }

    /** A top-level, concrete class with at least one test method (or an ArchUnit test field). */
    public static final DescribedPredicate<JavaClass> EXECUTABLE_TEST_CLASS =
            DescribedPredicate.describe("are executable test classes", TestNamingRules::isExecutableTestClass);

    /** Test classes are named so that Surefire's includes pick them up. */
    public static final ArchRule TEST_CLASSES_MATCH_SUREFIRE_INCLUDES = classes()
            .that(EXECUTABLE_TEST_CLASS)
            .should().haveNameMatching(".*\\.[^.]*(Test|Tests|Properties|FuzzTest)")
            .as("every test class matches a Surefire include " + INCLUDES);

    /** Imports the compiled test classes of every module of this checkout. */
    public static JavaClasses importAllTestClasses() {
        try (Stream<Path> modules = Files.list(RepositoryLayout.root())) {
            List<Path> dirs = modules.map(m -> m.resolve("target/test-classes"))
                    .filter(Files::isDirectory).sorted().collect(Collectors.toList());
            return new ClassFileImporter()
                    .withImportOption(location -> !location.contains("/" + FIXTURE_PACKAGE.replace('.', '/') + "/"))
                    .importPaths(dirs);
        } catch (IOException e) {
            throw new IllegalStateException("test classes: " + e.getMessage(), e);
        }
    }

    /** Reads the Surefire includes configured in the parent pom. */
    public static List<String> surefireIncludes() {
        Path pom = RepositoryLayout.root().resolve("pom.xml");
        try {
            String text = Files.readString(pom);
            Matcher matcher = Pattern.compile("<include>([^<]+)</include>").matcher(text);
            return matcher.results().map(r -> r.group(1).trim()).collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalStateException("parent pom: " + e.getMessage(), e);
        }
    }

    private static boolean isExecutableTestClass(JavaClass javaClass) {
        if (!javaClass.isTopLevelClass() || javaClass.getModifiers().contains(JavaModifier.ABSTRACT)
                || javaClass.isInterface()) {
            return false;
        }
        boolean methods = javaClass.getAllMethods().stream().anyMatch(m -> m.getAnnotations().stream()
                .anyMatch(a -> TEST_ANNOTATIONS.contains(a.getRawType().getName())));
        boolean fields = javaClass.getAllFields().stream().anyMatch(f -> f.getAnnotations().stream()
                .anyMatch(a -> TEST_ANNOTATIONS.contains(a.getRawType().getName())));
        return methods || fields;
    }
}
