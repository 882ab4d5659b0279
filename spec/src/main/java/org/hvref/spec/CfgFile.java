package org.hvref.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The invariant and property names of a TLC configuration file (only what the harness needs). */
record CfgFile(List<String> invariants, List<String> properties) {

    private static final Set<String> KEYWORDS = Set.of("CONSTANT", "CONSTANTS", "INIT", "NEXT", "SPECIFICATION",
            "INVARIANT", "INVARIANTS", "PROPERTY", "PROPERTIES", "SYMMETRY", "VIEW", "CONSTRAINT", "CONSTRAINTS",
            "ACTION_CONSTRAINT", "ACTION_CONSTRAINTS", "CHECK_DEADLOCK", "POSTCONDITION", "ALIAS");

    CfgFile {
        invariants = List.copyOf(invariants);
        properties = List.copyOf(properties);
    }

    /** Parses cfg text: names listed after INVARIANT(S) and PROPERTY/PROPERTIES, comments removed. */
    static CfgFile parse(String text) {
        String noBlock = text.replaceAll("(?s)\\(\\*.*?\\*\\)", " ");
        List<String> invariants = new ArrayList<>();
        List<String> properties = new ArrayList<>();
        List<String> current = null;
        for (String line : noBlock.split("\n")) {
            int comment = line.indexOf("\\*");
            String code = comment >= 0 ? line.substring(0, comment) : line;
            for (String token : code.trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                if (KEYWORDS.contains(token)) {
                    current = token.startsWith("INVARIANT") ? invariants
                            : token.startsWith("PROPERT") ? properties : null;
                } else if (current != null) {
                    current.add(token);
                }
            }
        }
        return new CfgFile(invariants, properties);
    }
}
