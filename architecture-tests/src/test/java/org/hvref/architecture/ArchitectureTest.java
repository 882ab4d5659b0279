package org.hvref.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import org.hvref.architecture.rules.LayeringRules;
import org.hvref.architecture.rules.ProtocolPurityRules;
import org.hvref.architecture.rules.SpecTraceabilityRules;

/** Entry point: every rule class of {@code org.hvref.architecture.rules} over hvref's main classes. */
@AnalyzeClasses(packages = "org.hvref", importOptions = ImportOption.DoNotIncludeTests.class)
public class ArchitectureTest {
    @ArchTest
    static final ArchTests LAYERING = ArchTests.in(LayeringRules.class);

    @ArchTest
    static final ArchTests PROTOCOL_PURITY = ArchTests.in(ProtocolPurityRules.class);

    @ArchTest
    static final ArchTests SPEC_TRACEABILITY = ArchTests.in(SpecTraceabilityRules.class);
}
