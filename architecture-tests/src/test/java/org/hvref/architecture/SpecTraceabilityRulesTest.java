package org.hvref.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import java.util.Set;
import org.hvref.architecture.fixture.SpecActionFixtures;
import org.hvref.architecture.rules.SpecTraceabilityRules;
import org.hvref.architecture.rules.SpecTraceabilityRules.ActionRef;
import org.junit.jupiter.api.Test;

/** The traceability rules bite: wrong names and unimplemented actions are reported. */
class SpecTraceabilityRulesTest {
    @Test
    void shouldAcceptAnActionThatExists() {
        JavaClasses classes = new ClassFileImporter().importClasses(SpecActionFixtures.RealAction.class);
        SpecTraceabilityRules.SPEC_ACTIONS_NAME_EXISTING_OPERATORS.check(classes);
    }

    @Test
    void shouldRejectAMisspelledAction() {
        JavaClasses classes = new ClassFileImporter().importClasses(SpecActionFixtures.MisspelledAction.class);
        AssertionError error = assertThrows(AssertionError.class,
                () -> SpecTraceabilityRules.SPEC_ACTIONS_NAME_EXISTING_OPERATORS.check(classes));
        assertTrue(error.getMessage().contains("VmbusRing!WriterCopyPacket"), error.getMessage());
    }

    @Test
    void shouldRejectAnUnknownSpecAndReadRepeatedAnnotations() {
        JavaClasses classes = new ClassFileImporter().importClasses(SpecActionFixtures.UnknownSpec.class);
        var method = classes.get(SpecActionFixtures.UnknownSpec.class).getMethod("copy");
        assertEquals(List.of(new ActionRef("VmbusRingNope", "WriterCopy"), new ActionRef("VmbusRing", "WriterPublish")),
                SpecTraceabilityRules.actionsOf(method));
        assertThrows(AssertionError.class,
                () -> SpecTraceabilityRules.SPEC_ACTIONS_NAME_EXISTING_OPERATORS.check(classes));
    }

    @Test
    void shouldReportEverySpecActionWithoutAnImplementation() {
        JavaClasses classes = new ClassFileImporter().importClasses(SpecActionFixtures.RealAction.class);
        AssertionError error = assertThrows(AssertionError.class,
                () -> SpecTraceabilityRules.EVERY_SPEC_ACTION_IS_IMPLEMENTED.check(classes));
        assertTrue(error.getMessage().contains("VmbusRing!ReaderRecheck"), error.getMessage());
        assertTrue(!error.getMessage().contains("VmbusRing!WriterCopy has no"), error.getMessage());
    }

    @Test
    void shouldReadTheNextActionsOfTheRingSpecWithSany() {
        Set<String> actions = TlaSpecIndex.load().nextActions("VmbusRing");
        assertEquals(15, actions.size(), actions.toString());
        assertTrue(actions.containsAll(Set.of("WriterCopy", "WriterFull", "WriterSetPending", "WriterRecheck",
                "WriterWake", "WriterPublish", "WriterReadMask", "WriterDecideSignal", "ReaderWake", "ReaderRead",
                "ReaderCommit", "ReaderReadPending", "ReaderDecidePendingSignal", "ReaderUnmask", "ReaderRecheck")),
                actions.toString());
    }
}
