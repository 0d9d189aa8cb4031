package io.orderflow.security;

import static io.orderflow.HttpCalls.basic;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.orderflow.HttpCalls;
import io.orderflow.HttpCalls.Part;
import io.orderflow.IntegrationTest;
import io.orderflow.audit.AuditFixture;
import io.orderflow.order.OrderProcess;
import io.orderflow.quote.QuoteProcess;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The write policy of the engine REST as one table: each write (method, path, body) and the groups that may do it
 * besides {@code camunda-admin}. Every other group's sandbox user is refused (403, or 404 where the caller may not
 * even read the target) on real instances, tasks, jobs and identities, so the authorization check and not a missing
 * id is what refuses, and whatever the write would have changed is the same afterwards. Workers claim and complete the
 * tasks of their candidate group and comment and attach documents on the way, nothing else; auditors change nothing.
 */
class WritePolicyTest extends IntegrationTest {

    private static final String REST = "/engine-rest";
    /** The business key, task id or name that a refused write would have created. */
    private static final String MARKER = "policy-probe";
    private static final String ROGUE_USER = "mallory";
    private static final String WEB_LINK = "https://docs.example.org/price-list.pdf";
    private static final Pattern EXCEPTION_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([A-Za-z]+)\"");

    /** The sandbox user acting for each group. */
    private static final Map<String, String> ACTORS = new LinkedHashMap<>();
    static {
        ACTORS.put(Groups.SALES, "sara");
        ACTORS.put(Groups.SALES_MANAGERS, "mike");
        ACTORS.put(Groups.SALES_DIRECTORS, "dora");
        ACTORS.put(Groups.BACKOFFICE, "bob");
        ACTORS.put(Groups.ORDER_APPROVERS, "olga");
        ACTORS.put(Groups.AUDITORS, "audrey");
    }

    /** Every working group is a candidate of the task under test ({@code {task}}). */
    private static final Set<String> CANDIDATES = Set.copyOf(Groups.WORKING);

    private static final String DEPLOYMENT_BPMN = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><definitions"
            + " xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" targetNamespace=\"policy\"><process id=\"rogue\""
            + " isExecutable=\"true\"><startEvent id=\"start\"/></process></definitions>";

    static final List<Write> POLICY = List.of(
            // process instances
            write("POST", "/process-definition/key/" + OrderProcess.KEY + "/start", "{\"businessKey\":\"" + MARKER + "\"}", Watch.DEFINITIONS),
            write("POST", "/message", "{\"messageName\":\"" + OrderProcess.Messages.ORDER_PLACED + "\",\"businessKey\":\"" + MARKER + "\"}", Watch.DEFINITIONS),
            write("DELETE", "/process-instance/{instance}", null, Watch.INSTANCE),
            write("POST", "/process-instance/delete", "{\"processInstanceIds\":[\"{instance}\"],\"deleteReason\":\"policy\"}", Watch.INSTANCE),
            write("PUT", "/process-instance/{instance}/suspended", "{\"suspended\":true}", Watch.INSTANCE),
            write("POST", "/process-instance/{instance}/modification", "{\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"" + OrderProcess.Elements.RELEASE_ORDER + "\"}]}", Watch.INSTANCE),
            write("PUT", "/process-instance/{instance}/variables/policyNote", "{\"value\":\"x\",\"type\":\"String\"}", Watch.INSTANCE),
            write("POST", "/process-instance/{instance}/variables", "{\"modifications\":{\"policyNote\":{\"value\":\"x\"}}}", Watch.INSTANCE),
            write("DELETE", "/process-instance/{instance}/variables/" + OrderProcess.Variables.ORDER_REQUEST_ID, null, Watch.INSTANCE),
            // the engine REST looks the instance up in the history first, which workers do not read
            write("PUT", "/process-instance/{instance}/comment", "{\"id\":\"{instanceComment}\",\"message\":\"changed\"}", Watch.INSTANCE).refusedToWorkersAs(Refusal.HIDDEN),
            write("DELETE", "/process-instance/{instance}/comment/{instanceComment}", null, Watch.INSTANCE).refusedToWorkersAs(Refusal.HIDDEN),
            write("DELETE", "/process-instance/{instance}/comment", null, Watch.INSTANCE).refusedToWorkersAs(Refusal.HIDDEN),
            // definitions and deployments
            write("PUT", "/process-definition/{definition}/suspended", "{\"suspended\":true,\"includeProcessInstances\":true}", Watch.DEFINITIONS),
            write("PUT", "/process-definition/{definition}/history-time-to-live", "{\"historyTimeToLive\":1}", Watch.DEFINITIONS),
            write("DELETE", "/process-definition/{definition}", null, Watch.DEFINITIONS),
            upload("/deployment/create", List.of(Part.field("deployment-name", "rogue"),
                    Part.file("data", "rogue.bpmn", DEPLOYMENT_BPMN)), Watch.DEFINITIONS),
            // workers do not read deployments
            write("POST", "/deployment/{deployment}/redeploy", "{}", Watch.DEFINITIONS).refusedToWorkersAs(Refusal.HIDDEN),
            write("DELETE", "/deployment/{deployment}?cascade=true", null, Watch.DEFINITIONS).refusedToWorkersAs(Refusal.HIDDEN),
            // jobs
            write("PUT", "/job/{job}/retries", "{\"retries\":7}", Watch.INSTANCE),
            write("POST", "/job/{job}/execute", null, Watch.INSTANCE),
            write("PUT", "/job/{job}/suspended", "{\"suspended\":true}", Watch.INSTANCE),
            write("PUT", "/job/{job}/duedate", "{\"duedate\":\"2030-01-01T00:00:00.000+0000\"}", Watch.INSTANCE),
            write("PUT", "/job-definition/{jobDefinition}/suspended", "{\"suspended\":true}", Watch.INSTANCE),
            // tasks: candidates claim and complete, commenting and attaching documents on the way
            write("POST", "/task/{task}/claim", "{\"userId\":\"{actor}\"}", Watch.TASKS).allowedTo(CANDIDATES),
            write("POST", "/task/{task}/complete", "{}", Watch.TASKS).allowedTo(CANDIDATES),
            write("POST", "/task/{task}/submit-form", "{}", Watch.TASKS).allowedTo(CANDIDATES),
            write("POST", "/task/{task}/comment/create", "{\"message\":\"Looks fine\"}", Watch.TASKS).allowedTo(CANDIDATES),
            write("PUT", "/task/{task}/comment", "{\"id\":\"{comment}\",\"message\":\"changed\"}", Watch.TASKS).allowedTo(CANDIDATES),
            write("DELETE", "/task/{task}/comment/{comment}", null, Watch.TASKS).allowedTo(CANDIDATES),
            write("DELETE", "/task/{task}/comment", null, Watch.TASKS).allowedTo(CANDIDATES),
            upload("/task/{task}/attachment/create", attachment(WEB_LINK), Watch.TASKS).allowedTo(CANDIDATES),
            // a link that is no web address is refused to whoever may attach (400), before that to whoever may not
            // (403); workers do not even get that far over the engine REST, which looks the task up in the history first
            upload("/task/{task}/attachment/create", attachment("javascript:alert(document.cookie)"), Watch.TASKS)
                    .refusedToWorkersAs(Refusal.BAD_REQUEST),
            // the engine REST answers any refused deletion of an attachment with 404, as if it did not exist
            write("DELETE", "/task/{task}/attachment/{attachment}", null, Watch.TASKS).allowedTo(CANDIDATES)
                    .refusedAs(Refusal.HIDDEN),
            write("POST", "/task/{task}/assignee", "{\"userId\":\"{otherUser}\"}", Watch.TASKS),
            write("POST", "/task/{task}/delegate", "{\"userId\":\"{otherUser}\"}", Watch.TASKS),
            write("POST", "/task/{task}/identity-links", "{\"groupId\":\"" + Groups.AUDITORS + "\",\"type\":\"candidate\"}", Watch.TASKS),
            write("POST", "/task/{task}/identity-links/delete", "{\"groupId\":\"" + Groups.SALES + "\",\"type\":\"candidate\"}", Watch.TASKS),
            write("PUT", "/task/{task}", "{\"name\":\"Renamed\",\"priority\":99}", Watch.TASKS),
            write("PUT", "/task/{task}/variables/policyNote", "{\"value\":\"x\",\"type\":\"String\"}", Watch.TASKS),
            write("POST", "/task/{task}/variables", "{\"modifications\":{\"policyNote\":{\"value\":\"x\"}}}", Watch.TASKS),
            write("DELETE", "/task/{task}/variables/" + QuoteProcess.Variables.QUOTE_CODE, null, Watch.TASKS),
            write("PUT", "/task/{task}/localVariables/policyNote", "{\"value\":\"x\",\"type\":\"String\"}", Watch.TASKS),
            write("POST", "/task/{task}/localVariables", "{\"modifications\":{\"policyNote\":{\"value\":\"x\"}}}", Watch.TASKS),
            write("DELETE", "/task/{task}/localVariables/" + QuoteProcess.Variables.QUOTE_SUMMARY, null, Watch.TASKS),
            write("POST", "/task/create", "{\"id\":\"" + MARKER + "\",\"name\":\"Policy\"}", Watch.TASKS),
            write("DELETE", "/task/{standaloneTask}", null, Watch.TASKS),
            write("POST", "/task/{standaloneTask}/claim", "{\"userId\":\"{actor}\"}", Watch.TASKS),
            write("POST", "/task/{standaloneTask}/complete", "{}", Watch.TASKS),
            // users, groups, memberships, tenants, authorizations, filters
            write("POST", "/user/create", "{\"profile\":{\"id\":\"" + ROGUE_USER + "\"},\"credentials\":{\"password\":\"secret\"}}", Watch.IDENTITY),
            write("DELETE", "/user/{otherUser}", null, Watch.IDENTITY),
            write("PUT", "/user/{otherUser}/profile", "{\"id\":\"{otherUser}\",\"firstName\":\"Mallory\"}", Watch.IDENTITY).refusedAs(Refusal.HIDDEN),
            write("POST", "/group/create", "{\"id\":\"rogues\",\"name\":\"Rogues\"}", Watch.IDENTITY),
            write("PUT", "/group/{actorGroup}", "{\"id\":\"{actorGroup}\",\"name\":\"Everyone\"}", Watch.IDENTITY),
            write("DELETE", "/group/{otherGroup}", null, Watch.IDENTITY),
            write("PUT", "/group/" + Groups.CAMUNDA_ADMIN + "/members/{actor}", null, Watch.IDENTITY),
            write("DELETE", "/group/{actorGroup}/members/{actor}", null, Watch.IDENTITY),
            write("POST", "/tenant/create", "{\"id\":\"rogue\",\"name\":\"Rogue\"}", Watch.IDENTITY),
            write("POST", "/authorization/create", "{\"type\":1,\"permissions\":[\"ALL\"],\"userId\":\"{actor}\",\"resourceType\":0,\"resourceId\":\"*\"}", Watch.IDENTITY),
            write("PUT", "/authorization/{authorization}", "{\"permissions\":[\"ALL\"],\"groupId\":\"{actorGroup}\",\"resourceType\":6,\"resourceId\":\"*\"}", Watch.IDENTITY).refusedAs(Refusal.HIDDEN),
            write("DELETE", "/authorization/{authorization}", null, Watch.IDENTITY).refusedAs(Refusal.HIDDEN),
            write("POST", "/filter/create", "{\"resourceType\":\"Task\",\"name\":\"Rogue\",\"query\":{}}", Watch.IDENTITY),
            write("PUT", "/filter/{filter}", "{\"resourceType\":\"Task\",\"name\":\"Renamed\",\"query\":{}}", Watch.IDENTITY),
            write("DELETE", "/filter/{filter}", null, Watch.IDENTITY),
            // history
            write("DELETE", "/history/process-instance/{finishedInstance}", null, Watch.HISTORY),
            write("POST", "/history/process-instance/delete", "{\"historicProcessInstanceIds\":[\"{finishedInstance}\"]}", Watch.HISTORY),
            write("DELETE", "/history/variable-instance/{historicVariable}", null, Watch.HISTORY),
            write("PUT", "/history/user-operation/{operation}/set-annotation", "{\"annotation\":\"nothing to see\"}", Watch.HISTORY),
            write("PUT", "/history/user-operation/{operation}/clear-annotation", null, Watch.HISTORY),
            write("POST", "/history/cleanup", null, Watch.HISTORY));

    @Autowired
    ApplicationContext context;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    TaskService taskService;
    @Autowired
    ManagementService managementService;
    @Autowired
    RepositoryService repositoryService;
    @Autowired
    HistoryService historyService;
    @Autowired
    AuthorizationService authorizationService;
    @Autowired
    FilterService filterService;
    @Autowired
    IdentityService identityService;

    /** The ids that the path templates and bodies name, e.g. {@code {task}}. */
    final Map<String, String> ids = new LinkedHashMap<>();

    @TestFactory
    Stream<DynamicNode> everyGroupIsRefusedEveryWriteItMayNotDo() {
        setUpWork();
        return ACTORS.entrySet().stream().map(actor -> DynamicContainer.dynamicContainer(
                actor.getKey() + " (" + actor.getValue() + ")",
                POLICY.stream().filter(write -> !write.mayDo(actor.getKey())).map(write -> DynamicTest.dynamicTest(
                        write.label(), () -> assertRefused(write, actor.getKey(), actor.getValue())))));
    }

    @Test
    void auditorsMayDoNoWriteOfThePolicy() {
        assertThat(POLICY).noneMatch(write -> write.mayDo(Groups.AUDITORS)).hasSizeGreaterThanOrEqualTo(60);
    }

    @AfterEach
    void removeWork() {
        for (String instance : List.of(ids.getOrDefault("instance", ""), ids.getOrDefault("quoteInstance", ""))) {
            if (!instance.isEmpty() && runtimeService.createProcessInstanceQuery().processInstanceId(instance).count() > 0) {
                runtimeService.deleteProcessInstance(instance, "test over");
            }
        }
        if (ids.containsKey("standaloneTask") && taskService.createTaskQuery().taskId(ids.get("standaloneTask")).count() > 0) {
            taskService.deleteTask(ids.get("standaloneTask"), true);
        }
    }

    private void assertRefused(Write write, String group, String actor) {
        Map<String, String> values = new LinkedHashMap<>(ids);
        values.put("actor", actor);
        values.put("actorGroup", group);
        values.put("otherUser", actor.equals("sara") ? "bob" : "sara");
        values.put("otherGroup", group.equals(Groups.SALES) ? Groups.BACKOFFICE : Groups.SALES);
        Object before = snapshot(write.watch(), actor);

        HttpResponse<String> response = HttpCalls.send(write.request(url(REST), values).header("Authorization", basic(actor, PASSWORD)));

        Refusal refusal = write.refusalFor(group);
        assertThat(answer(response)).as("answer to " + actor).matches(refusal.answer);
        assertThat(snapshot(write.watch(), actor)).as("what the write would have changed").isEqualTo(before);
    }

    private static String answer(HttpResponse<String> response) {
        Matcher type = EXCEPTION_TYPE.matcher(response.body());
        return response.statusCode() + " " + (type.find() ? type.group(1) : response.body());
    }

    /** Real work to refuse writes on: instances, a job, tasks with a comment and an attachment, history. */
    private void setUpWork() {
        AuditFixture work = new AuditFixture(context);
        String finishedInstance = work.instanceId(OrderProcess.KEY, work.finishedOrder());
        String instance = work.instanceId(OrderProcess.KEY, work.placeOrder());
        String quoteInstance = work.instanceId(QuoteProcess.KEY, work.quoteInReview());
        Job job = managementService.createJobQuery().processInstanceId(instance).list().get(0);
        Task task = taskService.createTaskQuery().processInstanceId(quoteInstance).singleResult();
        CANDIDATES.stream().filter(group -> !group.equals(Groups.SALES))
                .forEach(group -> taskService.addCandidateGroup(task.getId(), group));
        Task standalone = taskService.newTask();
        standalone.setName("Policy: nobody's task");
        taskService.saveTask(standalone);
        String definition = runtimeService.createProcessInstanceQuery().processInstanceId(instance).singleResult()
                .getProcessDefinitionId();

        ids.put("instance", instance);
        ids.put("quoteInstance", quoteInstance);
        ids.put("finishedInstance", finishedInstance);
        ids.put("definition", definition);
        ids.put("deployment", repositoryService.getProcessDefinition(definition).getDeploymentId());
        ids.put("job", job.getId());
        ids.put("jobDefinition", job.getJobDefinitionId());
        ids.put("task", task.getId());
        ids.put("standaloneTask", standalone.getId());
        ids.put("comment", taskService.createComment(task.getId(), quoteInstance, "Volumes checked").getId());
        ids.put("attachment", taskService.createAttachment("link", task.getId(), null, "Price list", "", WEB_LINK).getId());
        ids.put("instanceComment", taskService.createComment(null, instance, "Buyer called about delivery").getId());
        ids.put("filter", filterService.createFilterQuery().filterName(IdentitySetup.MY_TASKS_FILTER).singleResult().getId());
        ids.put("authorization", authorizationService.createAuthorizationQuery().groupIdIn(Groups.AUDITORS).list().get(0).getId());
        ids.put("historicVariable", historyService.createHistoricVariableInstanceQuery().processInstanceId(finishedInstance)
                .list().get(0).getId());
        ids.put("operation", historyService.createUserOperationLogQuery().processInstanceId(finishedInstance).list().get(0)
                .getOperationId());
    }

    /** What a kind of write would change, in a form that compares by value. */
    private Object snapshot(Watch watch, String actor) {
        return switch (watch) {
            case INSTANCE -> instanceState();
            case TASKS -> List.of(taskState(ids.get("task")), taskState(ids.get("standaloneTask")),
                    taskService.createTaskQuery().count());
            case DEFINITIONS -> definitionState();
            case IDENTITY -> identityState(actor);
            case HISTORY -> historyState();
        };
    }

    private Object instanceState() {
        String instance = ids.get("instance");
        ProcessInstance running = runtimeService.createProcessInstanceQuery().processInstanceId(instance).singleResult();
        if (running == null) {
            return "no instance " + instance;
        }
        return List.of(running.isSuspended(), runtimeService.getActiveActivityIds(instance),
                new TreeMap<>(runtimeService.getVariables(instance)),
                taskService.getProcessInstanceComments(instance).stream().map(c -> c.getId() + ":" + c.getFullMessage()).toList(),
                managementService.createJobQuery().processInstanceId(instance).list().stream()
                        .map(j -> List.of(j.getId(), j.getRetries(), String.valueOf(j.getExceptionMessage()),
                                String.valueOf(j.getDuedate()), j.isSuspended())).toList(),
                managementService.createJobDefinitionQuery().jobDefinitionId(ids.get("jobDefinition")).singleResult().isSuspended(),
                managementService.createBatchQuery().count());
    }

    private Object taskState(String taskId) {
        Task task = taskService.createTaskQuery().taskId(taskId).singleResult();
        if (task == null) {
            return "no task " + taskId;
        }
        return List.of(String.valueOf(task.getAssignee()), String.valueOf(task.getOwner()), task.getName(),
                task.getPriority(), String.valueOf(task.getDelegationState()),
                taskService.getIdentityLinksForTask(taskId).stream()
                        .map(link -> link.getType() + ":" + link.getUserId() + ":" + link.getGroupId()).sorted().toList(),
                new TreeMap<>(taskService.getVariablesLocal(taskId)),
                task.getExecutionId() == null ? Map.of() : new TreeMap<>(taskService.getVariables(taskId)),
                taskService.getTaskComments(taskId).stream().map(c -> c.getId() + ":" + c.getFullMessage()).sorted().toList(),
                taskService.getTaskAttachments(taskId).stream().map(a -> a.getId() + ":" + a.getName() + ":" + a.getUrl())
                        .sorted().toList());
    }

    private Object definitionState() {
        ProcessDefinition definition = repositoryService.createProcessDefinitionQuery()
                .processDefinitionId(ids.get("definition")).singleResult();
        return List.of(definition == null ? "no definition" : definition.isSuspended() + ":" + definition.getHistoryTimeToLive(),
                repositoryService.createDeploymentQuery().count(), repositoryService.createProcessDefinitionQuery().count(),
                historyService.createHistoricProcessInstanceQuery().processInstanceBusinessKey(MARKER).count(),
                runtimeService.createProcessInstanceQuery().suspended().count());
    }

    private Object identityState(String actor) {
        return List.of(
                identityService.createUserQuery().list().stream()
                        .map(user -> user.getId() + ":" + user.getFirstName() + ":" + user.getLastName()).sorted().toList(),
                identityService.createGroupQuery().list().stream().map(group -> group.getId() + ":" + group.getName())
                        .sorted().toList(),
                identityService.createGroupQuery().groupMember(actor).list().stream().map(group -> group.getId()).sorted().toList(),
                identityService.createUserQuery().memberOfGroup(Groups.CAMUNDA_ADMIN).list().stream().map(user -> user.getId())
                        .sorted().toList(),
                identityService.createTenantQuery().count(),
                authorizationService.createAuthorizationQuery().list().stream().map(a -> a.getId() + ":" + a.getResourceType()
                        + ":" + a.getResourceId() + ":" + ((AuthorizationEntity) a).getPermissions()).sorted().toList(),
                filterService.createFilterQuery().list().stream().map(filter -> filter.getId() + ":" + filter.getName())
                        .sorted().toList());
    }

    private Object historyState() {
        String finishedInstance = ids.get("finishedInstance");
        return List.of(historyService.createHistoricProcessInstanceQuery().processInstanceId(finishedInstance).count(),
                historyService.createHistoricVariableInstanceQuery().variableId(ids.get("historicVariable")).count(),
                historyService.createUserOperationLogQuery().operationId(ids.get("operation")).list().stream()
                        .map(entry -> String.valueOf(entry.getAnnotation())).toList(),
                historyService.createHistoricProcessInstanceQuery().count(),
                managementService.createJobQuery().count());
    }

    private static List<Part> attachment(String link) {
        return List.of(Part.field("attachment-name", "Price list"), Part.field("attachment-type", "link"),
                Part.field("url", link));
    }

    private static Write write(String method, String path, String json, Watch watch) {
        return new Write(method, path, json, null, watch, Set.of(), Refusal.FORBIDDEN, null);
    }

    private static Write upload(String path, List<Part> parts, Watch watch) {
        return new Write("POST", path, null, parts, watch, Set.of(), Refusal.FORBIDDEN, null);
    }

    /** What a refused write would have changed, compared before and after it. */
    enum Watch {
        INSTANCE, TASKS, DEFINITIONS, IDENTITY, HISTORY
    }

    /** The answer to a refused write, as status and engine exception type. */
    enum Refusal {
        FORBIDDEN("403 AuthorizationException"),
        /** the caller may not even read the target */
        HIDDEN("404 .*"),
        /** the request is refused for what it asks, before anyone's permission matters */
        BAD_REQUEST("400 .*");

        final String answer;

        Refusal(String answer) {
            this.answer = answer;
        }
    }

    /**
     * A write of the policy. {@code mayDo} are the groups besides camunda-admin that may do it; {@code workerRefusal},
     * if any, is how the working groups are refused where it differs from the others.
     */
    record Write(String method, String path, String json, List<Part> parts, Watch watch, Set<String> mayDo,
            Refusal refusal, Refusal workerRefusal) {

        Write allowedTo(Set<String> groups) {
            return new Write(method, path, json, parts, watch, groups, refusal, workerRefusal);
        }

        Write refusedAs(Refusal answer) {
            return new Write(method, path, json, parts, watch, mayDo, answer, workerRefusal);
        }

        Write refusedToWorkersAs(Refusal answer) {
            return new Write(method, path, json, parts, watch, mayDo, refusal, answer);
        }

        String label() {
            String link = parts == null ? "" : parts.stream().filter(part -> part.name().equals("url"))
                    .map(part -> " (" + part.value() + ")").findFirst().orElse("");
            return method + " " + path + link;
        }

        boolean mayDo(String group) {
            return mayDo.contains(group);
        }

        Refusal refusalFor(String group) {
            return workerRefusal != null && Groups.WORKING.contains(group) ? workerRefusal : refusal;
        }

        HttpRequest.Builder request(String base, Map<String, String> values) {
            String url = base + fill(path, values);
            if (parts != null) {
                List<Part> filled = new ArrayList<>();
                parts.forEach(part -> filled.add(new Part(part.name(), part.fileName(), fill(part.value(), values))));
                return HttpCalls.multipart(url, filled);
            }
            return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json").method(method,
                    json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(fill(json, values)));
        }

        private static String fill(String template, Map<String, String> values) {
            String filled = template;
            for (Map.Entry<String, String> value : values.entrySet()) {
                filled = filled.replace("{" + value.getKey() + "}", value.getValue());
            }
            return filled;
        }
    }
}
