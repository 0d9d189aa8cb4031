package io.orderflow.security;

import static io.orderflow.HttpCalls.basic;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import io.orderflow.ProcessDriver;
import io.orderflow.order.OrderService;
import io.orderflow.order.PlaceOrderRequest;
import io.orderflow.quote.CreateQuoteRequest;
import io.orderflow.quote.Quote;
import io.orderflow.quote.QuoteProcess;
import io.orderflow.quote.QuoteService;
import io.orderflow.quote.QuoteState;
import io.orderflow.validation.ValidationProcess;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The findings of probing the product as its own users, replayed as the user who found each one, over the engine
 * REST: every attempt is refused with a clear 4xx and nothing changed.
 */
class AbuseCasesTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REST = "/engine-rest";

    @Autowired
    QuoteService quotes;
    @Autowired
    OrderService orders;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    TaskService taskService;
    @Autowired
    ManagementService managementService;

    ProcessDriver driver;

    @BeforeEach
    void setUp() {
        driver = new ProcessDriver(managementService, runtimeService);
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    // --- a task-local variable must not redirect a decision --------------------------------------------------------

    @Test
    void salesRepCannotApplyHerReviewToAnotherQuote() {
        String decoy = quoteInReview("US", 5);
        String target = quoteInReview("DE", 18);
        String decoyTask = taskOf(decoy, QuoteProcess.Elements.REVIEW_QUOTE).getId();

        HttpResponse<String> local = send("sara", "PUT", "/task/" + decoyTask + "/localVariables/quoteCode",
                "{\"value\":\"" + target + "\",\"type\":\"String\"}");
        HttpResponse<String> process = send("sara", "PUT", "/task/" + decoyTask + "/variables/quoteCode",
                "{\"value\":\"" + target + "\",\"type\":\"String\"}");
        Map<String, Object> form = reviewForm(60.0);
        form.put(QuoteProcess.Variables.QUOTE_CODE, target);
        HttpResponse<String> complete = complete("sara", decoyTask, form);

        assertThat(local.statusCode()).as(local.body()).isEqualTo(403);
        assertThat(process.statusCode()).as(process.body()).isEqualTo(403);
        assertThat(complete.statusCode()).as(complete.body()).isEqualTo(400);
        assertThat(complete.body()).contains("quoteCode is not a field of this task's form");
        assertUntouched(decoy, QuoteState.IN_REVIEW);
        assertUntouched(target, QuoteState.IN_REVIEW);
        assertThat(taskService.getVariableLocal(decoyTask, QuoteProcess.Variables.QUOTE_CODE)).isNull();
    }

    @Test
    void managerCannotApproveAnotherQuoteFromHisApprovalTask() {
        String managerLevel = quoteInApproval("DE", 18);
        String directorLevel = quoteInApproval("DE", 60);
        String mikesTask = taskOf(managerLevel, QuoteProcess.Elements.APPROVE_DISCOUNT).getId();
        String dorasTask = taskOf(directorLevel, QuoteProcess.Elements.APPROVE_DISCOUNT).getId();

        HttpResponse<String> local = send("mike", "PUT", "/task/" + mikesTask + "/localVariables/quoteCode",
                "{\"value\":\"" + directorLevel + "\",\"type\":\"String\"}");
        Map<String, Object> form = approvalForm("approve");
        form.put(QuoteProcess.Variables.APPROVAL_LEVEL, "MANAGER");
        HttpResponse<String> complete = complete("mike", mikesTask, form);
        HttpResponse<String> claimDirectors = send("mike", "POST", "/task/" + dorasTask + "/claim", "{\"userId\":\"mike\"}");

        assertThat(local.statusCode()).as(local.body()).isEqualTo(403);
        assertThat(complete.statusCode()).as(complete.body()).isEqualTo(400);
        assertThat(complete.body()).contains("approvalLevel is not a field");
        assertThat(claimDirectors.statusCode()).as(claimDirectors.body()).isEqualTo(403);
        assertUntouched(directorLevel, QuoteState.PENDING_APPROVAL);
        assertUntouched(managerLevel, QuoteState.PENDING_APPROVAL);
        assertThat(taskService.createTaskQuery().taskId(dorasTask).singleResult().getAssignee()).isNull();
    }

    @Test
    void reviewerIsRefusedTheApprovalAtClaimAndAtCompletionAndTheTaskStaysUnclaimed() {
        String code = quoteInReview("DE", 18);
        escalateReview(code);
        String review = taskOf(code, QuoteProcess.Elements.REVIEW_QUOTE).getId();
        HttpResponse<String> reviewed = complete("mike", review, reviewForm(18.0));
        assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(204);
        String approval = taskOf(code, QuoteProcess.Elements.APPROVE_DISCOUNT).getId();

        HttpResponse<String> claim = send("mike", "POST", "/task/" + approval + "/claim", "{\"userId\":\"mike\"}");
        HttpResponse<String> complete = complete("mike", approval, approvalForm("approve"));
        HttpResponse<String> assignedByAdmin = send("admin", "POST", "/task/" + approval + "/assignee", "{\"userId\":\"mike\"}");

        assertThat(claim.statusCode()).as(claim.body()).isEqualTo(403);
        assertThat(claim.body()).contains("Four eyes");
        assertThat(complete.statusCode()).as(complete.body()).isEqualTo(403);
        assertThat(assignedByAdmin.statusCode()).as(assignedByAdmin.body()).isEqualTo(403);
        assertThat(taskService.createTaskQuery().taskId(approval).singleResult().getAssignee()).isNull();
        assertUntouched(code, QuoteState.PENDING_APPROVAL);
    }

    // --- an approval the DMN asked for cannot be switched off -------------------------------------------------------

    @Test
    void backOfficeCannotSwitchOffTheOrderApprovalNorRedirectTheMasterRecord() {
        ProcessInstance validation = validationWaitingForDetails();
        String task = taskService.createTaskQuery().processInstanceId(validation.getId())
                .taskDefinitionKey(ValidationProcess.Elements.REQUEST_CUSTOMER_DETAILS).singleResult().getId();
        Object commerceOrderCode = runtimeService.getVariable(validation.getId(), ValidationProcess.Variables.COMMERCE_ORDER_CODE);

        Map<String, Object> form = new LinkedHashMap<>();
        form.put(ValidationProcess.Variables.DETAILS_CHANNEL, "enter");
        form.put(ValidationProcess.Variables.APPROVAL_REQUIRED, false);
        form.put(ValidationProcess.Variables.COMMERCE_ORDER_CODE, "CO-SOMEONE-ELSE");
        HttpResponse<String> complete = complete("bob", task, form);
        HttpResponse<String> local = send("bob", "PUT", "/task/" + task + "/localVariables/approvalRequired",
                "{\"value\":false,\"type\":\"Boolean\"}");

        assertThat(complete.statusCode()).as(complete.body()).isEqualTo(400);
        assertThat(complete.body()).contains("approvalRequired, commerceOrderCode are not fields");
        assertThat(local.statusCode()).as(local.body()).isEqualTo(403);
        assertThat(runtimeService.getVariable(validation.getId(), ValidationProcess.Variables.APPROVAL_REQUIRED)).isEqualTo(true);
        assertThat(runtimeService.getVariable(validation.getId(), ValidationProcess.Variables.COMMERCE_ORDER_CODE))
                .isEqualTo(commerceOrderCode);
        assertThat(taskService.createTaskQuery().taskId(task).count()).isOne();
    }

    // --- form values are checked, never a 500 -----------------------------------------------------------------------

    @Test
    void notANumberAsDiscountIsRefusedNamingTheField() {
        String code = quoteInReview("US", 5);
        String task = taskOf(code, QuoteProcess.Elements.REVIEW_QUOTE).getId();
        ObjectNode variables = JSON.createObjectNode();
        variables.putObject(QuoteProcess.Variables.OFFERED_DISCOUNT_PERCENT).put("value", "NaN").put("type", "Double");
        variables.putObject(QuoteProcess.Variables.VALIDITY_DAYS).put("value", 30).put("type", "Long");
        variables.putObject(QuoteProcess.Variables.REVIEW_OUTCOME).put("value", "offer").put("type", "String");

        HttpResponse<String> response = send("sara", "POST", "/task/" + task + "/submit-form",
                JSON.createObjectNode().set("variables", variables).toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("offeredDiscountPercent must be a finite number");
        assertUntouched(code, QuoteState.IN_REVIEW);
    }

    @Test
    void valuesOutsideTheFormsRulesAreRefusedNamingEachField() {
        String code = quoteInReview("US", 5);
        String task = taskOf(code, QuoteProcess.Elements.REVIEW_QUOTE).getId();
        Map<String, Object> form = reviewForm(101.0);
        form.put(QuoteProcess.Variables.VALIDITY_DAYS, 3L);
        form.put(QuoteProcess.Variables.REVIEW_OUTCOME, "approve-myself");

        HttpResponse<String> response = complete("sara", task, form);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("offeredDiscountPercent must be between 0 and 100",
                "validityDays must be between 7 and 180", "reviewOutcome must be one of [offer, reject]");
        assertUntouched(code, QuoteState.IN_REVIEW);
    }

    @Test
    void serializedObjectsAreNeverFormValues() {
        String code = quoteInReview("US", 5);
        String task = taskOf(code, QuoteProcess.Elements.REVIEW_QUOTE).getId();
        ObjectNode variables = JSON.createObjectNode();
        variables.putObject(QuoteProcess.Variables.SELLER_COMMENT).put("value", "{}").put("type", "Object")
                .putObject("valueInfo").put("objectTypeName", "javax.swing.JEditorPane")
                .put("serializationDataFormat", "application/json");

        HttpResponse<String> response = send("sara", "POST", "/task/" + task + "/submit-form",
                JSON.createObjectNode().set("variables", variables).toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("sellerComment must be a plain value");
        assertUntouched(code, QuoteState.IN_REVIEW);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private String quoteInReview(String country, int discount) {
        String key = UUID.randomUUID().toString();
        CreateQuoteRequest request = switch (country) {
            case "DE" -> new CreateQuoteRequest("cart-" + key, "anna.schmidt", "DE-UNIKLINIK", "DE", null, "EUR",
                    List.of(new CreateQuoteRequest.Item("SKU-CAP-200", 1, new BigDecimal("45000.00"))),
                    BigDecimal.valueOf(discount), null);
            default -> new CreateQuoteRequest("cart-" + key, "emily.clark", "US-MERCY", "US", null, "USD",
                    List.of(new CreateQuoteRequest.Item("SKU-CONS-100", 100, new BigDecimal("120.00"))),
                    BigDecimal.valueOf(discount), null);
        };
        String code = quotes.create(request, key).quote().getCode();
        driver.drain(QuoteProcess.KEY, code);
        assertThat(quotes.get(code).getState()).isEqualTo(QuoteState.IN_REVIEW);
        return code;
    }

    private String quoteInApproval(String country, double discount) {
        String code = quoteInReview(country, (int) discount);
        HttpResponse<String> reviewed = complete("sara", taskOf(code, QuoteProcess.Elements.REVIEW_QUOTE).getId(),
                reviewForm(discount));
        assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(204);
        assertThat(quotes.get(code).getState()).isEqualTo(QuoteState.PENDING_APPROVAL);
        return code;
    }

    /** The review is overdue: its timer fires and sales managers become candidates too. */
    private void escalateReview(String code) {
        ProcessInstance instance = instanceOf(code);
        Job timer = managementService.createJobQuery().processInstanceId(instance.getId())
                .activityId(QuoteProcess.Elements.REVIEW_OVERDUE).singleResult();
        ClockUtil.setCurrentTime(Date.from(timer.getDuedate().toInstant().plusSeconds(1)));
        managementService.executeJob(timer.getId());
    }

    private ProcessInstance validationWaitingForDetails() {
        String key = UUID.randomUUID().toString();
        String orderRequestId = orders.place(new PlaceOrderRequest("cart-" + key, "anna.schmidt", "DE-MVZ-NORD", "DE", "EUR",
                List.of(new PlaceOrderRequest.Item("SKU-CTRL-300", 1, new BigDecimal("8000.00"))), null), key)
                .order().getId();
        driver.drain(io.orderflow.order.OrderProcess.KEY, orderRequestId);
        ProcessInstance validation = runtimeService.createProcessInstanceQuery().processDefinitionKey(ValidationProcess.KEY)
                .processInstanceBusinessKey(orders.get(orderRequestId).getCommerceOrderCode()).singleResult();
        assertThat(validation).isNotNull();
        assertThat(runtimeService.getVariable(validation.getId(), ValidationProcess.Variables.APPROVAL_REQUIRED)).isEqualTo(true);
        return validation;
    }

    private ProcessInstance instanceOf(String code) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(QuoteProcess.KEY)
                .processInstanceBusinessKey(code).singleResult();
    }

    private Task taskOf(String code, String taskDefinitionKey) {
        Task task = taskService.createTaskQuery().processInstanceBusinessKey(code).taskDefinitionKey(taskDefinitionKey)
                .singleResult();
        assertThat(task).as(taskDefinitionKey + " of " + code).isNotNull();
        return task;
    }

    /** Nobody's decision reached the quote: same state, no reviewer or approver recorded. */
    private void assertUntouched(String code, QuoteState state) {
        Quote quote = quotes.get(code);
        assertThat(quote.getState()).as("state of " + code).isEqualTo(state);
        if (state == QuoteState.IN_REVIEW) {
            assertThat(quote.getReviewerId()).as("reviewer of " + code).isNull();
        }
        assertThat(quote.getApproverId()).as("approver of " + code).isNull();
    }

    private static Map<String, Object> reviewForm(double discount) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put(QuoteProcess.Variables.OFFERED_DISCOUNT_PERCENT, discount);
        form.put(QuoteProcess.Variables.VALIDITY_DAYS, 30L);
        form.put(QuoteProcess.Variables.SELLER_COMMENT, "best price");
        form.put(QuoteProcess.Variables.REVIEW_OUTCOME, QuoteProcess.Values.OFFER);
        return form;
    }

    private static Map<String, Object> approvalForm(String decision) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put(QuoteProcess.Variables.APPROVAL_DECISION, decision);
        form.put(QuoteProcess.Variables.APPROVER_COMMENT, "");
        return form;
    }

    /** Completes the task over the engine REST as the user, with the values typed as Tasklist types them. */
    private HttpResponse<String> complete(String user, String taskId, Map<String, Object> values) {
        ObjectNode variables = JSON.createObjectNode();
        values.forEach((name, value) -> variables.putObject(name).put("type", value instanceof Double ? "Double"
                : value instanceof Long ? "Long" : value instanceof Boolean ? "Boolean" : "String")
                .set("value", JSON.valueToTree(value)));
        return send(user, "POST", "/task/" + taskId + "/complete",
                JSON.createObjectNode().set("variables", variables).toString());
    }

    private HttpResponse<String> send(String user, String method, String path, String json) {
        return HttpCalls.send(HttpRequest.newBuilder(URI.create(url(REST + path)))
                .header("Authorization", basic(user, PASSWORD)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }
}
