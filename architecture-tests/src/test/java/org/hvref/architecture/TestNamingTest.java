package org.hvref.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.hvref.architecture.fixture.MisnamedCheck;
import org.hvref.architecture.rules.TestNamingRules;
import org.junit.jupiter.api.Test;

class TestNamingTest {
    @Test
    void shouldRunEveryTestClassOfEveryModule() {
        JavaClasses tests = TestNamingRules.importAllTestClasses();
        assertTrue(tests.stream().anyMatch(TestNamingRules.EXECUTABLE_TEST_CLASS),
                "no test classes imported from */target/test-classes");
        TestNamingRules.TEST_CLASSES_MATCH_SUREFIRE_INCLUDES.check(tests);
    }

    @Test
    void shouldConfigureSurefireWithTheIncludesTheRuleAssumes() {
        assertEquals(TestNamingRules.INCLUDES, TestNamingRules.surefireIncludes());
    }

    @Test
    void shouldRejectATestClassSurefireWouldMiss() {
        JavaClasses misnamed = new ClassFileImporter().importClasses(MisnamedCheck.class);
        assertFalse(misnamed.stream().noneMatch(TestNamingRules.EXECUTABLE_TEST_CLASS));
        assertThrows(AssertionError.class, () -> TestNamingRules.TEST_CLASSES_MATCH_SUREFIRE_INCLUDES.check(misnamed));
    }
}
