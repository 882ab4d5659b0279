package org.hvref.trace;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that performs the TLA+ action {@code spec!value}, e.g. {@code @SpecAction(spec = "VmbusRing",
 * value = "WriterCopy")}; the trace event it records has the same name. Repeatable: a method performing several
 * actions carries one annotation per action.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
@Repeatable(SpecActions.class)
public @interface SpecAction {
    /**
     * The TLA+ module that defines the action, e.g. {@code "VmbusRing"} or {@code "VmbusRingTSO"}.
     *
     * @return the module name
     */
    String spec();

    /**
     * The action (operator) name, e.g. {@code "WriterCopy"}.
     *
     * @return the action name
     */
    String value();
}
