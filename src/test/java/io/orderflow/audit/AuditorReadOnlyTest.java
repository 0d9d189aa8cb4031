package io.orderflow.audit;

import static io.orderflow.HttpCalls.basic;
import static io.orderflow.HttpCalls.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import io.orderflow.order.OrderProcess;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Auditors read and change nothing. Every writing call of the engine REST API is refused to {@code audrey} as to every
 * group that may not do it ({@link io.orderflow.security.WritePolicyTest}); here the same holds for her Cockpit
 * session, and the audit and report pages answer reads only.
 */
class AuditorReadOnlyTest extends IntegrationTest {

    private static final String AUDREY = basic("audrey", PASSWORD);

    @Autowired
    ApplicationContext context;
    @Autowired
    RuntimeService runtimeService;

    AuditFixture fixture;
    String runningInstance;

    @BeforeEach
    void setUp() {
        fixture = new AuditFixture(context);
    }

    @AfterEach
    void removeRunningInstance() {
        if (runningInstance != null
                && runtimeService.createProcessInstanceQuery().processInstanceId(runningInstance).count() > 0) {
            runtimeService.deleteProcessInstance(runningInstance, "test over");
        }
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
}
