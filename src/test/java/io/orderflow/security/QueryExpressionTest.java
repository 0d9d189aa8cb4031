package io.orderflow.security;

import static io.orderflow.HttpCalls.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import io.orderflow.audit.CockpitSession;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Nobody evaluates an expression through an ad-hoc query: not in the query itself, not in its or-queries, not in the
 * query that extends a stored filter. The engine refuses it whatever the transport ({@code BadUserRequestException},
 * 400 over REST), and the HTTP filter in front refuses the JSON however it is encoded, naming the field.
 */
class QueryExpressionTest extends IntegrationTest {

    private static final String SARA = basic("sara", PASSWORD);
    /** Harmless, but evaluating it shows that the engine ran caller-supplied JUEL. */
    private static final String EXPRESSION = "${''.getClass().getName()}";
    /** The same expression as JSON text with its dollar sign escaped, which a byte filter does not recognise. */
    private static final String ESCAPED = "\\u0024{''.getClass().getName()}";
    private static final String WEBAPP_ENGINE = "/camunda/api/engine/engine/default";

    @Autowired
    TaskService taskService;
    @Autowired
    FilterService filterService;
    @Autowired
    IdentityService identityService;

    @AfterEach
    void clearAuthentication() {
        identityService.clearAuthentication();
    }

    @Test
    void escapedExpressionInOrQueriesOfTaskQueryIsRefusedNamingTheField() {
        HttpResponse<String> list = post("/engine-rest/task", orQuery("assigneeExpression", ESCAPED));
        HttpResponse<String> count = post("/engine-rest/task/count", orQuery("assigneeExpression", ESCAPED));

        assertThat(List.of(list, count)).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains("expression-refused")
                    .contains("\"field\":\"orQueries[0].assigneeExpression\"");
        });
    }

    @Test
    void utf16EncodedExpressionInTaskQueryIsRefused() {
        byte[] body = orQuery("assigneeExpression", EXPRESSION).getBytes(StandardCharsets.UTF_16);
        HttpResponse<String> response = HttpCalls.send(HttpRequest.newBuilder(URI.create(url("/engine-rest/task")))
                .header("Authorization", SARA).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"orQueries[0].assigneeExpression\"");
    }

    @Test
    void expressionPropertyWithoutExpressionSyntaxIsRefusedToo() {
        // a literal is a valid expression as well; before, this one reached the engine and failed there with a 500
        HttpResponse<String> response = post("/engine-rest/task", orQuery("dueAfterExpression", "2020-01-01"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"orQueries[0].dueAfterExpression\"");
    }

    @Test
    void bodyThatIsNoJsonIsRefusedOnQueryPaths() {
        HttpResponse<String> response = post("/engine-rest/task", "{\"orQueries\":[{\"assigneeExpression\":");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"body\"");
    }

    @Test
    void expressionInQueryExtendingAStoredFilterIsRefused() {
        String filter = myTasksFilter();

        HttpResponse<String> list = post("/engine-rest/filter/" + filter + "/list", orQuery("assigneeExpression", ESCAPED));
        HttpResponse<String> count = post("/engine-rest/filter/" + filter + "/count",
                "{\"assigneeExpression\":\"" + ESCAPED + "\"}");

        assertThat(list.statusCode()).isEqualTo(400);
        assertThat(list.body()).contains("\"field\":\"orQueries[0].assigneeExpression\"");
        assertThat(count.statusCode()).isEqualTo(400);
        assertThat(count.body()).contains("\"field\":\"assigneeExpression\"");
    }

    @Test
    void escapedExpressionInHistoryQueryIsRefused() {
        HttpResponse<String> response = post("/engine-rest/history/process-instance",
                "{\"orQueries\":[{\"processInstanceBusinessKeyLike\":\"" + ESCAPED + "\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"orQueries[0].processInstanceBusinessKeyLike\"");
    }

    @Test
    void escapedExpressionThroughTheWebappApiIsRefused() {
        CockpitSession sara = CockpitSession.login(url(""), "sara", PASSWORD, "tasklist");

        HttpResponse<String> response = sara.send("POST", WEBAPP_ENGINE + "/task", orQuery("assigneeExpression", ESCAPED));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"orQueries[0].assigneeExpression\"");
    }

    @Test
    void literalQueriesAndTheStoredMyTasksFilterStillWork() {
        HttpResponse<String> query = post("/engine-rest/task", "{\"orQueries\":[{\"candidateGroup\":\"sales\"}]}");
        HttpResponse<String> filter = post("/engine-rest/filter/" + myTasksFilter() + "/count",
                "{\"orQueries\":[{\"candidateGroup\":\"sales\"}]}");

        assertThat(query.statusCode()).isEqualTo(200);
        assertThat(filter.statusCode()).isEqualTo(200);
        assertThat(filter.body()).contains("\"count\"");
    }

    @Test
    void engineRefusesExpressionInOrQueryOfAdhocTaskQuery() {
        assertThatThrownBy(() -> taskService.createTaskQuery().or().taskAssigneeExpression(EXPRESSION).endOr().list())
                .isInstanceOf(BadUserRequestException.class);
        assertThatThrownBy(() -> taskService.createTaskQuery().or().dueAfterExpression("${now()}").endOr().count())
                .isInstanceOf(BadUserRequestException.class);
    }

    @Test
    void engineRefusesExpressionInQueryExtendingAStoredFilter() {
        String filter = myTasksFilter();

        assertThatThrownBy(() -> filterService.list(filter,
                taskService.createTaskQuery().or().taskAssigneeExpression(EXPRESSION).endOr()))
                .isInstanceOf(BadUserRequestException.class);
        assertThatThrownBy(() -> filterService.count(filter,
                taskService.createTaskQuery().or().taskCandidateGroupExpression(EXPRESSION).endOr()))
                .isInstanceOf(BadUserRequestException.class);
        assertThatThrownBy(() -> filterService.singleResult(filter,
                taskService.createTaskQuery().taskAssigneeExpression(EXPRESSION)))
                .isInstanceOf(BadUserRequestException.class);
    }

    @Test
    void storedFilterStillEvaluatesItsOwnExpression() {
        Task task = taskService.newTask();
        task.setName("Expression test");
        task.setAssignee("sara");
        taskService.saveTask(task);
        try {
            identityService.setAuthentication("sara", List.of(Groups.SALES));
            List<Task> mine = filterService.list(myTasksFilter(), taskService.createTaskQuery().taskName("Expression test"));

            assertThat(mine).extracting(Task::getId).containsExactly(task.getId());
        } finally {
            identityService.clearAuthentication();
            taskService.deleteTask(task.getId(), true);
        }
    }

    private String myTasksFilter() {
        return filterService.createFilterQuery().filterName(IdentitySetup.MY_TASKS_FILTER).singleResult().getId();
    }

    private static String orQuery(String property, String value) {
        return "{\"orQueries\":[{\"" + property + "\":\"" + value + "\"}]}";
    }

    private HttpResponse<String> post(String path, String json) {
        return HttpCalls.postJson(url(path), json, "Authorization", SARA);
    }
}
