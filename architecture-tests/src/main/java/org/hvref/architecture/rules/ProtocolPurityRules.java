package org.hvref.architecture.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Wire-format code is pure: no I/O, no threads, no clocks — only bytes in and values out. */
public final class ProtocolPurityRules {
    private ProtocolPurityRules() {
    }

    /** Codecs, descriptors and protocol packages do no I/O and start or coordinate no threads. */
    @ArchTest
    public static final ArchRule PROTOCOL_CODE_IS_PURE = noClasses()
            .that().resideInAnyPackage("org.hvref.wire..", "..protocol..")
            .or().haveSimpleNameEndingWith("Descriptor")
            .or().haveSimpleNameEndingWith("Codec")
            .or().haveSimpleNameEndingWith("Packet")
            .or().haveSimpleNameEndingWith("PacketType")
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.nio.channels..",
                    "java.net..", "java.util.concurrent..", "java.time..", "org.hvref.memory..", "org.hvref.trace..")
            .orShould().dependOnClassesThat().belongToAnyOf(Thread.class, System.class, Runtime.class)
            .as("wire and protocol code (descriptors, codecs, packets) does no I/O, threading or tracing");
}
