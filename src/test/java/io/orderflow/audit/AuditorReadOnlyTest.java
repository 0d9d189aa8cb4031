package io.orderflow.audit;

import static io.orderflow.HttpCalls.basic;
import static io.orderflow.HttpCalls.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
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
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Auditors read and change nothing: every writing call of the engine REST API answers 403 to {@code audrey}, on real
 * instances, tasks, jobs and identities (so the authorization check, not a missing id, is what refuses), and nothing
 * changed afterwards. The audit and report pages answer reads only.
 */
class AuditorReadOnlyTest extends IntegrationTest {

    private static final String AUDREY = basic("audrey", PASSWORD);
    private static final String REST = "/engine-rest";
    private static final Pattern EXCEPTION_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([A-Za-z]+)\"");

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

    AuditFixture fixture;
    String runningInstance;
    String quoteInstance;

    @BeforeEach
    void setUp() {
        fixture = new AuditFixture(context);
    }

    @AfterEach
    void removeRunningInstances() {
        for (String instance : new String[] {runningInstance, quoteInstance}) {
            if (instance != null && runtimeService.createProcessInstanceQuery().processInstanceId(instance).count() > 0) {
                runtimeService.deleteProcessInstance(instance, "test over");
            }
        }
    }

    @Test
    void auditorChangesNothingThroughTheEngineRestApi() {
        String finishedOrder = fixture.finishedOrder();
        String finishedInstance = fixture.instanceId(OrderProcess.KEY, finishedOrder);
        runningInstance = fixture.instanceId(OrderProcess.KEY, fixture.placeOrder());
        quoteInstance = fixture.instanceId(QuoteProcess.KEY, fixture.quoteInReview());
        Job job = managementService.createJobQuery().processInstanceId(runningInstance).list().get(0);
        Task task = taskService.createTaskQuery().processInstanceId(quoteInstance).singleResult();
        String definition = runtimeService.createProcessInstanceQuery().processInstanceId(runningInstance).singleResult()
                .getProcessDefinitionId();
        String deployment = repositoryService.getProcessDefinition(definition).getDeploymentId();
        String authorization = authorizationService.createAuthorizationQuery().groupIdIn("auditors").list().get(0).getId();
        String filter = filterService.createFilterQuery().list().get(0).getId();
        UserOperationLogEntry operation = historyService.createUserOperationLogQuery().processInstanceId(finishedInstance)
                .list().get(0);
        String variable = historyService.createHistoricVariableInstanceQuery().processInstanceId(finishedInstance).list()
                .get(0).getId();

        long authorizations = authorizationService.createAuthorizationQuery().count();
        Map<String, String> answers = new LinkedHashMap<>();
        call(answers, "POST", "/process-definition/key/" + OrderProcess.KEY + "/start", "{\"businessKey\":\"audit-1\"}");
        call(answers, "POST", "/message", "{\"messageName\":\"" + OrderProcess.Messages.ORDER_PLACED + "\",\"businessKey\":\"audit-2\"}");
        call(answers, "DELETE", "/process-instance/" + runningInstance, null);
        call(answers, "POST", "/process-instance/delete", "{\"processInstanceIds\":[\"" + runningInstance + "\"],\"deleteReason\":\"audit\"}");
        call(answers, "PUT", "/process-instance/" + runningInstance + "/suspended", "{\"suspended\":true}");
        call(answers, "POST", "/process-instance/" + runningInstance + "/modification",
                "{\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"" + OrderProcess.Elements.RELEASE_ORDER + "\"}]}");
        call(answers, "PUT", "/process-instance/" + runningInstance + "/variables/auditorNote", "{\"value\":\"x\",\"type\":\"String\"}");
        call(answers, "POST", "/process-instance/" + runningInstance + "/variables", "{\"modifications\":{\"auditorNote\":{\"value\":\"x\"}}}");
        call(answers, "DELETE", "/process-instance/" + runningInstance + "/variables/" + OrderProcess.Variables.ORDER_REQUEST_ID, null);
        call(answers, "PUT", "/process-definition/" + definition + "/suspended", "{\"suspended\":true,\"includeProcessInstances\":true}");
        call(answers, "PUT", "/process-definition/" + definition + "/history-time-to-live", "{\"historyTimeToLive\":1}");
        call(answers, "DELETE", "/process-definition/" + definition, null);
        call(answers, "PUT", "/job/" + job.getId() + "/retries", "{\"retries\":7}");
        call(answers, "POST", "/job/" + job.getId() + "/execute", null);
        call(answers, "PUT", "/job/" + job.getId() + "/suspended", "{\"suspended\":true}");
        call(answers, "PUT", "/job/" + job.getId() + "/duedate", "{\"duedate\":\"2030-01-01T00:00:00.000+0000\"}");
        call(answers, "PUT", "/job-definition/" + job.getJobDefinitionId() + "/suspended", "{\"suspended\":true}");
        call(answers, "POST", "/task/" + task.getId() + "/claim", "{\"userId\":\"audrey\"}");
        call(answers, "POST", "/task/" + task.getId() + "/assignee", "{\"userId\":\"audrey\"}");
        call(answers, "POST", "/task/" + task.getId() + "/delegate", "{\"userId\":\"audrey\"}");
        call(answers, "POST", "/task/" + task.getId() + "/complete", "{}");
        call(answers, "POST", "/task/" + task.getId() + "/submit-form", "{}");
        call(answers, "PUT", "/task/" + task.getId() + "/variables/auditorNote", "{\"value\":\"x\",\"type\":\"String\"}");
        call(answers, "POST", "/task/" + task.getId() + "/identity-links", "{\"groupId\":\"auditors\",\"type\":\"candidate\"}");
        call(answers, "POST", "/task/create", "{\"id\":\"audit-task\",\"name\":\"Audit\"}");
        call(answers, "POST", "/user/create", "{\"profile\":{\"id\":\"mallory\"},\"credentials\":{\"password\":\"secret\"}}");
        call(answers, "DELETE", "/user/sara", null);
        call(answers, "POST", "/group/create", "{\"id\":\"rogues\",\"name\":\"Rogues\"}");
        call(answers, "PUT", "/group/auditors", "{\"id\":\"auditors\",\"name\":\"Everyone\"}");
        call(answers, "DELETE", "/group/sales", null);
        call(answers, "PUT", "/group/camunda-admin/members/audrey", null);
        call(answers, "DELETE", "/group/auditors/members/audrey", null);
        call(answers, "POST", "/tenant/create", "{\"id\":\"rogue\",\"name\":\"Rogue\"}");
        call(answers, "POST", "/authorization/create", "{\"type\":1,\"permissions\":[\"ALL\"],\"userId\":\"audrey\",\"resourceType\":0,\"resourceId\":\"*\"}");
        call(answers, "POST", "/filter/create", "{\"resourceType\":\"Task\",\"name\":\"Rogue\",\"query\":{}}");
        call(answers, "PUT", "/filter/" + filter, "{\"resourceType\":\"Task\",\"name\":\"Renamed\",\"query\":{}}");
        call(answers, "DELETE", "/filter/" + filter, null);
        call(answers, "DELETE", "/deployment/" + deployment + "?cascade=true", null);
        call(answers, "POST", "/deployment/" + deployment + "/redeploy", "{}");
        answers.put("POST /deployment/create", answer(deploy()));
        call(answers, "DELETE", "/history/process-instance/" + finishedInstance, null);
        call(answers, "POST", "/history/process-instance/delete", "{\"historicProcessInstanceIds\":[\"" + finishedInstance + "\"]}");
        call(answers, "DELETE", "/history/variable-instance/" + variable, null);
        call(answers, "PUT", "/history/user-operation/" + operation.getOperationId() + "/set-annotation",
                "{\"annotation\":\"nothing to see\"}");
        call(answers, "PUT", "/history/user-operation/" + operation.getOperationId() + "/clear-annotation", null);
        call(answers, "POST", "/history/cleanup", null);

        // users and authorizations that audrey may not even read are hidden from her: the engine answers 404
        Map<String, String> hidden = new LinkedHashMap<>();
        call(hidden, "PUT", "/user/sara/profile", "{\"id\":\"sara\",\"firstName\":\"Mallory\"}");
        call(hidden, "PUT", "/authorization/" + authorization,
                "{\"permissions\":[\"ALL\"],\"groupId\":\"auditors\",\"resourceType\":6,\"resourceId\":\"*\"}");
        call(hidden, "DELETE", "/authorization/" + authorization, null);

        assertThat(answers).as("answers to audrey").hasSizeGreaterThanOrEqualTo(45)
                .allSatisfy((request, answer) -> assertThat(answer).as(request).isEqualTo("403 AuthorizationException"));
        assertThat(hidden).allSatisfy((request, answer) -> assertThat(answer).as(request).startsWith("404 "));

        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(runningInstance).singleResult().isSuspended()).isFalse();
        assertThat(runtimeService.getVariables(runningInstance)).doesNotContainKey("auditorNote");
        Job jobAfter = managementService.createJobQuery().jobId(job.getId()).singleResult();
        assertThat(jobAfter.getRetries()).as("a refused execution is no failed attempt").isEqualTo(job.getRetries());
        assertThat(jobAfter.getExceptionMessage()).isNull();
        assertThat(jobAfter.getDuedate()).isEqualTo(job.getDuedate());
        assertThat(taskService.createTaskQuery().taskId(task.getId()).singleResult().getAssignee()).isNull();
        assertThat(taskService.createTaskQuery().taskId("audit-task").count()).isZero();
        assertThat(identityService.createUserQuery().userId("mallory").count()).isZero();
        assertThat(identityService.createUserQuery().userId("sara").singleResult().getFirstName()).isNotEqualTo("Mallory");
        assertThat(identityService.createUserQuery().memberOfGroup("camunda-admin").userId("audrey").count()).isZero();
        assertThat(identityService.createGroupQuery().groupId("rogues").count()).isZero();
        assertThat(authorizationService.createAuthorizationQuery().count()).isEqualTo(authorizations);
        assertThat(filterService.getFilter(filter)).isNotNull();
        assertThat(repositoryService.getProcessDefinition(definition).isSuspended()).isFalse();
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(finishedInstance).count()).isOne();
        assertThat(historyService.createUserOperationLogQuery().operationId(operation.getOperationId()).list())
                .isNotEmpty().allSatisfy(entry -> assertThat(entry.getAnnotation()).isNull());
        assertThat(authorizationService.createAuthorizationQuery().authorizationId(authorization).count()).isOne();
    }

    @Test
    void auditorChangesNothingThroughCockpitsSession() {
        runningInstance = fixture.instanceId(OrderProcess.KEY, fixture.placeOrder());
        CockpitSession audrey = CockpitSession.login(url(""), "audrey", PASSWORD, "cockpit");
        String engine = "/camunda/api/engine/engine/default";

        assertThat(audrey.get(engine + "/history/process-instance?processInstanceId=" + runningInstance).statusCode())
                .isEqualTo(200);
        HttpResponse<String> suspend = audrey.send("PUT", engine + "/process-instance/" + runningInstance + "/suspended",
                "{\"suspended\":true}");
        HttpResponse<String> delete = audrey.send("DELETE", engine + "/process-instance/" + runningInstance, null);

        assertThat(List.of(suspend, delete)).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).as("refused by the engine's authorizations, not by a CSRF check")
                    .contains("\"type\":\"AuthorizationException\"");
        });
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(runningInstance).singleResult().isSuspended())
                .isFalse();
    }

    @Test
    void auditPagesAndReportsAnswerReadsOnly() {
        assertThat(get(url("/audit"), "Authorization", AUDREY).statusCode()).isEqualTo(200);
        assertThat(get(url("/reports/orders.csv"), "Authorization", AUDREY).statusCode()).isEqualTo(200);
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            for (String path : List.of("/audit", "/audit/Q-ANY", "/reports", "/reports/orders.csv", "/reports/conversion.csv")) {
                HttpResponse<String> response = HttpCalls.send(HttpRequest.newBuilder(URI.create(url(path)))
                        .header("Authorization", AUDREY).header("Content-Type", "application/x-www-form-urlencoded")
                        .method(method, HttpRequest.BodyPublishers.ofString("q=x")));
                assertThat(response.statusCode()).as(method + " " + path).isIn(403, 405);
            }
        }
    }

    /** Sends the call as audrey and notes the answer as status and exception type, e.g. "403 AuthorizationException". */
    private void call(Map<String, String> answers, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(REST + path)))
                .header("Authorization", AUDREY).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        answers.put(method + " " + path, answer(HttpCalls.send(request)));
    }

    private static String answer(HttpResponse<String> response) {
        Matcher type = EXCEPTION_TYPE.matcher(response.body());
        return response.statusCode() + " " + (type.find() ? type.group(1) : response.body());
    }

    private HttpResponse<String> deploy() {
        String boundary = "audit-boundary";
        String bpmn = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\""
                + " targetNamespace=\"audit\"><process id=\"rogue\" isExecutable=\"true\"><startEvent id=\"s\"/></process></definitions>";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nrogue\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"rogue.bpmn\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + bpmn + "\r\n--" + boundary + "--\r\n";
        return HttpCalls.send(HttpRequest.newBuilder(URI.create(url(REST + "/deployment/create")))
                .header("Authorization", AUDREY).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
