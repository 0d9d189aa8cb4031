package io.orderflow.audit;

import static io.orderflow.HttpCalls.basic;
import static io.orderflow.HttpCalls.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.IntegrationTest;
import io.orderflow.order.OrderProcess;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The Cockpit plugin {@code audit-history} over real HTTP, with a Cockpit session as the browser has it. */
class CockpitHistoryPluginTest extends IntegrationTest {

    private static final String PLUGIN = "/camunda/api/cockpit/plugin/audit-history";
    private static final String INSTANCES = PLUGIN + "/default/process-instance";

    @Autowired
    ApplicationContext context;
    @Autowired
    IdentityService identityService;
    @Autowired
    AuthorizationService authorizationService;

    final ObjectMapper json = new ObjectMapper();
    AuditFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new AuditFixture(context);
    }

    @Test
    void cockpitServesThePluginScriptAndListsThePlugin() {
        HttpResponse<String> script = get(url(PLUGIN + "/static/app/plugin.js"));

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/javascript"));
        assertThat(script.body()).contains("export default", "cockpit.navigation", "cockpit.route", "Audit timeline");
        assertThat(get(url(PLUGIN + "/static/app/plugin.css")).statusCode()).isEqualTo(200);
        assertThat(get(url(PLUGIN + "/static/app/other.js")).statusCode()).as("only the plugin's own assets").isEqualTo(403);
        assertThat(get(url("/camunda/app/cockpit/default/")).body())
                .as("Cockpit's page names the plugin for the browser to import")
                .contains("cockpit-plugin-audit-history", PLUGIN + "/static/app");
    }

    @Test
    void auditorReadsTheHistoryOfAFinishedInstance() throws Exception {
        String orderRequestId = fixture.finishedOrder();
        String instanceId = fixture.instanceId(OrderProcess.KEY, orderRequestId);
        CockpitSession audrey = CockpitSession.login(url(""), "audrey", PASSWORD, "cockpit");
        assertThat(audrey.login.statusCode()).isEqualTo(200);

        JsonNode listed = read(audrey.get(INSTANCES + "?processDefinitionKey=order-handoff&businessKey=" + orderRequestId));

        assertThat(listed).singleElement().satisfies(instance -> {
            assertThat(instance.path("id").asText()).isEqualTo(instanceId);
            assertThat(instance.path("businessKey").asText()).isEqualTo(orderRequestId);
            assertThat(instance.path("processDefinitionKey").asText()).isEqualTo(OrderProcess.KEY);
            assertThat(instance.path("state").asText()).isEqualTo("COMPLETED");
            assertThat(instance.path("endTime").asText()).isNotBlank();
            assertThat(instance.path("startedBy").asText()).as("placed through the checkout's API, by no signed-in user")
                    .isEqualTo("checkout (API)");
        });

        JsonNode history = read(audrey.get(INSTANCES + "/" + instanceId));

        assertThat(history.path("instance").path("businessKey").asText()).isEqualTo(orderRequestId);
        assertThat(history.path("auditTimeline").asText()).isEqualTo("/audit/" + orderRequestId);
        JsonNode activities = history.path("activities");
        assertThat(texts(activities, "activityId")).contains(OrderProcess.Elements.CREATE_COMMERCE_ORDER,
                OrderProcess.Elements.RELEASE_ORDER, OrderProcess.Elements.ORDER_RELEASED);
        assertThat(activities).allSatisfy(activity -> {
            assertThat(activity.path("activityType").asText()).isNotBlank();
            assertThat(activity.path("startTime").asText()).isNotBlank();
            assertThat(activity.path("endTime").asText()).as("a finished instance has no running activity").isNotBlank();
        });
        assertThat(texts(activities, "activityName")).contains("Release order downstream");
        assertThat(history.path("operations")).anySatisfy(operation -> {
            assertThat(operation.path("userId").asText()).isEqualTo(AuditFixture.OPERATOR);
            assertThat(operation.path("operationType").asText()).isEqualTo("SetJobRetries");
            assertThat(operation.path("property").asText()).isEqualTo("retries");
            assertThat(operation.path("newValue").asText()).isEqualTo("5");
            assertThat(operation.path("timestamp").asText()).isNotBlank();
        });
        assertThat(history.path("operations")).anySatisfy(operation -> {
            assertThat(operation.path("userId").asText()).isEqualTo(AuditFixture.OPERATOR);
            assertThat(operation.path("operationType").asText()).isEqualTo("SetVariable");
        });
        assertThat(history.path("variables")).anySatisfy(variable -> {
            assertThat(variable.path("name").asText()).isEqualTo(OrderProcess.Variables.ORDER_REQUEST_ID);
            assertThat(variable.path("type").asText()).isEqualTo("string");
            assertThat(variable.path("value").asText()).isEqualTo(orderRequestId);
        });
        assertThat(history.path("variables")).anySatisfy(variable -> {
            assertThat(variable.path("name").asText()).isEqualTo(AuditFixture.NOTE);
            assertThat(variable.path("value").asText()).isEqualTo("checked by operations");
        });
        assertThat(get(url(history.path("auditTimeline").asText()), "Authorization",
                basic("audrey", PASSWORD)).statusCode())
                .as("the linked audit timeline exists").isEqualTo(200);
    }

    @Test
    void instancesAreFilteredByStateAndListedMostRecentFirst() throws Exception {
        String finished = fixture.finishedOrder();
        String running = fixture.placeOrder();
        try {
            CockpitSession audrey = CockpitSession.login(url(""), "audrey", PASSWORD, "cockpit");

            assertThat(texts(read(audrey.get(INSTANCES + "?state=running&businessKey=" + running)), "businessKey"))
                    .containsExactly(running);
            assertThat(read(audrey.get(INSTANCES + "?state=finished&businessKey=" + running))).isEmpty();
            assertThat(texts(read(audrey.get(INSTANCES + "?state=finished&businessKey=" + finished)), "state"))
                    .containsExactly("COMPLETED");
            JsonNode recent = read(audrey.get(INSTANCES + "?processDefinitionKey=order-handoff&maxResults=2"));
            assertThat(texts(recent, "businessKey")).containsExactly(running, finished);
            assertThat(audrey.get(INSTANCES + "?state=sleeping").statusCode()).isEqualTo(400);
            assertThat(audrey.get(INSTANCES + "?maxResults=100000").statusCode()).isEqualTo(400);
            assertThat(audrey.get(INSTANCES + "/no-such-instance").statusCode()).isEqualTo(404);
        } finally {
            context.getBean(RuntimeService.class)
                    .deleteProcessInstance(fixture.instanceId(OrderProcess.KEY, running), "test over");
        }
    }

    @Test
    void onlyCockpitUsersReadTheHistoryAndOnlyWhatTheirAuthorizationsShow() throws Exception {
        String orderRequestId = fixture.finishedOrder();
        String instanceId = fixture.instanceId(OrderProcess.KEY, orderRequestId);

        assertThat(get(url(INSTANCES)).statusCode()).as("anonymous").isEqualTo(401);
        CockpitSession sara = CockpitSession.login(url(""), "sara", PASSWORD, "tasklist");
        assertThat(sara.login.statusCode()).isEqualTo(200);
        assertThat(sara.get(INSTANCES).statusCode()).as("a Tasklist user").isEqualTo(403);

        // a Cockpit user without any history permission sees no instance at all
        User viewer = identityService.newUser("vera");
        viewer.setPassword(PASSWORD);
        identityService.saveUser(viewer);
        Authorization access = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        access.setUserId("vera");
        access.setResource(Resources.APPLICATION);
        access.setResourceId("cockpit");
        access.addPermission(Permissions.ACCESS);
        authorizationService.saveAuthorization(access);
        try {
            CockpitSession vera = CockpitSession.login(url(""), "vera", PASSWORD, "cockpit");
            assertThat(vera.login.statusCode()).isEqualTo(200);
            HttpResponse<String> list = vera.get(INSTANCES + "?businessKey=" + URLEncoder.encode(orderRequestId, StandardCharsets.UTF_8));
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(read(list)).isEmpty();
            assertThat(vera.get(INSTANCES + "/" + instanceId).statusCode()).isEqualTo(404);
        } finally {
            authorizationService.deleteAuthorization(access.getId());
            identityService.deleteUser("vera");
        }
    }

    @Test
    void thePluginApiOnlyReads() {
        CockpitSession audrey = CockpitSession.login(url(""), "audrey", PASSWORD, "cockpit");

        assertThat(audrey.send("POST", INSTANCES, "{}").statusCode()).isEqualTo(405);
        assertThat(audrey.send("PUT", INSTANCES + "/any", "{}").statusCode()).isEqualTo(405);
        assertThat(audrey.send("DELETE", INSTANCES + "/any", null).statusCode()).isEqualTo(405);
    }

    private JsonNode read(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(node -> node.path(field).asText()).toList();
    }
}
