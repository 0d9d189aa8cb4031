package io.orderflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import io.orderflow.ProcessDriver;
import io.orderflow.order.OrderProcess;
import io.orderflow.order.OrderService;
import io.orderflow.order.PlaceOrderRequest;
import io.orderflow.quote.CreateQuoteRequest;
import io.orderflow.quote.QuoteProcess;
import io.orderflow.quote.QuoteService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.context.ApplicationContext;

/**
 * Process instances for the auditors' and the access tests, made through the application's own services. A plain
 * object rather than a bean, so the test classes keep sharing one application context.
 */
public class AuditFixture {

    static final String OPERATOR = "admin";
    static final String NOTE = "auditNote";

    private final OrderService orders;
    private final QuoteService quotes;
    private final RuntimeService runtimeService;
    private final ManagementService managementService;
    private final HistoryService historyService;
    private final IdentityService identityService;
    private final TaskService taskService;

    public AuditFixture(ApplicationContext context) {
        this.orders = context.getBean(OrderService.class);
        this.quotes = context.getBean(QuoteService.class);
        this.runtimeService = context.getBean(RuntimeService.class);
        this.managementService = context.getBean(ManagementService.class);
        this.historyService = context.getBean(HistoryService.class);
        this.identityService = context.getBean(IdentityService.class);
        this.taskService = context.getBean(TaskService.class);
    }

    /**
     * A consumables order of a validated US customer, released with no human touch, on which an operator raised a
     * job's retries and noted a variable first (so its operation log has entries). Returns the order request id, the
     * business key of the finished {@code order-handoff} instance.
     */
    public String finishedOrder() {
        String orderRequestId = placeOrder();
        String instanceId = instanceId(OrderProcess.KEY, orderRequestId);
        identityService.setAuthentication(OPERATOR, List.of("camunda-admin"));
        try {
            Job job = managementService.createJobQuery().processInstanceId(instanceId).list().get(0);
            managementService.setJobRetries(job.getId(), 5);
            runtimeService.setVariable(instanceId, NOTE, "checked by operations");
        } finally {
            identityService.clearAuthentication();
        }
        new ProcessDriver(managementService, runtimeService).drain(instanceId);
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instanceId).singleResult()
                .getEndTime()).as("order-handoff of " + orderRequestId + " has ended").isNotNull();
        return orderRequestId;
    }

    /** A placed order whose {@code order-handoff} instance waits for its first job. */
    public String placeOrder() {
        String key = UUID.randomUUID().toString();
        return orders.place(new PlaceOrderRequest("cart-" + key, "emily.clark", "US-MERCY", "US", "USD",
                List.of(new PlaceOrderRequest.Item("SKU-CONS-100", 10, new BigDecimal("120.00"))), null), key)
                .order().getId();
    }

    /** A quote whose review task waits for sales; returns the quote code. */
    public String quoteInReview() {
        String key = UUID.randomUUID().toString();
        String code = quotes.create(new CreateQuoteRequest("cart-" + key, "emily.clark", "US-MERCY", "US", null, "USD",
                List.of(new CreateQuoteRequest.Item("SKU-CONS-100", 100, new BigDecimal("120.00"))), new BigDecimal("5"),
                null), key).quote().getCode();
        new ProcessDriver(managementService, runtimeService).drain(QuoteProcess.KEY, code);
        return code;
    }

    /** A quote sara offered at 5 % (no approval needed) and the buyer declined: its process has ended. */
    public String declinedQuote() {
        String code = quoteInReview();
        String instance = instanceId(QuoteProcess.KEY, code);
        String task = taskService.createTaskQuery().processInstanceId(instance).singleResult().getId();
        identityService.setAuthentication("sara", List.of("sales"));
        try {
            taskService.complete(task, java.util.Map.of("offeredDiscountPercent", 5.0, "validityDays", 30L,
                    "sellerComment", "Our best price", "reviewOutcome", "offer"));
        } finally {
            identityService.clearAuthentication();
        }
        new ProcessDriver(managementService, runtimeService).drain(instance);
        quotes.decline(code, "emily.clark", "Budget moved to next year");
        new ProcessDriver(managementService, runtimeService).drain(instance);
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult()
                .getEndTime()).as("quote-to-order of " + code + " has ended").isNotNull();
        return code;
    }

    public String instanceId(String processDefinitionKey, String businessKey) {
        return historyService.createHistoricProcessInstanceQuery().processDefinitionKey(processDefinitionKey)
                .processInstanceBusinessKey(businessKey).singleResult().getId();
    }
}
