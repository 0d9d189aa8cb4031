package io.orderflow.tasks;

import java.util.Optional;

/**
 * What a person's task is about, in the words Tasklist shows after the step's name: the business key, the customer
 * and the value (e.g. {@code Q-2026-00042 · Dr. Anna Schmidt (DE-UNIKLINIK) · 36.900,00 €}). Each capability describes the
 * processes it owns.
 */
public interface TaskSubject {

    /** Separates the parts of a task's name. */
    String SEPARATOR = " · ";

    /** The subject of a task of the given process with the given business key, or empty if the process is not ours. */
    Optional<String> describe(String processDefinitionKey, String businessKey);

    static String join(String... parts) {
        return String.join(SEPARATOR, parts);
    }

    /** The step a task's name starts with (the model's element name), without what the task is about. */
    static String step(String taskName) {
        int subject = taskName.indexOf(SEPARATOR);
        return subject < 0 ? taskName : taskName.substring(0, subject);
    }
}
