package io.orderflow.web;

import java.util.Map;

/** A note on the login page contributed by a capability: a Thymeleaf fragment named {@code note} and its data. */
public interface LoginNote {

    /** The template holding the fragment, e.g. {@code sandbox/login}. */
    String template();

    Map<String, Object> model();
}
