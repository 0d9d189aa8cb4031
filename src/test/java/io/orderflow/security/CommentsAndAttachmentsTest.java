package io.orderflow.security;

import static io.orderflow.HttpCalls.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.orderflow.HttpCalls;
import io.orderflow.HttpCalls.Part;
import io.orderflow.IntegrationTest;
import io.orderflow.audit.AuditFixture;
import io.orderflow.audit.CockpitSession;
import io.orderflow.quote.QuoteProcess;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Attachment;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Comments and attachments are writes: only who may work on the task (or update the process instance) adds, changes
 * or removes them, whoever else can read the task (an auditor) is refused with 403. An attachment links to a web
 * address (http, https) and nothing else, whoever adds it.
 */
class CommentsAndAttachmentsTest extends IntegrationTest {

    private static final String AUDREY = basic("audrey", PASSWORD);
    private static final String ADMIN = basic("admin", PASSWORD);
    private static final String WEB_LINK = "https://docs.example.org/quote-policy.pdf";

    @Autowired
    ApplicationContext context;
    @Autowired
    TaskService taskService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    IdentityService identityService;

    final List<String> instances = new ArrayList<>();
    String quoteInstance;
    Task task;

    @BeforeEach
    void quoteInReview() {
        quoteInstance = newQuoteInReview();
        task = taskService.createTaskQuery().processInstanceId(quoteInstance).singleResult();
    }

    @AfterEach
    void removeInstances() {
        identityService.clearAuthentication();
        for (String instance : instances) {
            if (runtimeService.createProcessInstanceQuery().processInstanceId(instance).count() > 0) {
                runtimeService.deleteProcessInstance(instance, "test over");
            }
        }
    }

    @Test
    void auditorNeitherCommentsNorAttachesOverTheEngineRest() {
        HttpResponse<String> comment = HttpCalls.postJson(url("/engine-rest/task/" + task.getId() + "/comment/create"),
                "{\"message\":\"Looks fine to me\"}", "Authorization", AUDREY);
        HttpResponse<String> link = attach(AUDREY, WEB_LINK);
        HttpResponse<String> script = attach(AUDREY, "javascript:alert(document.cookie)");
        HttpResponse<String> cockpit = CockpitSession.login(url(""), "audrey", PASSWORD, "cockpit").send("POST",
                "/camunda/api/engine/engine/default/task/" + task.getId() + "/comment/create", "{\"message\":\"Fine\"}");

        assertThat(List.of(comment, link, script, cockpit)).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("\"type\":\"AuthorizationException\"");
        });
        assertThat(taskService.getTaskComments(task.getId())).isEmpty();
        assertThat(taskService.getTaskAttachments(task.getId())).isEmpty();
    }

    @Test
    void candidateCommentsAndLinksDocumentsOnHerTask() {
        // through the engine: the engine REST first looks the task up in the history, which workers do not read
        identityService.setAuthentication("sara", List.of(Groups.SALES));
        taskService.createComment(task.getId(), quoteInstance, "Asked the buyer about volumes");
        taskService.createAttachment("link", task.getId(), null, "Quote policy", "", WEB_LINK);
        identityService.clearAuthentication();

        assertThat(taskService.getTaskComments(task.getId())).extracting("fullMessage")
                .containsExactly("Asked the buyer about volumes");
        assertThat(taskService.getTaskAttachments(task.getId())).extracting(Attachment::getUrl).containsExactly(WEB_LINK);
    }

    @Test
    void noteOfATaskBelongsToTheTasksOwnProcessInstance() {
        String otherInstance = newQuoteInReview();

        HttpResponse<String> response = HttpCalls.postJson(url("/engine-rest/task/" + task.getId() + "/comment/create"),
                "{\"message\":\"Planted\",\"processInstanceId\":\"" + otherInstance + "\"}", "Authorization", ADMIN);
        identityService.setAuthentication("sara", List.of(Groups.SALES));
        assertThatThrownBy(() -> taskService.createComment(task.getId(), otherInstance, "Planted"))
                .isInstanceOf(BadUserRequestException.class);
        assertThatThrownBy(() -> taskService.createAttachment("link", task.getId(), otherInstance, "n", "", WEB_LINK))
                .isInstanceOf(BadUserRequestException.class);
        identityService.clearAuthentication();

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"type\":\"BadUserRequestException\"");
        assertThat(taskService.getProcessInstanceComments(otherInstance)).isEmpty();
        assertThat(taskService.getProcessInstanceAttachments(otherInstance)).isEmpty();
        assertThat(taskService.getTaskComments(task.getId())).isEmpty();
    }

    @Test
    void attachmentLinksOtherThanWebAddressesAreRefusedEvenToTheAdministrator() {
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        for (String url : List.of("javascript:alert(document.cookie)", "JavaScript:alert(1)", " javascript:alert(1)",
                "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd",
                "//evil.example/x", "docs/quote-policy.pdf")) {
            answers.put(url, attach(ADMIN, url));
        }

        assertThat(answers).allSatisfy((url, response) -> {
            assertThat(response.statusCode()).as(url).isEqualTo(400);
            assertThat(response.body()).as(url).contains("\"type\":\"BadUserRequestException\"").contains("http");
        });
        assertThat(taskService.getTaskAttachments(task.getId())).isEmpty();
        assertThat(attach(ADMIN, "http://docs.example.org/terms.html").statusCode()).isEqualTo(200);
    }

    @Test
    void engineRefusesNotesOfWhoDoesNotWorkOnTheTask() {
        Attachment existing = taskService.createAttachment("link", task.getId(), null, "Terms", "", WEB_LINK);
        Attachment renamed = taskService.getAttachment(existing.getId());
        renamed.setName("Renamed");

        identityService.setAuthentication("audrey", List.of(Groups.AUDITORS));
        assertThatThrownBy(() -> taskService.createComment(task.getId(), null, "x")).isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> taskService.createComment(null, quoteInstance, "x")).isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> taskService.createAttachment("link", task.getId(), null, "n", "", WEB_LINK))
                .isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> taskService.createAttachment("link", null, quoteInstance, "n", "", WEB_LINK))
                .isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> taskService.saveAttachment(renamed)).isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> taskService.deleteTaskAttachment(task.getId(), existing.getId()))
                .isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> taskService.deleteAttachment(existing.getId())).isInstanceOf(AuthorizationException.class);
        identityService.clearAuthentication();

        assertThat(taskService.getTaskComments(task.getId())).isEmpty();
        assertThat(taskService.getProcessInstanceComments(quoteInstance)).isEmpty();
        assertThat(taskService.getTaskAttachments(task.getId())).extracting(Attachment::getName).containsExactly("Terms");
    }

    @Test
    void engineRefusesAttachmentLinksOtherThanWebAddresses() {
        assertThatThrownBy(() -> taskService.createAttachment("link", task.getId(), null, "n", "", "javascript:alert(1)"))
                .isInstanceOf(BadUserRequestException.class);
        assertThat(taskService.getTaskAttachments(task.getId())).isEmpty();
    }

    private String newQuoteInReview() {
        AuditFixture fixture = new AuditFixture(context);
        String instance = fixture.instanceId(QuoteProcess.KEY, fixture.quoteInReview());
        instances.add(instance);
        return instance;
    }

    private HttpResponse<String> attach(String authorization, String link) {
        return HttpCalls.send(HttpCalls.multipart(url("/engine-rest/task/" + task.getId() + "/attachment/create"),
                        List.of(Part.field("attachment-name", "Quote policy"), Part.field("attachment-type", "link"),
                                Part.field("url", link)))
                .header("Authorization", authorization));
    }
}
