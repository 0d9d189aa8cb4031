package io.orderflow.model;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigrationInstructionValidationReport;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanBuilder;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.CatchEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Moves running instances of older versions of the shipped processes to the latest version, one instance per
 * transaction. An instance that cannot move (its state does not fit the plan, or the plan does not fit its version) is
 * left exactly as it was, logged and listed with the reason; the others move. Instances already on the latest version
 * are not touched, so a second run moves nothing. Two nodes may run it at once: an instance the other node moved (or
 * that went on meanwhile) is skipped, not an error.
 */
@Service
public class ModelMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(ModelMigrator.class);
    /** Instances of one version read and moved at a time: a large backlog is not held in memory at once. */
    private static final int PAGE = 200;

    /** One instance that stays on its version. */
    public record NotMigrated(String processInstanceId, String processKey, int version, String businessKey,
            String activities, String reason) {
    }

    /** What happened to the instances of one older version. */
    public record VersionResult(String processKey, int version, int targetVersion, int migrated, int notMigrated,
            int skipped) {
    }

    /** One run over all processes. */
    public record MigrationRun(Instant at, List<VersionResult> versions, List<NotMigrated> notMigrated) {

        public int migrated() {
            return versions.stream().mapToInt(VersionResult::migrated).sum();
        }

        public int skipped() {
            return versions.stream().mapToInt(VersionResult::skipped).sum();
        }
    }

    private final RuntimeService runtimeService;
    private final RepositoryService repositoryService;
    private final ShippedMigrationPlans shipped;
    private final ModelProperties properties;
    private final Clock clock;
    /** Why an instance did not move in this node's last run, by process instance id. */
    private final Map<String, String> lastReasons = new ConcurrentHashMap<>();
    private volatile MigrationRun lastRun;

    ModelMigrator(RuntimeService runtimeService, RepositoryService repositoryService, ShippedMigrationPlans shipped,
            ModelProperties properties, Clock clock) {
        this.runtimeService = runtimeService;
        this.repositoryService = repositoryService;
        this.shipped = shipped;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * At start-up, once the application is ready rather than at Camunda's PostDeployEvent: that event comes from within
     * the process application's deployment, while the rest of the context (the delegates the moved instances go on
     * with, the web layer) is still starting; at ApplicationReadyEvent the shipped models are deployed and everything
     * is up, and the node takes traffic only after this run (readiness follows the event's listeners).
     */
    @EventListener(ApplicationReadyEvent.class)
    public void migrateOnStart() {
        if (properties.migrateOnStart()) {
            migrateShipped();
        }
    }

    /** Moves the instances of every shipped process to its latest version with the shipped plans. */
    public MigrationRun migrateShipped() {
        return migrate(shipped.all());
    }

    /** Moves the instances of the plans' processes to their latest versions. */
    public MigrationRun migrate(Collection<ModelMigrationPlan> plans) {
        List<VersionResult> versions = new ArrayList<>();
        List<NotMigrated> notMigrated = new ArrayList<>();
        for (ModelMigrationPlan plan : plans) {
            ProcessDefinition latest = latest(plan.processKey());
            if (latest == null) {
                continue;
            }
            for (ProcessDefinition older : olderWithInstances(latest)) {
                versions.add(migrateVersion(plan, older, latest, notMigrated));
            }
        }
        Set<String> stillOld = notMigrated.stream().map(NotMigrated::processInstanceId).collect(Collectors.toSet());
        lastReasons.keySet().retainAll(stillOld);
        notMigrated.forEach(instance -> lastReasons.put(instance.processInstanceId(), instance.reason()));
        MigrationRun run = new MigrationRun(clock.instant(), List.copyOf(versions), List.copyOf(notMigrated));
        lastRun = run;
        return run;
    }

    /** This node's last run, or null before the first. */
    public MigrationRun lastRun() {
        return lastRun;
    }

    /**
     * The instances still on an older version, read from the database (so every node lists the same ones), with the
     * reason this node's last run found; at most {@code limit}.
     */
    public List<NotMigrated> notMigrated(int limit) {
        List<NotMigrated> listed = new ArrayList<>();
        for (ModelMigrationPlan plan : shipped.all()) {
            ProcessDefinition latest = latest(plan.processKey());
            if (latest == null) {
                continue;
            }
            for (ProcessDefinition older : olderWithInstances(latest)) {
                for (ProcessInstance instance : runtimeService.createProcessInstanceQuery()
                        .processDefinitionId(older.getId()).orderByProcessInstanceId().asc()
                        .listPage(0, limit - listed.size())) {
                    listed.add(new NotMigrated(instance.getId(), older.getKey(), older.getVersion(),
                            instance.getBusinessKey(), activities(instance.getId()),
                            lastReasons.getOrDefault(instance.getId(), "not tried by this node since it started")));
                }
                if (listed.size() >= limit) {
                    return listed;
                }
            }
        }
        return listed;
    }

    private VersionResult migrateVersion(ModelMigrationPlan plan, ProcessDefinition source, ProcessDefinition target,
            List<NotMigrated> notMigrated) {
        int migrated = 0;
        int skipped = 0;
        List<NotMigrated> stayed = new ArrayList<>();
        MigrationPlan migrationPlan = null;
        String planProblem = null;
        try {
            plan.validateAgainst(repositoryService.getBpmnModelInstance(target.getId()));
            migrationPlan = build(plan, source, target);
        } catch (MigrationPlanValidationException e) {
            planProblem = "the plan does not fit version " + source.getVersion() + ": " + describe(e);
        } catch (ModelMigrationPlan.InvalidModelMigrationPlanException e) {
            planProblem = e.getMessage();
        }
        Set<String> seen = new HashSet<>();
        while (true) {
            List<ProcessInstance> page = next(source, stayed.size(), seen);
            if (page.isEmpty()) {
                break;
            }
            for (ProcessInstance instance : page) {
                seen.add(instance.getId());
                String reason = planProblem;
                if (reason == null) {
                    try {
                        runtimeService.newMigration(migrationPlan).processInstanceIds(instance.getId()).execute();
                        migrated++;
                        continue;
                    } catch (MigratingProcessInstanceValidationException e) {
                        reason = describe(e.getValidationReport());
                    } catch (OptimisticLockingException e) {
                        skipped++;
                        continue;
                    } catch (ProcessEngineException e) {
                        if (movedMeanwhile(instance.getId(), source.getId())) {
                            skipped++;
                            continue;
                        }
                        reason = e.getMessage();
                    }
                }
                NotMigrated left = new NotMigrated(instance.getId(), source.getKey(), source.getVersion(),
                        instance.getBusinessKey(), activities(instance.getId()), reason);
                LOG.warn("{} {} (business key {}) stays on version {}: {}", left.processKey(), left.processInstanceId(),
                        left.businessKey(), left.version(), left.reason());
                stayed.add(left);
            }
        }
        LOG.info("{} version {} to {}: {} instances migrated, {} not migrated, {} skipped (moved meanwhile)",
                source.getKey(), source.getVersion(), target.getVersion(), migrated, stayed.size(), skipped);
        notMigrated.addAll(stayed);
        return new VersionResult(source.getKey(), source.getVersion(), target.getVersion(), migrated, stayed.size(),
                skipped);
    }

    /** Equal ids map by themselves; the renames (and what a renamed activity carries along) are stated. */
    private MigrationPlan build(ModelMigrationPlan plan, ProcessDefinition source, ProcessDefinition target) {
        BpmnModelInstance from = repositoryService.getBpmnModelInstance(source.getId());
        BpmnModelInstance to = repositoryService.getBpmnModelInstance(target.getId());
        MigrationPlanBuilder builder = plan.updateEventTriggers()
                ? runtimeService.createMigrationPlan(source.getId(), target.getId()).mapEqualActivities().updateEventTriggers()
                : runtimeService.createMigrationPlan(source.getId(), target.getId()).mapEqualActivities();
        Set<String> mapped = new LinkedHashSet<>();
        plan.renames().forEach((oldId, newId) -> {
            if (from.getModelElementById(oldId) instanceof FlowNode renamed) {
                map(builder, plan, renamed, newId, mapped);
                carriedAlong(builder, plan, renamed, from, to, mapped);
            }
        });
        return builder.build();
    }

    /**
     * The engine's own mapping of equal ids starts from the process and goes into each scope it mapped: what hangs
     * on a renamed activity (its boundary events) or lies inside it (a renamed sub-process) is not reached, so it is
     * stated here when its id stayed.
     */
    private void carriedAlong(MigrationPlanBuilder builder, ModelMigrationPlan plan, FlowNode renamed,
            BpmnModelInstance from, BpmnModelInstance to, Set<String> mapped) {
        List<FlowNode> along = new ArrayList<>();
        from.getModelElementsByType(BoundaryEvent.class).stream()
                .filter(boundary -> boundary.getAttachedTo() == renamed).forEach(along::add);
        if (renamed instanceof SubProcess subProcess) {
            along.addAll(subProcess.getChildElementsByType(FlowNode.class));
        }
        for (FlowNode node : along) {
            if (plan.renames().containsKey(node.getId()) || !(to.getModelElementById(node.getId()) instanceof FlowNode)) {
                continue;
            }
            map(builder, plan, node, node.getId(), mapped);
            carriedAlong(builder, plan, node, from, to, mapped);
        }
    }

    private static void map(MigrationPlanBuilder builder, ModelMigrationPlan plan, FlowNode source, String targetId,
            Set<String> mapped) {
        if (!mapped.add(source.getId())) {
            return;
        }
        if (plan.updateEventTriggers() && waitsForAnEvent(source)) {
            builder.mapActivities(source.getId(), targetId).updateEventTrigger();
        } else {
            builder.mapActivities(source.getId(), targetId);
        }
    }

    private static boolean waitsForAnEvent(ModelElementInstance node) {
        return node instanceof CatchEvent catchEvent && !catchEvent.getEventDefinitions().isEmpty()
                || node instanceof ReceiveTask;
    }

    /**
     * The next instances of the version not looked at in this run. Moved instances leave the version, those that stay
     * are counted past; what another node changes meanwhile is at most looked at again (and skipped) or left for the
     * next run.
     */
    private List<ProcessInstance> next(ProcessDefinition source, int stayed, Set<String> seen) {
        return runtimeService.createProcessInstanceQuery().processDefinitionId(source.getId())
                .orderByProcessInstanceId().asc().listPage(stayed, PAGE).stream()
                .filter(instance -> !seen.contains(instance.getId())).toList();
    }

    private boolean movedMeanwhile(String processInstanceId, String sourceDefinitionId) {
        ProcessInstance now = runtimeService.createProcessInstanceQuery().processInstanceId(processInstanceId)
                .singleResult();
        return now == null || !now.getProcessDefinitionId().equals(sourceDefinitionId);
    }

    private ProcessDefinition latest(String processKey) {
        return repositoryService.createProcessDefinitionQuery().processDefinitionKey(processKey).withoutTenantId()
                .latestVersion().singleResult();
    }

    private List<ProcessDefinition> olderWithInstances(ProcessDefinition latest) {
        return repositoryService.createProcessDefinitionQuery().processDefinitionKey(latest.getKey()).withoutTenantId()
                .list().stream()
                .filter(definition -> definition.getVersion() < latest.getVersion())
                .filter(definition -> runtimeService.createProcessInstanceQuery()
                        .processDefinitionId(definition.getId()).count() > 0)
                .sorted(Comparator.comparingInt(ProcessDefinition::getVersion))
                .toList();
    }

    /** Where the instance waits: its innermost activities, and async continuations by the activity they are at. */
    private String activities(String processInstanceId) {
        ActivityInstance tree = runtimeService.getActivityInstance(processInstanceId);
        Set<String> ids = new LinkedHashSet<>();
        collect(tree, ids);
        return String.join(", ", ids);
    }

    private static void collect(ActivityInstance instance, Set<String> ids) {
        if (instance == null) {
            return;
        }
        for (TransitionInstance transition : instance.getChildTransitionInstances()) {
            ids.add(transition.getActivityId() + " (async)");
        }
        for (ActivityInstance child : instance.getChildActivityInstances()) {
            if (child.getChildActivityInstances().length == 0 && child.getChildTransitionInstances().length == 0) {
                ids.add(child.getActivityId());
            } else {
                collect(child, ids);
            }
        }
    }

    private static String describe(MigratingProcessInstanceValidationReport report) {
        List<String> parts = new ArrayList<>(report.getFailures());
        report.getActivityInstanceReports().forEach(activity ->
                parts.add(activity.getSourceScopeId() + ": " + String.join("; ", activity.getFailures())));
        report.getTransitionInstanceReports().forEach(transition ->
                parts.add(transition.getSourceScopeId() + " (async): " + String.join("; ", transition.getFailures())));
        return String.join(" | ", parts);
    }

    private static String describe(MigrationPlanValidationException e) {
        List<String> parts = new ArrayList<>();
        for (MigrationInstructionValidationReport instruction : e.getValidationReport().getInstructionReports()) {
            parts.add(instruction.getMigrationInstruction().getSourceActivityId() + " -> "
                    + instruction.getMigrationInstruction().getTargetActivityId() + ": "
                    + String.join("; ", instruction.getFailures()));
        }
        e.getValidationReport().getVariableReports().forEach((name, variable) ->
                parts.add("variable " + name + ": " + String.join("; ", variable.getFailures())));
        return parts.isEmpty() ? e.getMessage() : String.join(" | ", parts);
    }
}
