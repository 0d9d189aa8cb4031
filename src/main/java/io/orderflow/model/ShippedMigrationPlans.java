package io.orderflow.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The migration plans shipped beside the models ({@code bpmn/migration/<process key>.yaml}), one for each executable
 * process of {@code bpmn/*.bpmn}, each read and checked against the model shipped with it when the application starts:
 * a plan missing, unreadable or naming an activity the model does not have stops the start with the plan's name and
 * the activity.
 */
@Component
public class ShippedMigrationPlans {

    static final String MODELS = "classpath*:bpmn/*.bpmn";
    static final String PLANS = "classpath:bpmn/migration/";

    private final Map<String, ModelMigrationPlan> plans = new LinkedHashMap<>();

    ShippedMigrationPlans() {
        PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver();
        try {
            for (Resource model : resources.getResources(MODELS)) {
                BpmnModelInstance shipped = read(model);
                for (Process process : shipped.getModelElementsByType(Process.class)) {
                    if (!process.isExecutable()) {
                        continue;
                    }
                    Resource file = resources.getResource(PLANS + process.getId() + ".yaml");
                    if (!file.exists()) {
                        throw new ModelMigrationPlan.InvalidModelMigrationPlanException("Migration plan " + PLANS
                                + process.getId() + ".yaml is missing: every shipped model has one (README \"Shipping a"
                                + " model change\")");
                    }
                    ModelMigrationPlan plan = ModelMigrationPlan.read(file);
                    plan.validateAgainst(shipped);
                    plans.put(plan.processKey(), plan);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The shipped models cannot be read", e);
        }
    }

    /** The process keys of the shipped models, in a stable order, with their plans. */
    public Map<String, ModelMigrationPlan> byProcessKey() {
        return Map.copyOf(plans);
    }

    public List<ModelMigrationPlan> all() {
        return List.copyOf(plans.values());
    }

    private static BpmnModelInstance read(Resource model) throws IOException {
        try (InputStream in = model.getInputStream()) {
            return Bpmn.readModelFromStream(in);
        }
    }
}
