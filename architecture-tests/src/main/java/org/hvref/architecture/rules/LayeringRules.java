package org.hvref.architecture.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Layering of the library: wire ← memory ← ring ← channel ← ic|storage ← machine ← tools, wire ← memory ← hypervisor ←
 * channel and wire ← disk ← storage (virtual disk images under the storage devices), with tracing usable by every layer; the machine (one partition wiring everything) is the top library layer.
 */
public final class LayeringRules {
    private LayeringRules() {
    }

    /** The layers only depend downwards. */
    @ArchTest
    public static final ArchRule LAYERS_DEPEND_DOWNWARDS = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Wire").definedBy("org.hvref.wire..")
            .layer("Memory").definedBy("org.hvref.memory..")
            .layer("Ring").definedBy("org.hvref.ring..")
            .layer("Hypervisor").definedBy("org.hvref.hypervisor..")
            .layer("Channel").definedBy("org.hvref.channel..")
            .layer("Ic").definedBy("org.hvref.ic..")
            .layer("Disk").definedBy("org.hvref.disk..")
            .optionalLayer("Storage").definedBy("org.hvref.storage..")
            .layer("Machine").definedBy("org.hvref.machine..")
            .layer("Trace").definedBy("org.hvref.trace..")
            .layer("Spec").definedBy("org.hvref.spec..")
            .layer("Tools").definedBy("org.hvref.cli..", "org.hvref.benchmarks..")
            .whereLayer("Tools").mayNotBeAccessedByAnyLayer()
            .whereLayer("Spec").mayOnlyBeAccessedByLayers("Tools")
            .whereLayer("Machine").mayOnlyBeAccessedByLayers("Tools")
            .whereLayer("Storage").mayOnlyBeAccessedByLayers("Machine", "Tools")
            .whereLayer("Disk").mayOnlyBeAccessedByLayers("Storage", "Machine", "Tools")
            .whereLayer("Ic").mayOnlyBeAccessedByLayers("Machine", "Tools")
            .whereLayer("Channel").mayOnlyBeAccessedByLayers("Ic", "Storage", "Machine", "Tools")
            .whereLayer("Ring").mayOnlyBeAccessedByLayers("Channel", "Ic", "Storage", "Machine", "Tools")
            .whereLayer("Hypervisor").mayOnlyBeAccessedByLayers("Channel", "Machine", "Tools")
            .whereLayer("Memory").mayOnlyBeAccessedByLayers("Ring", "Hypervisor", "Channel", "Ic", "Storage", "Machine",
                    "Tools")
            .whereLayer("Wire").mayOnlyBeAccessedByLayers("Memory", "Ring", "Hypervisor", "Channel", "Ic", "Disk",
                    "Storage", "Machine", "Tools")
            .whereLayer("Trace").mayOnlyBeAccessedByLayers("Wire", "Memory", "Ring", "Hypervisor", "Channel", "Ic",
                    "Disk", "Storage", "Machine", "Spec", "Tools")
            .as("layers depend downwards: wire <- memory <- ring|hypervisor <- channel <- ic|storage <- machine <- tools, "
                    + "wire <- disk <- storage, "
                    + "trace usable by all");

    /**
     * The IC framework sits on wire, memory, ring and the channel's device and protocol packages (and tracing); it
     * never reaches into the hypervisor, the guest or host VMBus internals, or a machine assembly.
     */
    @ArchTest
    public static final ArchRule IC_DEPENDS_ONLY_ON_WIRE_MEMORY_RING_CHANNEL_DEVICE = classes()
            .that().resideInAPackage("org.hvref.ic..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.hvref.ic..", "org.hvref.wire..",
                    "org.hvref.memory..", "org.hvref.ring..", "org.hvref.channel.device..",
                    "org.hvref.channel.protocol..", "org.hvref.trace..")
            .as("org.hvref.ic depends only on java.., wire, memory, ring, channel.device, channel.protocol and trace");

    /** The simulated hypervisor sits on wire, memory and trace only (no ring, no channel). */
    @ArchTest
    public static final ArchRule HYPERVISOR_DEPENDS_ONLY_ON_WIRE_MEMORY_TRACE = classes()
            .that().resideInAPackage("org.hvref.hypervisor..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.hvref.hypervisor..",
                    "org.hvref.wire..", "org.hvref.memory..", "org.hvref.trace..")
            .as("org.hvref.hypervisor depends only on java.., wire, memory and trace (and itself)");

    /** Virtual disk images know nothing of VMBus: they sit on the JDK, wire and trace only. */
    @ArchTest
    public static final ArchRule DISK_DEPENDS_ONLY_ON_WIRE_AND_TRACE = classes()
            .that().resideInAPackage("org.hvref.disk..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.hvref.disk..", "org.hvref.wire..",
                    "org.hvref.trace..")
            .as("org.hvref.disk depends only on java.., wire and trace (and itself)");

    /** The ring layer knows nothing of the hypervisor: signalling reaches it through its own doorbell interface. */
    @ArchTest
    public static final ArchRule RING_INDEPENDENT_OF_HYPERVISOR = noClasses()
            .that().resideInAPackage("org.hvref.ring..")
            .should().dependOnClassesThat().resideInAPackage("org.hvref.hypervisor..")
            .as("org.hvref.ring does not depend on org.hvref.hypervisor");

    /** The wire layer needs nothing but the JDK. */
    @ArchTest
    public static final ArchRule WIRE_DEPENDS_ONLY_ON_JDK = classes()
            .that().resideInAPackage("org.hvref.wire..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.hvref.wire..")
            .as("org.hvref.wire depends only on java.. (and itself)");

    /** Tracing is a leaf every layer may use, so it may use none of them. */
    @ArchTest
    public static final ArchRule TRACE_IS_A_LEAF = classes()
            .that().resideInAPackage("org.hvref.trace..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.hvref.trace..")
            .as("org.hvref.trace depends only on java.. (and itself)");

    /** The library never reaches into the model checker, test support or the tools. */
    @ArchTest
    public static final ArchRule LIBRARY_INDEPENDENT_OF_MODEL_AND_TESTS = noClasses()
            .that().resideInAnyPackage("org.hvref.wire..", "org.hvref.memory..", "org.hvref.ring..",
                    "org.hvref.hypervisor..", "org.hvref.channel..", "org.hvref.ic..", "org.hvref.machine..",
                    "org.hvref.trace..")
            .should().dependOnClassesThat().resideInAnyPackage("org.hvref.spec..", "org.hvref.cli..",
                    "org.hvref.benchmarks..", "..model..", "tlc2..", "tla2sany..", "org.junit..", "org.quicktheories..")
            .as("the reference implementation does not depend on the model checker, test support or tools");

    /** No package cycles anywhere in hvref. */
    @ArchTest
    public static final ArchRule NO_CYCLES = slices().matching("org.hvref.(*)..")
            .should().beFreeOfCycles()
            .as("hvref packages are free of cycles");
}
