package org.hvref.architecture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
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
 * The operators and the {@code Next} actions of every TLA+ module under {@code spec/src/tla}, read with SANY.
 *
 * <p>An action of a spec is a user-defined operator that appears as a disjunct of {@code Next} (looking through
 * {@code \/}, {@code \E} and operators whose body is itself such a disjunction).
 */
public final class TlaSpecIndex {
    private final Map<String, Path> modules = new LinkedHashMap<>();
    private final Map<String, ModuleNode> parsed = new LinkedHashMap<>();

    private TlaSpecIndex(Path tree) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            files.filter(f -> f.toString().endsWith(".tla")).sorted().forEach(f -> {
                String name = f.getFileName().toString().replaceFirst("\\.tla$", "");
                Path relative = tree.relativize(f);
                String key = relative.toString().replace('\\', '/').replaceFirst("\\.tla$", "");
                modules.put(key, f);
                modules.putIfAbsent(name, f);
            });
        }
    }

    /** Indexes the spec tree of this checkout. */
    public static TlaSpecIndex load() {
        try {
            return new TlaSpecIndex(RepositoryLayout.specTree());
        } catch (IOException e) {
            throw new IllegalStateException("spec tree: " + e.getMessage(), e);
        }
    }

    /** Returns whether a module of that name ({@code VmbusRing} or {@code ring/VmbusRing}) exists. */
    public boolean hasModule(String spec) {
        return modules.containsKey(spec);
    }

    /** Returns the names of all operators defined in the module itself (not in modules it extends). */
    public Set<String> operators(String spec) {
        ModuleNode root = parse(spec);
        Set<String> names = new LinkedHashSet<>();
        for (OpDefNode def : root.getOpDefs()) {
            if (def.getKind() == ASTConstants.UserDefinedOpKind && isFrom(def, root)) {
                names.add(def.getName().toString());
            }
        }
        return names;
    }

    /** Returns the actions of {@code Next} in the module. */
    public Set<String> nextActions(String spec) {
        ModuleNode root = parse(spec);
        OpDefNode next = find(root, "Next");
        if (next == null) {
            throw new IllegalStateException("spec " + spec + ": no Next operator (expected: Next == <disjunction of actions>)");
        }
        Set<String> actions = new LinkedHashSet<>();
        collectActions(next.getBody(), actions, 0);
        return actions;
    }

    private static boolean isFrom(OpDefNode def, ModuleNode root) {
        return def.getOriginallyDefinedInModuleNode() == root;
    }

    private static OpDefNode find(ModuleNode root, String name) {
        for (OpDefNode def : root.getOpDefs()) {
            if (def.getName().toString().equals(name)) {
                return def;
            }
        }
        return null;
    }

    private static void collectActions(SemanticNode node, Set<String> actions, int depth) {
        if (depth > 16 || !(node instanceof OpApplNode)) {
            return;
        }
        OpApplNode appl = (OpApplNode) node;
        String op = appl.getOperator().getName().toString();
        switch (op) {
            case "$DisjList":
            case "\\lor":
                for (ExprOrOpArgNode arg : appl.getArgs()) {
                    collectActions(arg, actions, depth + 1);
                }
                return;
            case "$BoundedExists":
            case "$UnboundedExists":
            case "$BoundedChoose":
                ExprOrOpArgNode[] args = appl.getArgs();
                collectActions(args[args.length - 1], actions, depth + 1);
                return;
            default:
                if (appl.getOperator() instanceof OpDefNode) {
                    OpDefNode def = (OpDefNode) appl.getOperator();
                    if (def.getKind() == ASTConstants.UserDefinedOpKind) {
                        if (isDisjunction(def.getBody())) {
                            collectActions(def.getBody(), actions, depth + 1);
                        } else {
                            actions.add(op);
                        }
                    }
                }
        }
    }

    private static boolean isDisjunction(SemanticNode body) {
        if (!(body instanceof OpApplNode)) {
            return false;
        }
        String op = ((OpApplNode) body).getOperator().getName().toString();
        return op.equals("$DisjList") || op.equals("\\lor") || op.equals("$BoundedExists");
    }

    private synchronized ModuleNode parse(String spec) {
        ModuleNode cached = parsed.get(spec);
        if (cached != null) {
            return cached;
        }
        Path file = modules.get(spec);
        if (file == null) {
            throw new IllegalArgumentException("spec: " + spec + " (expected: one of " + modules.keySet() + ")");
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        ToolIO.setUserDir(file.getParent().toString());
        SpecObj obj = new SpecObj(file.toString(), new SimpleFilenameToStream(file.getParent().toString()));
        try {
            SANY.frontEndMain(obj, file.toString(), out);
        } catch (Exception e) {
            throw new IllegalStateException("SANY " + file + ": " + e + "\n" + log.toString(StandardCharsets.UTF_8), e);
        }
        if (obj.getErrorLevel() > 2 || obj.getRootModule() == null) {
            throw new IllegalStateException("SANY " + file + ": error level " + obj.getErrorLevel() + "\n"
                    + log.toString(StandardCharsets.UTF_8));
        }
        parsed.put(spec, obj.getRootModule());
        return obj.getRootModule();
    }
}
