package io.orderflow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a process test class: it fails unless every flow node and sequence flow of these processes was taken by its
 * tests (process test coverage; reports in {@code target/process-test-coverage}). Processes it runs but does not
 * name here are left to the classes that name them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface FullCoverageOf {

    /** Process definition keys. */
    String[] value();
}
