package org.hvref.channel.trace;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import tla2sany.drivers.SANY;
import tla2sany.modanalyzer.SpecObj;
import tla2sany.semantic.ASTConstants;
import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.ModuleNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import util.SimpleFilenameToStream;
import util.ToolIO;

/**
 * The actions of a spec's {@code Next}, read from the TLA+ module with SANY (so coverage checks cannot drift from
 * the spec): {@code Next} is unfolded through disjunctions, existential quantifiers and operators whose body is a
 * disjunction; every other user-defined operator reached is an action.
 */
public final class SpecNextActions {
    private SpecNextActions() {
    }

    /**
     * @param module the {@code .tla} file
     * @return the names of its Next actions
     * @throws IllegalStateException if SANY rejects the module or it has no Next
     */
    public static Set<String> of(Path module) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        ToolIO.setUserDir(module.getParent().toString());
        SpecObj obj = new SpecObj(module.toString(), new SimpleFilenameToStream(module.getParent().toString()));
        try {
            SANY.frontEndMain(obj, module.toString(), out);
        } catch (Exception e) {
            throw new IllegalStateException("SANY " + module + ": " + e + "\n" + log, e);
        }
        ModuleNode root = obj.getRootModule();
        if (obj.getErrorLevel() > 2 || root == null) {
            throw new IllegalStateException("SANY " + module + ": error level " + obj.getErrorLevel() + "\n" + log);
        }
        for (OpDefNode def : root.getOpDefs()) {
            if (def.getName().toString().equals("Next")) {
                Set<String> actions = new TreeSet<>();
                collect(def.getBody(), actions, 0);
                return actions;
            }
        }
        throw new IllegalStateException("spec " + module + ": no Next (expected: Next == <disjunction of actions>)");
    }

    private static void collect(SemanticNode node, Set<String> actions, int depth) {
        if (depth > 16 || !(node instanceof OpApplNode appl)) {
            return;
        }
        String op = appl.getOperator().getName().toString();
        switch (op) {
            case "$DisjList", "\\lor" -> {
                for (ExprOrOpArgNode arg : appl.getArgs()) {
                    collect(arg, actions, depth + 1);
                }
            }
            case "$BoundedExists", "$UnboundedExists" -> {
                ExprOrOpArgNode[] args = appl.getArgs();
                collect(args[args.length - 1], actions, depth + 1);
            }
            default -> {
                if (appl.getOperator() instanceof OpDefNode def && def.getKind() == ASTConstants.UserDefinedOpKind) {
                    if (isDisjunction(def.getBody())) {
                        collect(def.getBody(), actions, depth + 1);
                    } else {
                        actions.add(op);
                    }
                }
            }
        }
    }

    private static boolean isDisjunction(SemanticNode body) {
        if (!(body instanceof OpApplNode appl)) {
            return false;
        }
        String op = appl.getOperator().getName().toString();
        return op.equals("$DisjList") || op.equals("\\lor") || op.equals("$BoundedExists");
    }
}
