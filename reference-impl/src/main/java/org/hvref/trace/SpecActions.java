package org.hvref.trace;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Container of repeated {@link SpecAction} annotations (written by the compiler). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface SpecActions {
    /**
     * The repeated annotations.
     *
     * @return the actions, in source order
     */
    SpecAction[] value();
}
