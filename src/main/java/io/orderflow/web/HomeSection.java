package io.orderflow.web;

import java.util.Map;

/** A part of the home page contributed by a capability: a Thymeleaf fragment and the data it shows. */
public interface HomeSection {

    /** The template holding a fragment named {@code section}, e.g. {@code sandbox/home}. */
    String template();

    Map<String, Object> model();
}
