package io.orderflow.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.core.io.Resource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What an operator states about moving a process's running instances to its latest model, kept beside the models as
 * {@code bpmn/migration/<process key>.yaml}: the activities renamed since earlier versions (old id to the id in the
 * latest model) and whether waiting timers and message subscriptions are computed again from the new model. Activities
 * whose id is in both versions need no entry.
 *
 * @param source              where the plan was read from, for messages
 * @param processKey          the process definition key the plan is for
 * @param renames             old activity id to the id in the latest model
 * @param updateEventTriggers compute waiting timers (due dates) and message subscriptions again from the new model
 */
public record ModelMigrationPlan(String source, String processKey, Map<String, String> renames,
        boolean updateEventTriggers) {

    public ModelMigrationPlan {
        renames = Map.copyOf(renames);
    }

    /** A plan that only maps equal ids and keeps due dates. */
    public static ModelMigrationPlan equalIdsOnly(String processKey) {
        return new ModelMigrationPlan("(no plan file)", processKey, Map.of(), false);
    }

    public static ModelMigrationPlan read(Resource resource) {
        String source = resource.getDescription();
        try (InputStream in = resource.getInputStream()) {
            Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            if (!(document instanceof Map<?, ?> fields)) {
                throw invalid(source, "it is empty or not a mapping");
            }
            for (Object field : fields.keySet()) {
                if (!List.of("process", "renames", "update-event-triggers").contains(String.valueOf(field))) {
                    throw invalid(source, "unknown field '" + field + "' (known: process, renames, update-event-triggers)");
                }
            }
            if (!(fields.get("process") instanceof String processKey) || processKey.isBlank()) {
                throw invalid(source, "'process' must name the process definition key");
            }
            Object updateEventTriggers = fields.get("update-event-triggers");
            if (updateEventTriggers != null && !(updateEventTriggers instanceof Boolean)) {
                throw invalid(source, "'update-event-triggers' must be true or false");
            }
            Map<String, String> renames = new LinkedHashMap<>();
            Object listed = fields.get("renames");
            if (listed != null && !(listed instanceof Map<?, ?>)) {
                throw invalid(source, "'renames' must map old activity ids to new ones");
            }
            if (listed instanceof Map<?, ?> entries) {
                entries.forEach((from, to) -> {
                    if (!(from instanceof String) || !(to instanceof String)) {
                        throw invalid(source, "rename '" + from + "': '" + to + "' must map an old activity id to a new one");
                    }
                    renames.put((String) from, (String) to);
                });
            }
            return new ModelMigrationPlan(source, processKey, renames, Boolean.TRUE.equals(updateEventTriggers));
        } catch (IOException e) {
            throw new UncheckedIOException("Migration plan " + source + " cannot be read", e);
        } catch (RuntimeException e) {
            if (e instanceof InvalidModelMigrationPlanException) {
                throw e;
            }
            throw invalid(source, e.getMessage());
        }
    }

    /**
     * Checks the plan against the model instances are to move to: it is for that model's process, every new id is an
     * activity of it, and no old id still is (an id in both versions maps by itself).
     */
    public void validateAgainst(BpmnModelInstance latest) {
        List<String> processKeys = latest.getModelElementsByType(Process.class).stream().map(Process::getId).toList();
        if (!processKeys.contains(processKey)) {
            throw invalid(source, "it is for process '" + processKey + "', the model is of " + processKeys);
        }
        List<String> problems = new ArrayList<>();
        renames.forEach((from, to) -> {
            if (!(latest.getModelElementById(to) instanceof FlowNode)) {
                problems.add("'" + from + "' is renamed to '" + to + "', which is no activity of the latest "
                        + processKey + " model");
            }
            ModelElementInstance old = latest.getModelElementById(from);
            if (old instanceof FlowNode) {
                problems.add("'" + from + "' is still an activity of the latest " + processKey
                        + " model: an id in both versions maps by itself, so it cannot be renamed");
            }
        });
        if (!problems.isEmpty()) {
            throw invalid(source, String.join("; ", problems));
        }
    }

    private static InvalidModelMigrationPlanException invalid(String source, String problem) {
        return new InvalidModelMigrationPlanException("Migration plan " + source + " is invalid: " + problem);
    }

    /** A plan that does not fit the models it is for: the application does not start with it. */
    public static class InvalidModelMigrationPlanException extends IllegalStateException {

        InvalidModelMigrationPlanException(String message) {
            super(message);
        }
    }
}
