package io.orderflow.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.notification.Formats;
import io.orderflow.HttpCalls;
import io.orderflow.FullCoverageOf;
import io.orderflow.Contracts;
import io.orderflow.IntegrationTest;
import io.orderflow.ProcessDriver;
import io.orderflow.integration.reltio.ReltioProperties;
import io.orderflow.integration.reltio.ReltioRequests;
import io.orderflow.notification.Notification;
import io.orderflow.notification.NotificationService;
import io.orderflow.notification.OutboxSender;
import io.orderflow.order.OrderProcess;
import io.orderflow.order.OrderService;
import io.orderflow.order.OrderState;
import io.orderflow.order.PlaceOrderRequest;
import io.orderflow.quote.QuoteProcess;
import io.orderflow.retention.Retention;
import io.orderflow.retention.RetentionProperties;
import io.orderflow.sandbox.SandboxMailServer;
import io.orderflow.security.CallbackSignatures;
import io.orderflow.security.Groups;
import io.orderflow.validation.ValidationProcess.Elements;
import io.orderflow.validation.ValidationProcess.Variables;
import io.orderflow.work.WorkQueues;
import io.orderflow.work.Worker;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricFormField;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.AopTestUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code customer-validation} model, reached the way the application reaches it: orders are placed, their
 * {@code order-handoff} calls the validation, back office and order approvers complete their tasks as themselves (in
 * Java and over the engine REST), the buyer uses the emailed details page, and Reltio's results come over the signed
 * callback, sent by the test at the moment it chooses. Jobs and timers run when the test says so, at the engine time
 * it sets. The class fails when a flow node or sequence flow of the model is left uncovered (report in
 * {@code target/process-test-coverage}).
 */
@FullCoverageOf(ValidationProcess.KEY)
class CustomerValidationProcessTest extends IntegrationTest {

    private static final String CALLBACKS = "/api/v1/callbacks/reltio";

    private static final String BACKOFFICE_USER = "bob";
    private static final String APPROVER = "olga";

    private static final Buyer JENS = new Buyer("jens.weber", "DE-UNIKLINIK", "jens.weber@uniklinik-nord.example");
    private static final Buyer ANNA = new Buyer("anna.schmidt", "DE-MVZ-NORD", "anna.schmidt@uniklinik-nord.example");
    /** Commerce keeps the region of Lakeview Clinic as "Lakeview County", which is no US state. */
    private static final Buyer NOAH_AT_LAKEVIEW = new Buyer("noah.miller", "US-LAKEVIEW", "noah.miller@mercy.example");

    private static final String CAPITAL_EQUIPMENT = "SKU-CAP-200";
    private static final String CONTROLLED_DEVICE = "SKU-CTRL-300";
    private static final Map<String, BigDecimal> PRICES = Map.of(CAPITAL_EQUIPMENT, new BigDecimal("45000.00"),
            CONTROLLED_DEVICE, new BigDecimal("8000.00"));

    private static final Duration RESULT_TIMEOUT = Duration.ofHours(4);
    private static final Duration UNKNOWN_AFTER = Duration.ofMinutes(15);

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    record Buyer(String customerId, String b2bUnitId, String email) {
    }

    /** An order placed and run up to the first step of its customer validation. */
    record Placed(String orderRequestId, String orderInstanceId, ProcessInstance validation) {

        /** Sandbox Reltio's request id: "RLT-" and the request's reference, the order request id and the attempt. */
        String requestId(int attempt) {
            return "RLT-" + orderRequestId + "-" + attempt;
        }
    }

    /** The fields of the submitKycData form that people fill in. */
    record Kyc(String legalName, String taxId, String licenceNumber, String addressLine1, String city,
            String postalCode, String region, String country) {

        Map<String, Object> form() {
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("legalName", legalName);
            form.put("taxId", taxId);
            form.put("licenceNumber", licenceNumber);
            form.put("addressLine1", addressLine1);
            form.put("city", city);
            form.put("postalCode", postalCode);
            form.put("region", region);
            form.put("country", country);
            return form;
        }

        Kyc withRegion(String otherRegion) {
            return new Kyc(legalName, taxId, licenceNumber, addressLine1, city, postalCode, otherRegion, country);
        }

        Kyc withTaxId(String otherTaxId) {
            return new Kyc(legalName, otherTaxId, licenceNumber, addressLine1, city, postalCode, region, country);
        }
    }

    @Autowired
    ProcessEngine processEngine;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    TaskService taskService;
    @Autowired
    IdentityService identityService;
    @Autowired
    ManagementService managementService;
    @Autowired
    HistoryService historyService;
    @Autowired
    OrderService orders;
    @Autowired
    ValidationService validations;
    @Autowired
    CallbackInbox inbox;
    @Autowired
    ReltioCallbackRepository callbacks;
    @Autowired
    CallbackSignatures signatures;
    @Autowired
    ReltioRequests reltioRequests;
    @Autowired
    OutboxSender outboxSender;
    @Autowired
    SandboxMailServer mailbox;
    @Autowired
    Clock clock;
    @Autowired
    ObjectMapper json;
    @Autowired
    RepositoryService repositoryService;
    @Autowired
    ReltioProperties reltio;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CallbackDeliveryProperties delivery;
    @Autowired
    NotificationService notifications;
    @Autowired
    JavaMailSender mailSender;
    @Autowired
    @Qualifier("outboxWorker")
    Worker outboxWorker;
    @Autowired
    @Qualifier("callbackWorker")
    Worker callbackWorker;
    @Autowired
    WorkQueues queues;
    @Autowired
    Retention retention;
    @Autowired
    RetentionProperties retentionProperties;

    ProcessDriver driver;

    @BeforeEach
    void engineClockStandsStillAndReltioWaitsForTheTest() {
        BpmnAwareTests.init(processEngine);
        driver = new ProcessDriver(managementService, runtimeService);
        ClockUtil.setCurrentTime(Date.from(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        // Reltio's own callback would come a day later (real time, not engine time): every result is the test's
        HttpResponse<String> behaviour = HttpCalls.postJson(url("/sandbox/reltio/behaviour"),
                "{\"early\":false,\"twice\":false,\"delay\":\"PT24H\"}", "Authorization", HttpCalls.basic("sara", PASSWORD));
        assertThat(behaviour.statusCode()).as(behaviour.body()).isEqualTo(200);
        // mails other tests left in the outbox go out now, not into this test's mailbox
        outboxSender.sendDue(clock.instant().plus(Duration.ofDays(1)));
        mailbox.clear();
    }

    @AfterEach
    void restoreAuthenticationAndClock() {
        identityService.clearAuthentication();
        ClockUtil.reset();
    }

    // --- approval without KYC ---------------------------------------------------------------------------------

    @Test
    void validatedCustomerOrderingAControlledDeviceIsOnlyApprovedAndTheOrderReleased() {
        Placed order = place(JENS, CONTROLLED_DEVICE);
        ProcessInstance pi = order.validation();

        assertThat(orders.get(order.orderRequestId()).getKycRequired()).isFalse();
        assertThat(orders.get(order.orderRequestId()).getApprovalRequired()).isTrue();
        assertThat(pi).hasPassedInOrder(Elements.VALIDATION_REQUESTED, Elements.KYC_NEEDED, Elements.CUSTOMER_VALIDATED,
                Elements.APPROVAL_NEEDED).hasNotPassed(Elements.REQUEST_CUSTOMER_DETAILS).isWaitingAt(Elements.APPROVE_ORDER);
        Task approval = task(pi, Elements.APPROVE_ORDER);
        assertThat(candidateGroups(approval)).containsExactly(Groups.ORDER_APPROVERS);
        assertThat(localText(approval, Variables.VALIDATION_SUMMARY)).contains("for Jens Weber (jens.weber)",
                "1 × Infusionspumpe IP-300 (" + CONTROLLED_DEVICE + ")", "business approval required: true");
        assertThat(approval.getName()).as("the approver can tell orders apart in Tasklist").isEqualTo("Approve order · "
                + orders.get(order.orderRequestId()).getCommerceOrderCode() + " · Jens Weber (DE-UNIKLINIK) · "
                + Formats.money(orders.get(order.orderRequestId()).value(), "EUR", Locale.GERMANY));

        HttpResponse<String> approved = submitOverRest(APPROVER, approval, approvalForm("approve", ""));

        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(204);
        driver.drain(order.orderInstanceId());
        assertThat(pi).hasPassedInOrder(Elements.APPROVE_ORDER, Elements.ORDER_DECISION, Elements.VALIDATION_APPROVED,
                Elements.COMPLETE_VALIDATION, Elements.CUSTOMER_APPROVED).hasNotPassed(Elements.REJECT_VALIDATION).isEnded();
        assertThat(historicVariable(pi, Variables.VALIDATION_OUTCOME)).isEqualTo(ValidationProcess.APPROVED);
        assertThat(validations.get(order.orderRequestId()).getState()).isEqualTo(ValidationState.APPROVED);
        assertThat(orders.get(order.orderRequestId()).getState()).isEqualTo(OrderState.RELEASED);
        assertThat(commerceOrder(order).path("status").asText()).isEqualTo("RELEASED");
    }

    @Test
    void approverRejectingWithAReasonRejectsTheValidationAndCancelsTheOrder() {
        Placed order = place(JENS, CONTROLLED_DEVICE);
        ProcessInstance pi = order.validation();
        String reason = "Licence for controlled devices missing";

        completeAs(APPROVER, Groups.ORDER_APPROVERS, task(pi, Elements.APPROVE_ORDER), approvalForm("reject", reason));
        driver.drain(order.orderInstanceId());

        assertThat(pi).hasPassedInOrder(Elements.APPROVE_ORDER, Elements.ORDER_DECISION, Elements.VALIDATION_REJECTED,
                Elements.REJECT_VALIDATION, Elements.CUSTOMER_REJECTED).hasNotPassed(Elements.COMPLETE_VALIDATION).isEnded();
        assertThat(historicVariable(pi, Variables.VALIDATION_OUTCOME)).isEqualTo(ValidationProcess.REJECTED);
        CustomerValidation validation = validations.get(order.orderRequestId());
        assertThat(validation.getState()).isEqualTo(ValidationState.REJECTED);
        assertThat(validation.getDecisionReason()).isEqualTo(reason + " (" + APPROVER + ")");
        assertThat(orders.get(order.orderRequestId()).getState()).isEqualTo(OrderState.CANCELLED);
        assertThat(orders.get(order.orderRequestId()).getDecisionReason()).startsWith(reason);
        assertThat(commerceOrder(order).path("status").asText()).isEqualTo("CANCELLED");
    }

    // --- KYC entered by back office -----------------------------------------------------------------------------

    @Test
    void kycEnteredNowIsValidatedWithItsIsoRegionLinkedToTheMatchedMasterAndReleasedWithoutApproval() throws Exception {
        Placed order = place(ANNA, CAPITAL_EQUIPMENT);
        ProcessInstance pi = order.validation();
        assertThat(orders.get(order.orderRequestId()).getKycRequired()).isTrue();
        assertThat(orders.get(order.orderRequestId()).getApprovalRequired()).isFalse();
        assertThat(pi).isWaitingAt(Elements.REQUEST_CUSTOMER_DETAILS);
        Task request = task(pi, Elements.REQUEST_CUSTOMER_DETAILS);
        assertThat(candidateGroups(request)).containsExactly(Groups.BACKOFFICE);

        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, request, Map.of(Variables.DETAILS_CHANNEL, "enter"));

        assertThat(pi).hasPassed(Elements.DETAILS_CHANNEL, Elements.DETAILS_AVAILABLE)
                .hasNotPassed(Elements.SEND_DETAILS_REQUEST).isWaitingAt(Elements.SUBMIT_KYC_DATA);
        Task submit = task(pi, Elements.SUBMIT_KYC_DATA);
        assertThat(formValue(submit, "country")).isEqualTo("DE");
        assertThat(formValue(submit, "legalName")).isNull();
        // the address starts from the one commerce keeps for the B2B unit, its region "Bayern" as its ISO code
        assertThat(formValue(submit, "addressLine1")).isEqualTo("Ismaninger Straße 22");
        assertThat(formValue(submit, "region")).isEqualTo("DE-BY");

        Kyc data = kyc(taxId('0'), "Bavaria");
        HttpResponse<String> submitted = submitOverRest(BACKOFFICE_USER, submit, data.form());

        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(204);
        CustomerValidation ready = validations.get(order.orderRequestId());
        assertThat(ready.getState()).isEqualTo(ValidationState.READY_TO_REQUEST);
        assertThat(ready.getRegionCode()).isEqualTo("DE-BY");
        assertThat(ready.kycData().region()).as("kept as entered").isEqualTo("Bavaria");
        assertThat(ready.getDetailsSource()).isEqualTo(BACKOFFICE_USER);
        JsonNode payload = json.readTree(reltioRequests.validationPayload(order.orderRequestId()));
        assertThat(payload.path("address").path("region").asText()).isEqualTo("DE-BY");
        assertThat(payload.path("reference").asText()).isEqualTo(order.orderRequestId() + "-1");
        assertThat(payload.path("taxId").asText()).isEqualTo(data.taxId());

        runJob(pi, Elements.REQUEST_VALIDATION);

        String requestId = order.requestId(1);
        assertThat(pi).isWaitingAt(Elements.VALIDATION_COMPLETED);
        assertThat(runtimeService.getVariable(pi.getId(), Variables.VALIDATION_REQUEST_ID)).isEqualTo(requestId);
        CustomerValidation awaiting = validations.get(order.orderRequestId());
        assertThat(awaiting.getState()).isEqualTo(ValidationState.AWAITING_RESULT);
        assertThat(awaiting.getRequestId()).isEqualTo(requestId);
        assertThat(awaiting.getRequestCount()).isEqualTo(1);

        String master = "entities/match-" + order.orderRequestId();
        assertThat(sendCallback(match(requestId, master)).statusCode()).isEqualTo(202);
        deliverUntil(requestId, ReltioCallback.Status.CORRELATED);
        driver.drain(order.orderInstanceId());

        assertThat(pi).hasPassedInOrder(Elements.VALIDATION_COMPLETED, Elements.VALIDATION_RESULT,
                        Elements.MASTER_RECORD_KNOWN, Elements.LINK_CUSTOMER, Elements.CUSTOMER_VALIDATED,
                        Elements.APPROVAL_NEEDED, Elements.VALIDATION_APPROVED, Elements.COMPLETE_VALIDATION,
                        Elements.CUSTOMER_APPROVED)
                .hasNotPassed(Elements.APPROVE_ORDER, Elements.RESOLVE_CUSTOMER_MATCH, Elements.REVIEW_VALIDATION_FAILURE)
                .isEnded();
        assertThat(commerceOrder(order).path("masterId").asText()).isEqualTo(master);
        CustomerValidation approved = validations.get(order.orderRequestId());
        assertThat(approved.getState()).isEqualTo(ValidationState.APPROVED);
        assertThat(approved.getResultStatus()).isEqualTo("MATCH");
        assertThat(approved.getEntityUri()).isEqualTo(master);
        assertThat(orders.get(order.orderRequestId()).getState()).isEqualTo(OrderState.RELEASED);
        assertThat(commerceOrder(order).path("status").asText()).isEqualTo("RELEASED");

        // the sales system hears the result and the decision with the region as ISO 3166-2, and no personal data
        List<Map<String, Object>> told = jdbc.queryForList("select event_type, body from sales_event"
                + " where business_key = ? and event_type like 'orderflow.validation.%' order by id", order.orderRequestId());
        assertThat(told).extracting(event -> event.get("event_type"))
                .containsExactly("orderflow.validation.result-received", "orderflow.validation.approved");
        for (Map<String, Object> event : told) {
            String body = (String) event.get("body");
            JsonNode summary = json.readTree(body).path("data");
            assertThat(summary.path("region").asText()).isEqualTo("DE-BY");
            assertThat(summary.path("resultStatus").asText()).isEqualTo("MATCH");
            assertThat(body).doesNotContain(data.legalName(), data.taxId());
            Contracts.SALES.assertRequest("POST", "/", Map.of("webhook-id", "1", "webhook-timestamp", "1",
                    "webhook-signature", "v1,AAAA", "Content-Type", "application/cloudevents+json"), body);
        }
        assertThat(json.readTree((String) told.get(1).get("body")).path("data").path("state").asText())
                .isEqualTo("APPROVED");
    }

    // --- KYC data ageing out and erased on request ---------------------------------------------------------------

    @Test
    void kycDataIsErasedOnceTheOrderFinishedLongerAgoThanTheRetentionLeavingTheDecisionsAndWhoTookThem() {
        Kyc data = kyc(taxId('1'), "Bavaria");
        Placed order = finishedWithKyc(data);
        ProcessInstance pi = order.validation();
        String requestId = order.requestId(1);
        Instant finished = clock.instant();
        assertThat(personalDataIn(order, data)).as("before the retention").isNotEmpty();

        retention.passIfNobodyElseIs(finished.plus(retentionProperties.kycData()).minus(Duration.ofDays(1)));

        assertThat(personalDataIn(order, data)).as("not yet due").isNotEmpty();
        assertThat(validations.get(order.orderRequestId()).getKycErasedAt()).isNull();

        Instant due = finished.plus(retentionProperties.kycData()).plus(Duration.ofDays(1));
        moveClockTo(due);
        assertThat(retention.passIfNobodyElseIs(due)).containsKey("KYC data of finished orders");

        assertThat(personalDataIn(order, data)).as("after the retention").isEmpty();
        CustomerValidation erased = validations.get(order.orderRequestId());
        assertThat(erased.kycData()).isEqualTo(new CustomerValidation.KycData(null, null, null, null, null, null, null,
                "DE"));
        assertThat(erased.getKycErasedBy()).isEqualTo("retention");
        assertThat(erased.getKycErasedAt()).isEqualTo(due);
        // what was decided, on what, and by whom stays
        assertThat(erased.getState()).isEqualTo(ValidationState.APPROVED);
        assertThat(erased.getResultStatus()).isEqualTo("POTENTIAL_MATCHES");
        assertThat(erased.getMasterId()).isEqualTo("entities/pm-" + order.orderRequestId() + "-b");
        assertThat(erased.getRegionCode()).isEqualTo("DE-BY");
        assertThat(historicVariable(pi, Variables.CHOSEN_MASTER)).isEqualTo("2");
        String submitTask = historyService.createHistoricTaskInstanceQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Elements.SUBMIT_KYC_DATA).singleResult().getId();
        assertThat(historyService.createUserOperationLogQuery().taskId(submitTask)
                .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list())
                .extracting(UserOperationLogEntry::getUserId).containsOnly(BACKOFFICE_USER);
        assertThat(read(inboxRow(requestId).getBody())).isEqualTo(read("{\"requestId\":\"" + requestId
                + "\",\"status\":\"POTENTIAL_MATCHES\",\"entityUri\":\"entities/pm-" + order.orderRequestId() + "-new\"}"));

        String timeline = HttpCalls.get(url("/audit/" + order.orderRequestId()), "Authorization",
                HttpCalls.basic("audrey", PASSWORD)).body();
        assertThat(timeline).contains("KYC data erased", "retention", "Resolve customer match")
                .doesNotContain(data.taxId(), data.legalName());
    }

    @Test
    void resultArrivingAgainAfterItsCallbackAgedOutIsStillADuplicate() {
        Placed order = finishedWithKyc(kyc(taxId('1'), "Bavaria"));
        String requestId = order.requestId(1);
        String result = potentialMatches(requestId, "entities/pm-" + order.orderRequestId());

        retention.passIfNobodyElseIs(clock.instant().plus(retentionProperties.historyTimeToLive()).plus(Duration.ofDays(1)));
        assertThat(callbacks.findByRequestId(requestId)).as("aged out").isEmpty();

        HttpResponse<String> again = sendCallback(result);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("DUPLICATE");
        assertThat(callbacks.findByRequestId(requestId)).isEmpty();
    }

    @Test
    void operatorErasesACustomersKycDataOnRequestForFinishedOrdersAndTheRunningOneKeepsItsData() throws Exception {
        Kyc data = kyc(taxId('1'), "Bavaria");
        Placed finished = finishedWithKyc(data);
        Placed running = untilKycSubmitted(ANNA, kyc(taxId('0'), "Bavaria"));
        String reason = "Request of the customer, ticket " + UUID.randomUUID();

        HttpClient admin = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String page = admin.send(HttpRequest.newBuilder(URI.create(url("/operations/kyc-erasure")))
                .header("Authorization", HttpCalls.basic("admin", PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher token = CSRF.matcher(page);
        assertThat(token.find()).as(page).isTrue();
        assertThat(HttpCalls.get(url("/operations/kyc-erasure"), "Authorization", HttpCalls.basic("bob", PASSWORD))
                .statusCode()).as("back office enters KYC data, it does not erase it").isEqualTo(403);
        assertThat(HttpCalls.postJson(url("/operations/kyc-erasure"), "{}", "Authorization",
                HttpCalls.basic("bob", PASSWORD)).statusCode()).isEqualTo(403);

        HttpResponse<String> erased = admin.send(HttpRequest.newBuilder(URI.create(url("/operations/kyc-erasure")))
                .header("Authorization", HttpCalls.basic("admin", PASSWORD))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8)
                        + "&customerId=" + ANNA.customerId() + "&reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(302);
        String result = admin.send(HttpRequest.newBuilder(URI.create(url("/operations/kyc-erasure")))
                .header("Authorization", HttpCalls.basic("admin", PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(result).contains(finished.orderRequestId(), reason, "still running keep theirs")
                .contains(running.orderRequestId());
        assertThat(personalDataIn(finished, data)).isEmpty();
        CustomerValidation erasedValidation = validations.get(finished.orderRequestId());
        assertThat(erasedValidation.getKycErasedBy()).isEqualTo("admin");
        assertThat(erasedValidation.getKycErasureReason()).isEqualTo(reason);
        assertThat(validations.get(running.orderRequestId()).getKycErasedAt()).isNull();
        assertThat(validations.get(running.orderRequestId()).kycData().legalName()).as("its process needs it")
                .isEqualTo(data.legalName());
        String timeline = HttpCalls.get(url("/audit/" + finished.orderRequestId()), "Authorization",
                HttpCalls.basic("audrey", PASSWORD)).body();
        assertThat(timeline).contains("KYC data erased", "admin", reason);
    }

    /**
     * Back office enters the KYC data as Tasklist submits it, Reltio finds three candidates, back office picks the
     * second and the order is released: the KYC data is in the validation, Reltio's answer and the process history.
     */
    private Placed finishedWithKyc(Kyc data) {
        Placed order = place(ANNA, CAPITAL_EQUIPMENT);
        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, task(order.validation(), Elements.REQUEST_CUSTOMER_DETAILS),
                Map.of(Variables.DETAILS_CHANNEL, "enter"));
        HttpResponse<String> submitted = submitOverRest(BACKOFFICE_USER, task(order.validation(), Elements.SUBMIT_KYC_DATA),
                data.form());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(204);
        runJob(order.validation(), Elements.REQUEST_VALIDATION);
        String requestId = order.requestId(1);
        assertThat(sendCallback(potentialMatches(requestId, "entities/pm-" + order.orderRequestId())).statusCode())
                .isEqualTo(202);
        deliverUntil(requestId, ReltioCallback.Status.CORRELATED);
        driver.drain(order.orderInstanceId());
        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, task(order.validation(), Elements.RESOLVE_CUSTOMER_MATCH),
                Map.of(Variables.CHOSEN_MASTER, "2"));
        driver.drain(order.orderInstanceId());
        assertThat(order.validation()).isEnded();
        assertThat(orders.get(order.orderRequestId()).getState()).isEqualTo(OrderState.RELEASED);
        return order;
    }

    /**
     * Where any of the KYC values (or Reltio's candidate names) can still be read: the validation, Reltio's answers,
     * the process's variables and their history (every update, and what was submitted through forms).
     */
    private List<String> personalDataIn(Placed order, Kyc data) {
        List<String> values = List.of(data.legalName(), data.taxId(), data.licenceNumber(), data.addressLine1(),
                data.postalCode(), "Klinikverbund München");
        List<String> found = new ArrayList<>();
        CustomerValidation validation = validations.get(order.orderRequestId());
        String row = String.join("|", String.valueOf(validation.kycData()), String.valueOf(validation.getCandidates()),
                String.valueOf(validation.getIssues()));
        callbacks.findByRequestId(order.requestId(1)).ifPresent(callback -> check("reltio_callback", callback.getBody(),
                values, found));
        check("customer_validation", row, values, found);
        for (String instance : List.of(order.orderInstanceId(), order.validation().getId())) {
            historyService.createHistoricVariableInstanceQuery().processInstanceId(instance).includeDeleted().list()
                    .forEach(variable -> check("variable " + variable.getName(), String.valueOf(variable.getValue()),
                            values, found));
            historyService.createHistoricDetailQuery().processInstanceId(instance).list().forEach(detail -> check(
                    "detail " + detail.getId(), detail instanceof HistoricVariableUpdate update
                            ? update.getVariableName() + "=" + update.getValue()
                            : detail instanceof HistoricFormField field ? field.getFieldId() + "=" + field.getFieldValue()
                            : String.valueOf(detail), values, found));
        }
        return found;
    }

    private static void check(String where, String text, List<String> values, List<String> found) {
        values.stream().filter(value -> text != null && text.contains(value))
                .forEach(value -> found.add(where + " holds " + value));
    }

    // --- commerce refusing the customer master link -------------------------------------------------------------

    @Test
    void linkRefusedByCommerceGoesToBackOfficeWhoLinkAgainAndTheOrderIsReleased() {
        Placed order = untilLinkRefused();
        ProcessInstance pi = order.validation();

        assertThat(pi).isWaitingAt(Elements.RESOLVE_LINK_REFUSAL);
        assertThat(validations.get(order.orderRequestId()).getState()).isEqualTo(ValidationState.LINK_REFUSED);
        Task resolve = task(pi, Elements.RESOLVE_LINK_REFUSAL);
        assertThat(candidateGroups(resolve)).containsExactly(Groups.BACKOFFICE);
        assertThat(localText(resolve, Variables.REFUSAL_SUMMARY)).contains("Refused call: link", "409");

        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, resolve, refusalForm("retry", ""));
        driver.drain(order.orderInstanceId());

        assertThat(pi).hasPassedInOrder(Elements.RESOLVE_LINK_REFUSAL, Elements.LINK_REFUSAL_RESOLUTION,
                Elements.RECORD_LINK_RETRIED, Elements.MASTER_RECORD_KNOWN, Elements.LINK_CUSTOMER,
                Elements.RECORD_CUSTOMER_LINKED, Elements.CUSTOMER_APPROVED).isEnded();
        assertThat(commerceOrder(order).path("masterId").asText()).isEqualTo("entities/link-" + order.orderRequestId());
        assertThat(orders.get(order.orderRequestId()).getState()).isEqualTo(OrderState.RELEASED);
    }

    @Test
    void linkRefusedByCommerceAndGivenUpRejectsTheValidationAndCancelsTheOrderWithTheReason() {
        Placed order = untilLinkRefused();
        ProcessInstance pi = order.validation();
        Task resolve = task(pi, Elements.RESOLVE_LINK_REFUSAL);

        HttpResponse<String> noReason = submitOverRest(BACKOFFICE_USER, resolve, refusalForm("giveUp", ""));
        assertThat(noReason.statusCode()).as(noReason.body()).isEqualTo(400);
        assertThat(pi).isWaitingAt(Elements.RESOLVE_LINK_REFUSAL);

        String reason = "Customer record blocked in commerce";
        HttpResponse<String> gaveUp = submitOverRest(BACKOFFICE_USER, resolve, refusalForm("giveUp", reason));
        assertThat(gaveUp.statusCode()).as(gaveUp.body()).isEqualTo(204);
        driver.drain(order.orderInstanceId());

        assertThat(pi).hasPassedInOrder(Elements.RESOLVE_LINK_REFUSAL, Elements.LINK_REFUSAL_RESOLUTION,
                Elements.RECORD_LINK_GIVEN_UP, Elements.VALIDATION_REJECTED, Elements.REJECT_VALIDATION,
                Elements.CUSTOMER_REJECTED).hasNotPassed(Elements.RECORD_CUSTOMER_LINKED).isEnded();
        assertThat(validations.get(order.orderRequestId()).getState()).isEqualTo(ValidationState.REJECTED);
        assertThat(orders.get(order.orderRequestId()).getState()).isEqualTo(OrderState.CANCELLED);
        assertThat(orders.get(order.orderRequestId()).getDecisionReason()).isEqualTo(reason);
        assertThat(commerceOrder(order).path("status").asText()).isEqualTo("CANCELLED");
    }

    /** A matched validation whose link to the master record commerce refuses once. */
    private Placed untilLinkRefused() {
        Placed order = untilAwaitingResult(ANNA, kyc(taxId('0'), "Bavaria"));
        HttpResponse<String> planned = HttpCalls.postJson(url("/sandbox/commerce/failures"), "{\"idempotencyKey\":\""
                + order.orderRequestId() + "\",\"times\":1,\"mode\":\"refuse\",\"action\":\"customer-master\"}",
                "Authorization", HttpCalls.basic("sara", PASSWORD));
        assertThat(planned.statusCode()).as(planned.body()).isEqualTo(201);
        String requestId = order.requestId(1);
        assertThat(sendCallback(match(requestId, "entities/link-" + order.orderRequestId())).statusCode()).isEqualTo(202);
        deliverUntil(requestId, ReltioCallback.Status.CORRELATED);
        driver.drain(order.orderInstanceId());
        assertThat(order.validation()).hasPassed(Elements.LINK_CUSTOMER, Elements.COMMERCE_REFUSED_LINK,
                Elements.RECORD_LINK_REFUSED).hasNotPassed(Elements.RECORD_CUSTOMER_LINKED);
        return order;
    }

    private static Map<String, Object> refusalForm(String resolution, String reason) {
        return Map.of(Variables.REFUSAL_RESOLUTION, resolution, Variables.REFUSAL_REASON, reason);
    }

    @Test
    void aRegionCommerceSpellsAsNoneOfTheCountrysIsShownAsCommercesAndRefusedUntilCorrected() {
        Placed order = place(NOAH_AT_LAKEVIEW, CAPITAL_EQUIPMENT);
        ProcessInstance pi = order.validation();
        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, task(pi, Elements.REQUEST_CUSTOMER_DETAILS),
                Map.of(Variables.DETAILS_CHANNEL, "enter"));
        Task submit = task(pi, Elements.SUBMIT_KYC_DATA);
        assertThat(formValue(submit, "region")).isEqualTo("Lakeview County");
        assertThat(validations.get(order.orderRequestId()).getRegionCode()).isNull();
        assertThat(localText(submit, Variables.VALIDATION_SUMMARY)).contains("Commerce gives the region of B2B unit "
                + "US-LAKEVIEW as 'Lakeview County', which is no region of US");

        Kyc asCommerceHasIt = new Kyc("Lakeview Clinic", taxId('0'), "IL-MED-77", "200 Lakeview Drive", "Lakeview",
                "60601", "Lakeview County", "US");
        HttpResponse<String> refused = submitOverRest(BACKOFFICE_USER, submit, asCommerceHasIt.form());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("'Lakeview County'");
        assertThat(jobsAt(pi, Elements.REQUEST_VALIDATION)).as("nothing for Reltio yet").isEmpty();

        HttpResponse<String> corrected = submitOverRest(BACKOFFICE_USER, submit,
                asCommerceHasIt.withRegion("Illinois").form());
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(204);
        assertThat(validations.get(order.orderRequestId()).getRegionCode()).isEqualTo("US-IL");
    }

    @Test
    void unknownRegionRefusesTheKycSubmissionOverTheEngineRestAndNothingGoesToReltio() {
        Placed order = place(ANNA, CAPITAL_EQUIPMENT);
        ProcessInstance pi = order.validation();
        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, task(pi, Elements.REQUEST_CUSTOMER_DETAILS),
                Map.of(Variables.DETAILS_CHANNEL, "enter"));
        Task submit = task(pi, Elements.SUBMIT_KYC_DATA);

        HttpResponse<String> refused = submitOverRest(BACKOFFICE_USER, submit, kyc(taxId('0'), "Atlantis").form());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("'Atlantis'");
        assertThat(pi).isWaitingAt(Elements.SUBMIT_KYC_DATA).hasNotPassed(Elements.SUBMIT_KYC_DATA);
        assertThat(task(pi, Elements.SUBMIT_KYC_DATA).getId()).as("the same task stays open").isEqualTo(submit.getId());
        assertThat(jobsAt(pi, Elements.REQUEST_VALIDATION)).isEmpty();
        CustomerValidation validation = validations.get(order.orderRequestId());
        assertThat(validation.getState()).isEqualTo(ValidationState.COLLECTING_DETAILS);
        assertThat(validation.kycData().legalName()).isNull();
        assertThat(validation.getRegionCode()).as("still the one of commerce's address").isEqualTo("DE-BY");
        assertThat(validation.getRequestCount()).isZero();
        assertThat(validation.getRequestId()).isNull();
    }

    // --- KYC from the buyer -----------------------------------------------------------------------------------

    @Test
    void buyerEntersTheDetailsOnTheEmailedPageInGermanAndBackOfficeSeesThemInTheKycTask() {
        Placed order = place(ANNA, CAPITAL_EQUIPMENT);
        ProcessInstance pi = order.validation();
        String orderCode = commerceCode(order);

        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, task(pi, Elements.REQUEST_CUSTOMER_DETAILS),
                Map.of(Variables.DETAILS_CHANNEL, "email"));

        assertThat(pi).hasPassed(Elements.DETAILS_CHANNEL, Elements.SEND_DETAILS_REQUEST)
                .isWaitingAt(Elements.CUSTOMER_DETAILS_SUBMITTED);
        SandboxMailServer.Mail mail = singleMailTo(ANNA, orderCode);
        assertThat(mail.locale()).isEqualTo("de");
        assertThat(mail.subject()).isEqualTo("Ihre Bestellung " + orderCode + ": Bitte bestätigen Sie Ihre Kundendaten");
        String link = mail.links().stream().filter(href -> href.contains("/d/")).collect(single());
        assertThat(link).startsWith(url("/d/"));

        Browser buyer = new Browser();
        HttpResponse<String> page = buyer.get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("lang=\"de\"", "Kundendaten zur Bestellung " + orderCode, "Bundesland / Region");
        // the form starts from the address commerce keeps for the unit, its region as its ISO code
        assertThat(page.body()).contains("value=\"Ismaninger Straße 22\"", "value=\"DE-BY\"");

        String token = link.substring(link.indexOf("/d/") + 3);
        // the first character of the signature: all six of its bits count (the last one's lowest bits do not)
        int signature = token.indexOf('.') + 1;
        String tampered = url("/d/" + token.substring(0, signature) + (token.charAt(signature) == 'A' ? 'B' : 'A')
                + token.substring(signature + 1));
        assertThat(buyer.get(tampered).statusCode()).isEqualTo(404);

        Kyc details = kyc(taxId('0'), "Atlantis");
        HttpResponse<String> refused = buyer.post(link, details, csrf(page));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Die Region „Atlantis“ ist uns nicht bekannt",
                "value=\"" + details.legalName() + "\"");
        assertThat(buyer.post(tampered, details.withRegion("Bayern"), csrf(refused)).statusCode()).isEqualTo(404);
        CustomerValidation untouched = validations.get(order.orderRequestId());
        assertThat(untouched.getState()).isEqualTo(ValidationState.COLLECTING_DETAILS);
        assertThat(untouched.kycData().legalName()).isNull();
        assertThat(untouched.getRegionCode()).as("still the one of commerce's address").isEqualTo("DE-BY");
        assertThat(pi).isWaitingAt(Elements.CUSTOMER_DETAILS_SUBMITTED).hasNotPassed(Elements.CUSTOMER_DETAILS_SUBMITTED);

        HttpResponse<String> accepted = buyer.post(link, details.withRegion("Bayern"), csrf(refused));

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).contains("Vielen Dank");
        CustomerValidation stored = validations.get(order.orderRequestId());
        assertThat(stored.getDetailsSource()).isEqualTo("buyer");
        assertThat(stored.getRegionCode()).isEqualTo("DE-BY");
        driver.drain(order.orderInstanceId());
        assertThat(pi).hasPassedInOrder(Elements.SEND_DETAILS_REQUEST, Elements.CUSTOMER_DETAILS_SUBMITTED,
                Elements.DETAILS_AVAILABLE).hasNotPassed(Elements.DETAILS_REMINDER, Elements.DETAILS_TIMEOUT)
                .isWaitingAt(Elements.SUBMIT_KYC_DATA);
        Task submit = task(pi, Elements.SUBMIT_KYC_DATA);
        assertThat(formValue(submit, "legalName")).isEqualTo(details.legalName());
        assertThat(formValue(submit, "taxId")).isEqualTo(details.taxId());
        assertThat(formValue(submit, "region")).isEqualTo("Bayern");
        assertThat(localText(submit, Variables.VALIDATION_SUMMARY)).contains("KYC data (buyer)", "DE-BY");

        // back office confirms what the buyer sent; the request goes out (no validation is left "about to request")
        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, submit, details.withRegion("Bayern").form());
        driver.drain(order.orderInstanceId());
        assertThat(pi).isWaitingAt(Elements.VALIDATION_COMPLETED);
        assertThat(validations.get(order.orderRequestId()).getRequestId()).isEqualTo(order.requestId(1));

        // the link still opens, but the details are no longer collected: a resubmission is refused and changes nothing
        HttpResponse<String> reopened = buyer.get(link);
        HttpResponse<String> resubmitted = buyer.post(link, kyc(taxId('3'), "Hessen"), csrf(page));

        assertThat(reopened.statusCode()).isEqualTo(200);
        assertThat(reopened.body()).contains("nicht mehr benötigt").doesNotContain("name=\"legalName\"");
        assertThat(resubmitted.statusCode()).isEqualTo(409);
        assertThat(resubmitted.body()).contains("nicht mehr benötigt");
        CustomerValidation after = validations.get(order.orderRequestId());
        assertThat(after.kycData().taxId()).isEqualTo(details.taxId());
        assertThat(after.getRegionCode()).isEqualTo("DE-BY");
        assertThat(after.getState()).isEqualTo(ValidationState.AWAITING_RESULT);
    }

    @Test
    void silentBuyerIsRemindedOnceThenBackOfficeFollowsUpAndEntersTheDetails() {
        Instant asked = clock.instant();
        Placed order = place(ANNA, CAPITAL_EQUIPMENT);
        ProcessInstance pi = order.validation();
        String orderCode = commerceCode(order);
        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, task(pi, Elements.REQUEST_CUSTOMER_DETAILS),
                Map.of(Variables.DETAILS_CHANNEL, "email"));
        assertThat(singleMailTo(ANNA, orderCode).subject()).contains("Bitte bestätigen Sie Ihre Kundendaten");
        assertThat(timerDue(pi, Elements.DETAILS_REMINDER)).isEqualTo(asked.plus(Duration.ofDays(3)));
        assertThat(timerDue(pi, Elements.DETAILS_TIMEOUT)).isEqualTo(asked.plus(Duration.ofDays(7)));

        moveClockTo(asked.plus(Duration.ofDays(3)).minusSeconds(1));
        driver.drain(order.orderInstanceId());
        assertThat(pi).hasNotPassed(Elements.DETAILS_REMINDER);

        moveClockTo(asked.plus(Duration.ofDays(3)));
        driver.drain(order.orderInstanceId());

        assertThat(pi).hasPassedInOrder(Elements.DETAILS_REMINDER, Elements.REMIND_BUYER_OF_DETAILS,
                Elements.DETAILS_REMINDER_SENT).hasNotPassed(Elements.DETAILS_TIMEOUT)
                .isWaitingAt(Elements.CUSTOMER_DETAILS_SUBMITTED);
        SandboxMailServer.Mail reminder = singleMailTo(ANNA, orderCode);
        assertThat(reminder.subject()).isEqualTo("Erinnerung: Kundendaten für Ihre Bestellung " + orderCode + " fehlen noch");
        assertThat(reminder.links()).anySatisfy(href -> assertThat(href).startsWith(url("/d/")));

        moveClockTo(asked.plus(Duration.ofDays(7)));
        driver.drain(order.orderInstanceId());

        assertThat(pi).hasPassed(Elements.DETAILS_TIMEOUT).isWaitingAt(Elements.FOLLOW_UP_CUSTOMER_DETAILS);
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(pi.getId())
                .activityId(Elements.CUSTOMER_DETAILS_SUBMITTED).canceled().count()).as("the wait was given up").isEqualTo(1);
        assertThat(historicCount(pi, Elements.REMIND_BUYER_OF_DETAILS)).as("one reminder").isEqualTo(1);
        Task followUp = task(pi, Elements.FOLLOW_UP_CUSTOMER_DETAILS);
        assertThat(candidateGroups(followUp)).containsExactly(Groups.BACKOFFICE);
        assertThat(localText(followUp, Variables.VALIDATION_SUMMARY)).contains(orderCode);

        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, followUp, followUpForm("enter", "Details received by phone"));

        assertThat(pi).hasPassedInOrder(Elements.FOLLOW_UP_CUSTOMER_DETAILS, Elements.FOLLOW_UP_OUTCOME,
                Elements.DETAILS_AVAILABLE).isWaitingAt(Elements.SUBMIT_KYC_DATA);
        assertThat(validations.get(order.orderRequestId()).getState()).isEqualTo(ValidationState.COLLECTING_DETAILS);
    }

    @Test
    void unreachableBuyerIsRejectedByBackOfficeWithAReason() {
        Instant asked = clock.instant();
        Placed order = place(ANNA, CAPITAL_EQUIPMENT);
        ProcessInstance pi = order.validation();
        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, task(pi, Elements.REQUEST_CUSTOMER_DETAILS),
                Map.of(Variables.DETAILS_CHANNEL, "email"));
        moveClockTo(asked.plus(Duration.ofDays(3)));
        driver.drain(order.orderInstanceId());
        moveClockTo(asked.plus(Duration.ofDays(7)));
        driver.drain(order.orderInstanceId());
        String reason = "Buyer did not answer mails or calls for a week";

        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, task(pi, Elements.FOLLOW_UP_CUSTOMER_DETAILS),
                followUpForm("reject", reason));
        driver.drain(order.orderInstanceId());

        assertThat(pi).hasPassedInOrder(Elements.FOLLOW_UP_OUTCOME, Elements.VALIDATION_REJECTED,
                Elements.REJECT_VALIDATION, Elements.CUSTOMER_REJECTED).hasNotPassed(Elements.SUBMIT_KYC_DATA).isEnded();
        CustomerValidation validation = validations.get(order.orderRequestId());
        assertThat(validation.getState()).isEqualTo(ValidationState.REJECTED);
        assertThat(validation.getDecisionReason()).isEqualTo(reason);
        assertThat(orders.get(order.orderRequestId()).getState()).isEqualTo(OrderState.CANCELLED);
        assertThat(commerceOrder(order).path("status").asText()).isEqualTo("CANCELLED");
    }

    // --- the callback: early, twice ------------------------------------------------------------------------------

    @Test
    void resultForAWaitingProcessHasReachedItWhenTheCallbackIsAnswered() {
        Placed order = untilAwaitingResult(ANNA, kyc(taxId('0'), "Bavaria"));
        ProcessInstance pi = order.validation();
        String requestId = order.requestId(1);

        HttpResponse<String> answer = sendCallback(match(requestId, "entities/at-once-" + order.orderRequestId()));

        // no pass of the inbox's worker: the request that brought the result delivered it
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(inboxRow(requestId).getStatus()).isEqualTo(ReltioCallback.Status.CORRELATED);
        assertThat(inboxRow(requestId).getAttempts()).isEqualTo(1);
        assertThat(pi).hasPassed(Elements.VALIDATION_COMPLETED);
        assertThat(validations.get(order.orderRequestId()).getResultStatus()).isEqualTo("MATCH");
        inbox.deliverDue();
        assertThat(historicCount(pi, Elements.VALIDATION_COMPLETED)).as("correlated once").isEqualTo(1);
    }

    @Test
    void callbackArrivingBeforeTheProcessWaitsIsKeptAndLandsExactlyOnceWhenItWaits() {
        Placed order = untilKycSubmitted(ANNA, kyc(taxId('0'), "Bavaria"));
        ProcessInstance pi = order.validation();
        String requestId = order.requestId(1);
        String master = "entities/early-" + order.orderRequestId();

        HttpResponse<String> early = sendCallback(match(requestId, master));

        assertThat(early.statusCode()).as(early.body()).isEqualTo(202);
        assertThat(early.body()).contains("ACCEPTED");
        assertThat(inboxRow(requestId).getAttempts()).as("stored for the worker, the attempt at once undone").isZero();
        inbox.deliverDue();
        ReltioCallback kept = inboxRow(requestId);
        assertThat(kept.getAttempts()).isEqualTo(1);
        assertThat(kept.getStatus()).isEqualTo(ReltioCallback.Status.RECEIVED);
        assertThat(kept.getLastError()).contains("No validation has request id " + requestId);
        assertThat(pi).hasNotPassed(Elements.REQUEST_VALIDATION, Elements.VALIDATION_COMPLETED);
        assertThat(validations.get(order.orderRequestId()).getResultStatus()).isNull();

        runJob(pi, Elements.REQUEST_VALIDATION);
        assertThat(validations.get(order.orderRequestId()).getRequestId()).isEqualTo(requestId);
        deliverUntil(requestId, ReltioCallback.Status.CORRELATED);
        moveClockPastBackoff(requestId);
        inbox.deliverDue();

        assertThat(historicCount(pi, Elements.VALIDATION_COMPLETED)).as("correlated once").isEqualTo(1);
        assertThat(inboxRow(requestId).getStatus()).isEqualTo(ReltioCallback.Status.CORRELATED);
        assertThat(inboxRow(requestId).getCorrelatedAt()).isNotNull();
        driver.drain(order.orderInstanceId());
        assertThat(pi).hasPassed(Elements.LINK_CUSTOMER, Elements.CUSTOMER_APPROVED).isEnded();
        assertThat(historicCount(pi, Elements.VALIDATION_COMPLETED)).isEqualTo(1);
        assertThat(commerceOrder(order).path("masterId").asText()).isEqualTo(master);
        assertThat(orders.get(order.orderRequestId()).getState()).isEqualTo(OrderState.RELEASED);
    }

    @Test
    void duplicateCallbackIsAnsweredOkAndNeverCorrelatedASecondTime() {
        Placed order = untilAwaitingResult(ANNA, kyc(taxId('0'), "Bavaria"));
        ProcessInstance pi = order.validation();
        String requestId = order.requestId(1);
        String result = match(requestId, "entities/dup-" + order.orderRequestId());

        HttpResponse<String> first = sendCallback(result);
        HttpResponse<String> again = sendCallback(result);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("DUPLICATE");
        deliverUntil(requestId, ReltioCallback.Status.CORRELATED);
        HttpResponse<String> afterLanding = sendCallback(result);
        assertThat(afterLanding.statusCode()).isEqualTo(200);
        moveClockPastBackoff(requestId);
        inbox.deliverDue();
        driver.drain(order.orderInstanceId());

        assertThat(historicCount(pi, Elements.VALIDATION_COMPLETED)).as("correlated once").isEqualTo(1);
        assertThat(historicCount(pi, Elements.LINK_CUSTOMER)).isEqualTo(1);
        assertThat(pi).hasPassed(Elements.CUSTOMER_APPROVED).isEnded();
        assertThat(callbacks.findAll()).filteredOn(row -> row.getRequestId().equals(requestId)).hasSize(1);
    }

    @Test
    void callbackWhoseValidationChangedDuringDeliveryIsReleasedForRetryAndLandsOnce() {
        Placed order = untilAwaitingResult(ANNA, kyc(taxId('0'), "Bavaria"));
        ProcessInstance pi = order.validation();
        String requestId = order.requestId(1);
        String master = "entities/raced-" + order.orderRequestId();
        CallbackInbox racing = inboxWhoseValidationChangesDuringTheFirstDelivery(order.orderRequestId());
        assertThat(racing.store(requestId, match(requestId, master), clock.instant()))
                .isEqualTo(CallbackInbox.Stored.ACCEPTED);
        long callbackId = inboxRow(requestId).getId();

        assertThat(racing.deliver(callbackId)).as("the first attempt loses the race").isFalse();

        ReltioCallback released = inboxRow(requestId);
        assertThat(released.getStatus()).isEqualTo(ReltioCallback.Status.RECEIVED);
        assertThat(released.getAttempts()).isEqualTo(1);
        assertThat(released.getNextAttemptAt()).isEqualTo(clock.instant().plus(inbox.backoff(1)));
        assertThat(released.getLastError()).contains(CustomerValidation.class.getName());
        assertThat(pi).isWaitingAt(Elements.VALIDATION_COMPLETED);
        assertThat(validations.get(order.orderRequestId()).getResultStatus()).as("undone with the correlation").isNull();

        // the next attempt comes long before the first attempt's one-minute lease would have run out
        moveClockTo(released.getNextAttemptAt());
        assertThat(racing.deliver(callbackId)).as("the next attempt").isTrue();
        assertThat(racing.deliver(callbackId)).as("landed already").isFalse();
        driver.drain(order.orderInstanceId());

        assertThat(inboxRow(requestId).getStatus()).isEqualTo(ReltioCallback.Status.CORRELATED);
        assertThat(inboxRow(requestId).getAttempts()).isEqualTo(2);
        assertThat(historicCount(pi, Elements.VALIDATION_COMPLETED)).as("correlated once").isEqualTo(1);
        assertThat(pi).hasPassed(Elements.LINK_CUSTOMER, Elements.CUSTOMER_APPROVED).isEnded();
        assertThat(validations.get(order.orderRequestId()).getResultStatus()).isEqualTo("MATCH");
        assertThat(commerceOrder(order).path("masterId").asText()).isEqualTo(master);
    }

    @Test
    void resultWhoseValidationChangesWhileItIsDeliveredAtOnceIsStoredForTheWorkerAndLandsOnce() {
        Placed order = untilAwaitingResult(ANNA, kyc(taxId('0'), "Bavaria"));
        ProcessInstance pi = order.validation();
        String requestId = order.requestId(1);
        String master = "entities/raced-at-once-" + order.orderRequestId();
        CallbackInbox racing = inboxWhoseValidationChangesDuringTheFirstDelivery(order.orderRequestId());

        assertThat(racing.receive(requestId, match(requestId, master), clock.instant()))
                .isEqualTo(CallbackInbox.Stored.ACCEPTED);

        // the callback's row was undone with the correlation, and stored again for the worker
        ReltioCallback stored = inboxRow(requestId);
        assertThat(stored.getStatus()).isEqualTo(ReltioCallback.Status.RECEIVED);
        assertThat(stored.getAttempts()).isZero();
        assertThat(stored.getCorrelatedAt()).isNull();
        assertThat(pi).isWaitingAt(Elements.VALIDATION_COMPLETED);
        assertThat(validations.get(order.orderRequestId()).getResultStatus()).as("undone with the correlation").isNull();

        assertThat(racing.deliver(stored.getId())).as("the worker's attempt").isTrue();
        driver.drain(order.orderInstanceId());

        assertThat(inboxRow(requestId).getStatus()).isEqualTo(ReltioCallback.Status.CORRELATED);
        assertThat(historicCount(pi, Elements.VALIDATION_COMPLETED)).as("correlated once").isEqualTo(1);
        assertThat(pi).hasPassed(Elements.LINK_CUSTOMER, Elements.CUSTOMER_APPROVED).isEnded();
        assertThat(commerceOrder(order).path("masterId").asText()).isEqualTo(master);
    }

    @Test
    void copiesOfAResultSentAtOnceAreStoredAndCorrelatedOnce() throws Exception {
        Placed order = untilAwaitingResult(ANNA, kyc(taxId('0'), "Bavaria"));
        ProcessInstance pi = order.validation();
        String requestId = order.requestId(1);
        String result = match(requestId, "entities/copies-" + order.orderRequestId());
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<HttpResponse<String>>> sending = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sending.add(senders.submit(() -> sendCallback(result)));
            }
            for (Future<HttpResponse<String>> response : sending) {
                statuses.add(response.get(30, TimeUnit.SECONDS).statusCode());
            }
        } finally {
            senders.shutdownNow();
        }

        // one copy is taken; the others are duplicates, or (a copy that waited too long on the first one's lock) 503
        // for Reltio to send them again, which makes them duplicates then
        assertThat(statuses).containsOnlyOnce(202).allSatisfy(status -> assertThat(status).isIn(200, 202, 503));
        assertThat(sendCallback(result).statusCode()).isEqualTo(200);
        assertThat(callbacks.findAll()).filteredOn(row -> row.getRequestId().equals(requestId)).hasSize(1);
        deliverUntil(requestId, ReltioCallback.Status.CORRELATED);
        driver.drain(order.orderInstanceId());
        assertThat(historicCount(pi, Elements.VALIDATION_COMPLETED)).as("correlated once").isEqualTo(1);
        assertThat(pi).hasPassed(Elements.CUSTOMER_APPROVED).isEnded();
    }

    @Test
    void unknownRequestIdIsAcceptedWhileARequestIsRecentlyInFlightAnd404OnceItIsStuckLongerThanTheWindow() {
        // the job sending the request is not run: as if it stood in an incident
        Placed order = readyToRequest(ANNA, kyc(taxId('0'), "Bavaria"));
        Instant ready = validations.get(order.orderRequestId()).getUpdatedAt();
        String overtaking = "RLT-OVERTAKING-" + UUID.randomUUID();
        String forged = "RLT-FORGED-" + UUID.randomUUID();

        moveClockTo(ready.plus(UNKNOWN_AFTER));
        HttpResponse<String> withinTheWindow = sendCallback(match(overtaking, "entities/overtaking"));

        assertThat(withinTheWindow.statusCode()).as(withinTheWindow.body()).isEqualTo(202);
        assertThat(inboxRow(overtaking).getStatus()).isEqualTo(ReltioCallback.Status.RECEIVED);

        moveClockTo(ready.plus(UNKNOWN_AFTER).plusSeconds(1));
        HttpResponse<String> stuck = sendCallback(match(forged, "entities/forged"));

        assertThat(stuck.statusCode()).as(stuck.body()).isEqualTo(404);
        assertThat(stuck.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(stuck.body()).contains("unknown-request-id", "\"field\":\"requestId\"");
        assertThat(inboxRow(forged).getStatus()).as("kept for inspection").isEqualTo(ReltioCallback.Status.UNKNOWN);
        assertThat(validations.get(order.orderRequestId()).getState()).isEqualTo(ValidationState.READY_TO_REQUEST);

        // the request goes out after all (no validation is left "about to request")
        runJob(order.validation(), Elements.REQUEST_VALIDATION);
        assertThat(order.validation()).isWaitingAt(Elements.VALIDATION_COMPLETED);
    }

    // --- what Reltio answers --------------------------------------------------------------------------------------

    @Test
    void potentialMatchesAreShownWithScoresAndTheChosenCandidateIsLinked() {
        Placed order = untilAwaitingResult(ANNA, kyc(taxId('1'), "Bavaria"));
        ProcessInstance pi = order.validation();
        String entity = "entities/pm-" + order.orderRequestId();

        assertThat(sendCallback(potentialMatches(order.requestId(1), entity)).statusCode()).isEqualTo(202);
        deliverUntil(order.requestId(1), ReltioCallback.Status.CORRELATED);
        driver.drain(order.orderInstanceId());

        assertThat(pi).hasPassed(Elements.VALIDATION_RESULT).isWaitingAt(Elements.RESOLVE_CUSTOMER_MATCH);
        Task resolve = task(pi, Elements.RESOLVE_CUSTOMER_MATCH);
        assertThat(candidateGroups(resolve)).containsExactly(Groups.BACKOFFICE);
        assertThat(localText(resolve, Variables.MATCH_CANDIDATES)).contains(
                "Universitätsklinikum Nord — score 0.92 (" + entity + "-a)",
                "Universitätsklinikum Nord GmbH — score 0.81 (" + entity + "-b)",
                "Klinikverbund München — score 0.64 (" + entity + "-c)");
        assertThat(localText(resolve, Variables.MATCH_OPTIONS)).as("the choices Tasklist offers, by name")
                .isEqualTo("[{\"label\":\"Universitätsklinikum Nord — score 0.92\",\"value\":\"1\"},"
                        + "{\"label\":\"Universitätsklinikum Nord GmbH — score 0.81\",\"value\":\"2\"},"
                        + "{\"label\":\"Klinikverbund München — score 0.64\",\"value\":\"3\"},"
                        + "{\"label\":\"None of these: create a new customer record\",\"value\":\"new\"}]");
        assertThat(resolve.getName()).isEqualTo("Resolve customer match · "
                + orders.get(order.orderRequestId()).getCommerceOrderCode() + " · Dr. Anna Schmidt (DE-MVZ-NORD) · "
                + Formats.money(orders.get(order.orderRequestId()).value(), "EUR", Locale.GERMANY));

        // the second by score
        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, resolve, Map.of(Variables.CHOSEN_MASTER, "2"));
        driver.drain(order.orderInstanceId());

        assertThat(pi).hasPassedInOrder(Elements.RESOLVE_CUSTOMER_MATCH, Elements.MASTER_RECORD_KNOWN,
                Elements.LINK_CUSTOMER, Elements.CUSTOMER_APPROVED).isEnded();
        assertThat(validations.get(order.orderRequestId()).getMasterId()).isEqualTo(entity + "-b");
        assertThat(commerceOrder(order).path("masterId").asText()).isEqualTo(entity + "-b");
        assertThat(orders.get(order.orderRequestId()).getState()).isEqualTo(OrderState.RELEASED);
    }

    @Test
    void potentialMatchesNoneOfWhichFitsLinkTheNewRecordReltioCreated() {
        Placed order = untilAwaitingResult(ANNA, kyc(taxId('1'), "Bavaria"));
        ProcessInstance pi = order.validation();
        String entity = "entities/pm-" + order.orderRequestId();
        sendCallback(potentialMatches(order.requestId(1), entity));
        deliverUntil(order.requestId(1), ReltioCallback.Status.CORRELATED);
        driver.drain(order.orderInstanceId());

        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, task(pi, Elements.RESOLVE_CUSTOMER_MATCH),
                Map.of(Variables.CHOSEN_MASTER, "new"));
        driver.drain(order.orderInstanceId());

        assertThat(pi).hasPassed(Elements.LINK_CUSTOMER, Elements.CUSTOMER_APPROVED).isEnded();
        assertThat(validations.get(order.orderRequestId()).getMasterId()).isEqualTo(entity + "-new");
        assertThat(commerceOrder(order).path("masterId").asText()).isEqualTo(entity + "-new");
    }

    @Test
    void invalidDataIsFixedKeepingWhatWasEnteredAndResubmittedAsANewRequestThatMatches() {
        Kyc entered = kyc(taxId('2'), "Bavaria");
        Placed order = untilAwaitingResult(ANNA, entered);
        ProcessInstance pi = order.validation();

        sendCallback(invalid(order.requestId(1)));
        deliverUntil(order.requestId(1), ReltioCallback.Status.CORRELATED);
        driver.drain(order.orderInstanceId());

        assertThat(pi).hasPassed(Elements.VALIDATION_RESULT).isWaitingAt(Elements.REVIEW_VALIDATION_FAILURE);
        Task review = task(pi, Elements.REVIEW_VALIDATION_FAILURE);
        assertThat(local(review, Variables.VALIDATION_ISSUES)).isEqualTo(
                "address.region: The region does not match the postal code (REGION_MISMATCH)");

        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, review, failureForm("fix", ""));

        assertThat(pi).hasPassedInOrder(Elements.REVIEW_VALIDATION_FAILURE, Elements.FAILURE_DECISION,
                Elements.DETAILS_AVAILABLE).isWaitingAt(Elements.SUBMIT_KYC_DATA);
        Task fix = task(pi, Elements.SUBMIT_KYC_DATA);
        entered.form().forEach((field, value) -> assertThat(formValue(fix, field)).as(field).isEqualTo(value));
        assertThat(localText(fix, Variables.VALIDATION_ISSUES)).contains("address.region");

        Kyc corrected = entered.withTaxId(taxId('0')).withRegion("BY");
        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, fix, corrected.form());
        driver.drain(order.orderInstanceId());

        String second = order.requestId(2);
        assertThat(pi).isWaitingAt(Elements.VALIDATION_COMPLETED);
        assertThat(historicCount(pi, Elements.REQUEST_VALIDATION)).isEqualTo(2);
        assertThat(runtimeService.getVariable(pi.getId(), Variables.VALIDATION_REQUEST_ID)).isEqualTo(second);
        CustomerValidation resubmitted = validations.get(order.orderRequestId());
        assertThat(resubmitted.getRequestCount()).isEqualTo(2);
        assertThat(resubmitted.getRequestId()).isEqualTo(second);
        assertThat(resubmitted.kycData().taxId()).isEqualTo(corrected.taxId());
        assertThat(resubmitted.getRegionCode()).isEqualTo("DE-BY");
        assertThat(runtimeService.getVariables(pi.getId())).as("KYC data stays in the application's tables")
                .doesNotContainKeys(corrected.form().keySet().toArray(String[]::new));

        String master = "entities/fixed-" + order.orderRequestId();
        assertThat(sendCallback(match(second, master)).statusCode()).isEqualTo(202);
        deliverUntil(second, ReltioCallback.Status.CORRELATED);
        driver.drain(order.orderInstanceId());

        assertThat(pi).hasPassed(Elements.LINK_CUSTOMER, Elements.CUSTOMER_APPROVED).isEnded();
        assertThat(commerceOrder(order).path("masterId").asText()).isEqualTo(master);
        assertThat(orders.get(order.orderRequestId()).getState()).isEqualTo(OrderState.RELEASED);
    }

    @Test
    void invalidDataRejectedByBackOfficeCancelsTheOrderWithTheReason() {
        Placed order = untilAwaitingResult(ANNA, kyc(taxId('2'), "Bavaria"));
        ProcessInstance pi = order.validation();
        sendCallback(invalid(order.requestId(1)));
        deliverUntil(order.requestId(1), ReltioCallback.Status.CORRELATED);
        driver.drain(order.orderInstanceId());
        String reason = "The address of the organisation cannot be verified";

        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, task(pi, Elements.REVIEW_VALIDATION_FAILURE),
                failureForm("reject", reason));
        driver.drain(order.orderInstanceId());

        assertThat(pi).hasPassedInOrder(Elements.FAILURE_DECISION, Elements.VALIDATION_REJECTED,
                Elements.REJECT_VALIDATION, Elements.CUSTOMER_REJECTED).hasNotPassed(Elements.LINK_CUSTOMER).isEnded();
        CustomerValidation validation = validations.get(order.orderRequestId());
        assertThat(validation.getState()).isEqualTo(ValidationState.REJECTED);
        assertThat(validation.getDecisionReason()).isEqualTo(reason);
        assertThat(orders.get(order.orderRequestId()).getState()).isEqualTo(OrderState.CANCELLED);
        assertThat(commerceOrder(order).path("status").asText()).isEqualTo("CANCELLED");
    }

    // --- no result in time ----------------------------------------------------------------------------------------

    @Test
    void overdueResultIsChasedAndAfterWaitingAgainTheLateCallbackLands() {
        Placed order = untilAwaitingResult(ANNA, kyc(taxId('0'), "Bavaria"));
        ProcessInstance pi = order.validation();
        Instant requested = clock.instant();
        assertThat(timerDue(pi, Elements.VALIDATION_OVERDUE)).isEqualTo(requested.plus(RESULT_TIMEOUT));

        moveClockTo(requested.plus(RESULT_TIMEOUT).minusSeconds(1));
        driver.drain(order.orderInstanceId());
        assertThat(pi).isWaitingAt(Elements.VALIDATION_COMPLETED);
        moveClockTo(requested.plus(RESULT_TIMEOUT));
        driver.drain(order.orderInstanceId());

        assertThat(pi).hasPassed(Elements.VALIDATION_OVERDUE).isWaitingAt(Elements.CHASE_VALIDATION);
        Task chase = task(pi, Elements.CHASE_VALIDATION);
        assertThat(candidateGroups(chase)).containsExactly(Groups.BACKOFFICE);
        assertThat(localText(chase, Variables.VALIDATION_SUMMARY)).contains(
                "Reltio request " + order.requestId(1) + " (attempt 1): awaiting result");

        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, chase, Map.of(Variables.CHASE_OUTCOME, "wait"));

        assertThat(pi).hasPassed(Elements.CHASE_OUTCOME).isWaitingAt(Elements.VALIDATION_COMPLETED);
        assertThat(historicCount(pi, Elements.AWAITING_RESULT)).isEqualTo(2);
        assertThat(historicCount(pi, Elements.REQUEST_VALIDATION)).as("no new request").isEqualTo(1);
        assertThat(timerDue(pi, Elements.VALIDATION_OVERDUE)).isEqualTo(clock.instant().plus(RESULT_TIMEOUT));

        String master = "entities/late-" + order.orderRequestId();
        HttpResponse<String> late = sendCallback(match(order.requestId(1), master));
        assertThat(late.statusCode()).isEqualTo(202);
        deliverUntil(order.requestId(1), ReltioCallback.Status.CORRELATED);
        driver.drain(order.orderInstanceId());

        assertThat(pi).hasPassed(Elements.LINK_CUSTOMER, Elements.CUSTOMER_APPROVED).isEnded();
        assertThat(commerceOrder(order).path("masterId").asText()).isEqualTo(master);
        assertThat(orders.get(order.orderRequestId()).getState()).isEqualTo(OrderState.RELEASED);
    }

    /**
     * Each step's form shows what it is given, and no step is given what its form does not show: values no form reads
     * would be written (and, on the process, kept in history) at every step.
     */
    @Test
    void eachStepIsGivenTheValuesItsFormShowsAndNoOthers() throws IOException {
        Placed order = untilAwaitingResult(ANNA, kyc(taxId('0'), "Bavaria"));
        List<UserTask> prepared = repositoryService.getBpmnModelInstance(order.validation().getProcessDefinitionId())
                .getModelElementsByType(UserTask.class).stream()
                .filter(step -> step.getExtensionElements().getElementsQuery().filterByType(CamundaTaskListener.class)
                        .list().stream().anyMatch(listener -> "${prepareValidationTask}".equals(listener.getCamundaDelegateExpression())))
                .toList();
        assertThat(prepared).hasSize(7);
        for (UserTask step : prepared) {
            Set<String> shown = new HashSet<>();
            try (InputStream form = new ClassPathResource("forms/" + step.getCamundaFormRef() + ".form").getInputStream()) {
                json.readTree(form).findParents("type").forEach(field -> {
                    if (field.path("disabled").asBoolean()) {
                        shown.add(field.path("key").asText());
                    } else if (ValidationService.KYC_FIELDS.contains(field.path("key").asText())) {
                        shown.add(field.path("key").asText()); // starts from the data entered so far
                    }
                    if (field.hasNonNull("valuesKey")) {
                        shown.add(field.path("valuesKey").asText());
                    }
                });
            }
            assertThat(validations.formValues(order.orderRequestId(), step.getId()).keySet()).as(step.getId())
                    .containsExactlyInAnyOrderElementsOf(shown);
        }
    }

    @Test
    void resultArrivingWhileBackOfficeChasesIsKeptUnrecordedUntilTheProcessWaitsAgain() {
        Placed order = untilChased(ANNA, kyc(taxId('0'), "Bavaria"));
        ProcessInstance pi = order.validation();
        String requestId = order.requestId(1);
        String master = "entities/chased-" + order.orderRequestId();

        HttpResponse<String> whileChased = sendCallback(match(requestId, master));

        assertThat(whileChased.statusCode()).as(whileChased.body()).isEqualTo(202);
        assertThat(inboxRow(requestId).getAttempts()).as("stored for the worker, the attempt at once undone").isZero();
        inbox.deliverDue();
        ReltioCallback kept = inboxRow(requestId);
        assertThat(kept.getStatus()).isEqualTo(ReltioCallback.Status.RECEIVED);
        assertThat(kept.getLastError()).contains("does not wait for it now");
        assertThat(validations.get(order.orderRequestId()).getResultStatus()).as("nothing recorded").isNull();
        assertThat(pi).hasNotPassed(Elements.VALIDATION_RESULT);

        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, task(pi, Elements.CHASE_VALIDATION),
                Map.of(Variables.CHASE_OUTCOME, "wait"));
        deliverUntil(requestId, ReltioCallback.Status.CORRELATED);

        assertThat(validations.get(order.orderRequestId()).getResultStatus()).isEqualTo("MATCH");
        driver.drain(order.orderInstanceId());
        assertThat(pi).hasPassed(Elements.LINK_CUSTOMER, Elements.CUSTOMER_APPROVED).isEnded();
        assertThat(commerceOrder(order).path("masterId").asText()).isEqualTo(master);
    }

    @Test
    void overdueResultResubmittedSendsASecondRequestAndTheFirstRequestsCallbackIsNeverDelivered() {
        Placed order = untilChased(ANNA, kyc(taxId('0'), "Bavaria"));
        ProcessInstance pi = order.validation();

        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, task(pi, Elements.CHASE_VALIDATION),
                Map.of(Variables.CHASE_OUTCOME, "resubmit"));

        assertThat(pi).hasPassed(Elements.CHASE_OUTCOME, Elements.VALIDATION_TO_REQUEST);
        assertThat(jobsAt(pi, Elements.REQUEST_VALIDATION)).hasSize(1);
        String first = order.requestId(1);
        String second = order.requestId(2);
        // the first request's result comes in while the second request is on its way
        HttpResponse<String> superseded = sendCallback(match(first, "entities/first-" + order.orderRequestId()));
        assertThat(superseded.statusCode()).as(superseded.body()).isEqualTo(202);
        Instant received = inboxRow(first).getReceivedAt();

        runJob(pi, Elements.REQUEST_VALIDATION);

        assertThat(pi).isWaitingAt(Elements.VALIDATION_COMPLETED);
        assertThat(runtimeService.getVariable(pi.getId(), Variables.VALIDATION_REQUEST_ID)).isEqualTo(second);
        assertThat(validations.get(order.orderRequestId()).getRequestCount()).isEqualTo(2);
        assertThat(validations.get(order.orderRequestId()).getRequestId()).isEqualTo(second);
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> {
            moveClockPastBackoff(first);
            inbox.deliverDue();
            return inboxRow(first).getLastError() != null
                    && inboxRow(first).getLastError().contains("No validation has request id " + first);
        });
        assertThat(inboxRow(first).getStatus()).isEqualTo(ReltioCallback.Status.RECEIVED);
        assertThat(pi).isWaitingAt(Elements.VALIDATION_COMPLETED);

        moveClockTo(received.plus(UNKNOWN_AFTER).plusSeconds(1));
        deliverUntil(first, ReltioCallback.Status.UNKNOWN);

        assertThat(pi).isWaitingAt(Elements.VALIDATION_COMPLETED);
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(pi.getId())
                .activityId(Elements.VALIDATION_COMPLETED).finished().list())
                .as("only the wait the timer ended is over").singleElement()
                .satisfies(wait -> assertThat(wait.isCanceled()).isTrue());
        assertThat(validations.get(order.orderRequestId()).getResultStatus()).isNull();

        String master = "entities/second-" + order.orderRequestId();
        assertThat(sendCallback(match(second, master)).statusCode()).isEqualTo(202);
        deliverUntil(second, ReltioCallback.Status.CORRELATED);
        driver.drain(order.orderInstanceId());

        assertThat(pi).hasPassed(Elements.LINK_CUSTOMER, Elements.CUSTOMER_APPROVED).isEnded();
        assertThat(commerceOrder(order).path("masterId").asText()).isEqualTo(master);
        assertThat(inboxRow(first).getStatus()).isEqualTo(ReltioCallback.Status.UNKNOWN);
    }

    // --- a slow neighbour -----------------------------------------------------------------------------------------

    @Test
    void callbackIsDeliveredByItsOwnWorkerWhileTheOutboxWorkerWaitsOnASilentMailServer() throws Exception {
        Placed order = untilAwaitingResult(ANNA, kyc(taxId('0'), "Bavaria"));
        ProcessInstance pi = order.validation();
        String requestId = order.requestId(1);
        String master = "entities/apart-" + order.orderRequestId();
        String mailKey = "Q-SILENT-" + UUID.randomUUID();
        new TransactionTemplate(transactions).executeWithoutResult(tx -> notifications.enqueue(new Notification(
                "quote-received", java.util.Locale.US, "buyer@clinic.example", mailKey,
                Map.of("quoteCode", mailKey, "buyerName", "Dr. Anna Schmidt"))));
        JavaMailSenderImpl smtp = (JavaMailSenderImpl) mailSender;
        int smtpPort = smtp.getPort();
        ExecutorService acceptor = Executors.newSingleThreadExecutor();
        // a mail server that takes the connection and never greets: the outbox worker waits in its send
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Future<Socket> connection = acceptor.submit(silent::accept);
            smtp.setPort(silent.getLocalPort());
            outboxWorker.start();
            Socket held = connection.get(10, TimeUnit.SECONDS);
            try {
                assertThat(inbox.store(requestId, match(requestId, master), clock.instant()))
                        .isEqualTo(CallbackInbox.Stored.ACCEPTED);
                callbackWorker.start();

                await().atMost(Duration.ofSeconds(5)).pollInSameThread()
                        .until(() -> inboxRow(requestId).getStatus() == ReltioCallback.Status.CORRELATED);
                assertThat(held.isClosed()).isFalse();
                assertThat(jdbc.queryForObject("select status from notification_outbox where business_key = ?",
                        String.class, mailKey)).as("the mail is still being sent").isEqualTo("PENDING");
            } finally {
                callbackWorker.stop();
                smtp.setPort(smtpPort);
                held.close();
                outboxWorker.stop();
            }
        } finally {
            smtp.setPort(smtpPort);
            acceptor.shutdownNow();
        }
        driver.drain(order.orderInstanceId());

        assertThat(historicCount(pi, Elements.VALIDATION_COMPLETED)).as("correlated once").isEqualTo(1);
        assertThat(pi).hasPassed(Elements.LINK_CUSTOMER, Elements.CUSTOMER_APPROVED).isEnded();
        assertThat(commerceOrder(order).path("masterId").asText()).isEqualTo(master);
    }

    // --- many at once ---------------------------------------------------------------------------------------------

    @Test
    void twoHundredEarlyCallbacksSentConcurrentlyEachLandExactlyOnce() throws Exception {
        int count = 200;
        ExecutorService preparers = Executors.newFixedThreadPool(4);
        ExecutorService senders = Executors.newFixedThreadPool(16);
        ExecutorService jobExecutor = Executors.newFixedThreadPool(4);
        ExecutorService deliverer = Executors.newSingleThreadExecutor();
        try {
            List<Future<Placed>> preparing = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                preparing.add(preparers.submit(() -> readyToRequest(ANNA, kyc(taxId('0'), "Bavaria"))));
            }
            List<Placed> placed = new ArrayList<>();
            for (Future<Placed> future : preparing) {
                placed.add(future.get(60, TimeUnit.SECONDS));
            }

            List<Future<HttpResponse<String>>> sending = new ArrayList<>();
            for (Placed order : placed) {
                String body = match(order.requestId(1), "entities/burst-" + order.orderRequestId());
                sending.add(senders.submit(() -> sendCallback(body)));
            }
            for (Future<HttpResponse<String>> response : sending) {
                HttpResponse<String> answered = response.get(30, TimeUnit.SECONDS);
                assertThat(answered.statusCode()).as(answered.body()).isEqualTo(202);
            }
            Map<String, Long> rows = new LinkedHashMap<>();
            placed.forEach(order -> rows.put(order.requestId(1), inboxRow(order.requestId(1)).getId()));
            // all came too early to be delivered in their request: each is stored for the worker, not tried yet
            assertThat(callbacks.findAllById(rows.values())).allSatisfy(row -> {
                assertThat(row.getStatus()).isEqualTo(ReltioCallback.Status.RECEIVED);
                assertThat(row.getAttempts()).isZero();
            });

            BlockingQueue<String> requested = new LinkedBlockingQueue<>();
            Future<?> delivering = deliverer.submit(() -> {
                deliverAsRequestsGoOut(rows, requested);
                return null;
            });
            List<Future<?>> requesting = new ArrayList<>();
            for (Placed order : placed) {
                String jobId = jobsAt(order.validation(), Elements.REQUEST_VALIDATION).get(0).getId();
                requesting.add(jobExecutor.submit(() -> {
                    managementService.executeJob(jobId);
                    requested.add(order.requestId(1));
                }));
            }
            for (Future<?> job : requesting) {
                job.get(60, TimeUnit.SECONDS);
            }
            delivering.get(40, TimeUnit.SECONDS);

            List<Future<?>> continuing = new ArrayList<>();
            for (Placed order : placed) {
                String jobId = jobsAt(order.validation(), Elements.VALIDATION_COMPLETED).get(0).getId();
                continuing.add(jobExecutor.submit(() -> managementService.executeJob(jobId)));
            }
            for (Future<?> job : continuing) {
                job.get(60, TimeUnit.SECONDS);
            }

            assertThat(callbacks.findAllById(rows.values())).hasSize(count)
                    .allSatisfy(row -> assertThat(row.getStatus()).isEqualTo(ReltioCallback.Status.CORRELATED));
            Set<String> instances = placed.stream().map(order -> order.validation().getId()).collect(Collectors.toSet());
            Map<String, Long> resultsReceived = historyService.createHistoricActivityInstanceQuery()
                    .activityId(Elements.VALIDATION_COMPLETED).list().stream()
                    .filter(wait -> instances.contains(wait.getProcessInstanceId()))
                    .collect(Collectors.groupingBy(HistoricActivityInstance::getProcessInstanceId, Collectors.counting()));
            Map<String, Long> waitingAtLink = managementService.createJobQuery().activityId(Elements.LINK_CUSTOMER).list()
                    .stream().filter(job -> instances.contains(job.getProcessInstanceId()))
                    .collect(Collectors.groupingBy(Job::getProcessInstanceId, Collectors.counting()));
            for (Placed order : placed) {
                String pi = order.validation().getId();
                assertThat(resultsReceived.get(pi)).as("validationCompleted passed by " + pi).isEqualTo(1L);
                assertThat(waitingAtLink.get(pi)).as("linkCustomer job of " + pi).isEqualTo(1L);
                assertThat(runtimeService.getActiveActivityIds(pi)).containsExactly(Elements.LINK_CUSTOMER);
                CustomerValidation validation = validations.get(order.orderRequestId());
                assertThat(validation.getResultStatus()).isEqualTo("MATCH");
                assertThat(validation.getEntityUri()).isEqualTo("entities/burst-" + order.orderRequestId());
            }
        } finally {
            preparers.shutdownNow();
            senders.shutdownNow();
            jobExecutor.shutdownNow();
            deliverer.shutdownNow();
        }
    }

    /**
     * Delivers due callbacks while their requests go out, until all have landed. A callback tried before its request
     * was sent is backed off: once requests are out, the engine clock moves on to the next attempt of their callbacks
     * (a minute at most each time, far from the point where a callback is given up), and every due callback is tried,
     * also those whose request is still being sent. With nothing to deliver, it waits for the next request to go out.
     */
    private void deliverAsRequestsGoOut(Map<String, Long> rows, BlockingQueue<String> requested)
            throws InterruptedException {
        Set<String> out = new HashSet<>();
        Set<String> landed = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (landed.size() < rows.size()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Delivered " + landed.size() + " of " + rows.size() + " callbacks in time");
            }
            if (out.size() == landed.size()) {
                String next = requested.poll(1, TimeUnit.SECONDS);
                if (next != null) {
                    out.add(next);
                }
            }
            requested.drainTo(out);
            int landedBefore = landed.size();
            inbox.deliverDue();
            List<Long> pending = out.stream().filter(requestId -> !landed.contains(requestId)).map(rows::get).toList();
            Instant nextAttempt = null;
            for (ReltioCallback row : callbacks.findAllById(pending)) {
                if (row.getStatus() == ReltioCallback.Status.CORRELATED) {
                    landed.add(row.getRequestId());
                } else if (nextAttempt == null || row.getNextAttemptAt().isAfter(nextAttempt)) {
                    nextAttempt = row.getNextAttemptAt();
                }
            }
            if (nextAttempt != null && nextAttempt.isAfter(clock.instant())) {
                moveClockTo(nextAttempt);
            } else if (nextAttempt != null && landed.size() == landedBefore) {
                // due, yet held by an attempt that has not let go: its lease runs out
                moveClockTo(clock.instant().plusSeconds(1));
            }
        }
    }

    // --- driving the order and its validation ---------------------------------------------------------------

    /** Places the order and runs its jobs until its customer validation waits for a person. */
    private Placed place(Buyer buyer, String sku) {
        String orderRequestId = orders.place(orderRequest(buyer, sku), UUID.randomUUID().toString()).order().getId();
        String orderInstanceId = runtimeService.createProcessInstanceQuery().processDefinitionKey(OrderProcess.KEY)
                .processInstanceBusinessKey(orderRequestId).singleResult().getId();
        driver.drain(orderInstanceId);
        ProcessInstance validation = runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(ValidationProcess.KEY)
                .processInstanceBusinessKey(orders.get(orderRequestId).getCommerceOrderCode())
                .singleResult();
        assertThat(validation).as("customer validation of " + orderRequestId).isNotNull();
        return new Placed(orderRequestId, orderInstanceId, validation);
    }

    private static PlaceOrderRequest orderRequest(Buyer buyer, String sku) {
        return new PlaceOrderRequest("cart-" + UUID.randomUUID(), buyer.customerId(), buyer.b2bUnitId(), "DE", "EUR",
                List.of(new PlaceOrderRequest.Item(sku, 1, PRICES.get(sku))), null);
    }

    /** Back office enters the KYC data at once; the request to Reltio is the next job, not run yet. */
    private Placed untilKycSubmitted(Buyer buyer, Kyc data) {
        Placed order = place(buyer, CAPITAL_EQUIPMENT);
        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, task(order.validation(), Elements.REQUEST_CUSTOMER_DETAILS),
                Map.of(Variables.DETAILS_CHANNEL, "enter"));
        completeAs(BACKOFFICE_USER, Groups.BACKOFFICE, task(order.validation(), Elements.SUBMIT_KYC_DATA), data.form());
        assertThat(order.validation()).hasPassed(Elements.SUBMIT_KYC_DATA).isWaitingAt(Elements.REQUEST_VALIDATION);
        return order;
    }

    /**
     * A real order whose validation is started directly at the request to Reltio, with the KYC data stored as back
     * office would have: what {@link #untilKycSubmitted} reaches, at a fraction of its cost. The order's own handoff
     * is left at its first job.
     */
    private Placed readyToRequest(Buyer buyer, Kyc data) {
        String orderRequestId = orders.place(orderRequest(buyer, CAPITAL_EQUIPMENT), UUID.randomUUID().toString())
                .order().getId();
        String orderInstanceId = runtimeService.createProcessInstanceQuery().processDefinitionKey(OrderProcess.KEY)
                .processInstanceBusinessKey(orderRequestId).singleResult().getId();
        String commerceOrderCode = "CO-" + orderRequestId;
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put(Variables.ORDER_REQUEST_ID, orderRequestId);
        variables.put(Variables.COMMERCE_ORDER_CODE, commerceOrderCode);
        variables.put(Variables.KYC_REQUIRED, true);
        variables.put(Variables.APPROVAL_REQUIRED, false);
        variables.put(Variables.VALIDATION_TIMEOUT, RESULT_TIMEOUT.toString());
        variables.put(Variables.TASK_DUE_AT, Date.from(clock.instant().plus(Duration.ofDays(2))));
        ProcessInstance validation = runtimeService.createProcessInstanceByKey(ValidationProcess.KEY)
                .businessKey(commerceOrderCode).setVariables(variables)
                .startBeforeActivity(Elements.REQUEST_VALIDATION).execute();
        validations.open(orderRequestId, commerceOrderCode, validation.getId());
        validations.submitDetails(orderRequestId, new CustomerValidation.KycData(data.legalName(), data.taxId(),
                data.licenceNumber(), data.addressLine1(), data.city(), data.postalCode(), data.region(),
                data.country()), BACKOFFICE_USER);
        return new Placed(orderRequestId, orderInstanceId, validation);
    }

    /** ... and the request is sent: the process waits for Reltio's result. */
    private Placed untilAwaitingResult(Buyer buyer, Kyc data) {
        Placed order = untilKycSubmitted(buyer, data);
        runJob(order.validation(), Elements.REQUEST_VALIDATION);
        assertThat(order.validation()).isWaitingAt(Elements.VALIDATION_COMPLETED);
        assertThat(validations.get(order.orderRequestId()).getRequestId()).isEqualTo(order.requestId(1));
        return order;
    }

    /** No result in time: back office is asked to chase it. */
    private Placed untilChased(Buyer buyer, Kyc data) {
        Placed order = untilAwaitingResult(buyer, data);
        moveClockTo(clock.instant().plus(RESULT_TIMEOUT));
        driver.drain(order.orderInstanceId());
        assertThat(order.validation()).isWaitingAt(Elements.CHASE_VALIDATION);
        return order;
    }

    private void runJob(ProcessInstance pi, String activityId) {
        List<Job> jobs = jobsAt(pi, activityId);
        assertThat(jobs).as("job at " + activityId).hasSize(1);
        managementService.executeJob(jobs.get(0).getId());
    }

    private List<Job> jobsAt(ProcessInstance pi, String activityId) {
        return managementService.createJobQuery().processInstanceId(pi.getId()).activityId(activityId).list();
    }

    private Instant timerDue(ProcessInstance pi, String activityId) {
        List<Job> timers = managementService.createJobQuery().processInstanceId(pi.getId()).activityId(activityId)
                .timers().list();
        assertThat(timers).as("timer " + activityId).hasSize(1);
        return timers.get(0).getDuedate().toInstant();
    }

    private Task task(ProcessInstance pi, String taskDefinitionKey) {
        Task task = taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(taskDefinitionKey)
                .singleResult();
        assertThat(task).as("task " + taskDefinitionKey).isNotNull();
        return task;
    }

    private Object local(Task task, String name) {
        return taskService.getVariableLocal(task.getId(), name);
    }

    /** What an editable field of the task's form starts from (the process's value, not a task-local one). */
    private Object formValue(Task task, String name) {
        return taskService.getVariable(task.getId(), name);
    }

    private String localText(Task task, String name) {
        return String.valueOf(local(task, name));
    }

    private List<String> candidateGroups(Task task) {
        return taskService.getIdentityLinksForTask(task.getId()).stream()
                .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()))
                .map(IdentityLink::getGroupId).toList();
    }

    private void completeAs(String user, String group, Task task, Map<String, Object> form) {
        identityService.setAuthentication(user, List.of(group));
        try {
            taskService.complete(task.getId(), form);
        } finally {
            identityService.clearAuthentication();
        }
    }

    /** As Tasklist submits a Camunda form: over the engine REST, as the user. */
    private HttpResponse<String> submitOverRest(String user, Task task, Map<String, Object> form) {
        ObjectNode variables = json.createObjectNode();
        form.forEach((name, value) -> variables.putObject(name).put("value", String.valueOf(value)).put("type", "String"));
        ObjectNode body = json.createObjectNode();
        body.set("variables", variables);
        return HttpCalls.postJson(url("/engine-rest/engine/" + processEngine.getName() + "/task/" + task.getId()
                + "/submit-form"), body.toString(), "Authorization", HttpCalls.basic(user, PASSWORD));
    }

    private static Map<String, Object> approvalForm(String decision, String reason) {
        return Map.of(Variables.ORDER_DECISION, decision, Variables.DECISION_REASON, reason);
    }

    private static Map<String, Object> followUpForm(String outcome, String note) {
        return Map.of(Variables.FOLLOW_UP_OUTCOME, outcome, Variables.DECISION_REASON, note);
    }

    private static Map<String, Object> failureForm(String decision, String reason) {
        return Map.of(Variables.FAILURE_DECISION, decision, Variables.DECISION_REASON, reason);
    }

    private static Kyc kyc(String taxId, String region) {
        return new Kyc("Universitätsklinikum Nord", taxId, "BY-MP-4711", "Ismaninger Straße 22", "München", "81675",
                region, "DE");
    }

    /** Sandbox Reltio's result follows the tax id's last digit: 0 match, 1 potential matches, 2 invalid. */
    private static String taxId(char lastDigit) {
        return "DE" + String.format("%08d", (int) (Math.random() * 100_000_000)) + lastDigit;
    }

    private long historicCount(ProcessInstance pi, String activityId) {
        return historyService.createHistoricActivityInstanceQuery().processInstanceId(pi.getId()).activityId(activityId)
                .count();
    }

    private Object historicVariable(ProcessInstance pi, String name) {
        return historyService.createHistoricVariableInstanceQuery().processInstanceId(pi.getId()).variableName(name)
                .singleResult().getValue();
    }

    private static void moveClockTo(Instant instant) {
        ClockUtil.setCurrentTime(Date.from(instant));
    }

    // --- Reltio's callbacks -----------------------------------------------------------------------------------

    private HttpResponse<String> sendCallback(String body) {
        return HttpCalls.postJson(url(CALLBACKS), body, CallbackSignatures.HEADER, signatures.sign(body, clock.instant()));
    }

    private String match(String requestId, String entityUri) {
        return write(Map.of("requestId", requestId, "status", "MATCH", "entityUri", entityUri));
    }

    private String potentialMatches(String requestId, String entityUri) {
        return write(Map.of("requestId", requestId, "status", "POTENTIAL_MATCHES", "entityUri", entityUri + "-new",
                "candidates", List.of(
                        Map.of("entityUri", entityUri + "-a", "name", "Universitätsklinikum Nord", "score", 0.92),
                        Map.of("entityUri", entityUri + "-b", "name", "Universitätsklinikum Nord GmbH", "score", 0.81),
                        Map.of("entityUri", entityUri + "-c", "name", "Klinikverbund München", "score", 0.64))));
    }

    private String invalid(String requestId) {
        return write(Map.of("requestId", requestId, "status", "INVALID", "issues", List.of(Map.of(
                "field", "address.region", "code", "REGION_MISMATCH",
                "message", "The region does not match the postal code"))));
    }

    private ReltioCallback inboxRow(String requestId) {
        return callbacks.findByRequestId(requestId).orElseThrow();
    }

    /**
     * An inbox like the application's whose first delivery to this validation meets a change of the validation that
     * another transaction committed after the delivery read it (as a resubmission would): the delivery's own update
     * of the row then fails on its version.
     */
    private CallbackInbox inboxWhoseValidationChangesDuringTheFirstDelivery(String orderRequestId) {
        TransactionTemplate another = new TransactionTemplate(transactions);
        another.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        AtomicBoolean changed = new AtomicBoolean();
        ValidationService racing = Mockito.spy(AopTestUtils.<ValidationService>getTargetObject(validations));
        Mockito.doAnswer(delivery -> {
            Object delivered = delivery.callRealMethod();
            if (changed.compareAndSet(false, true)) {
                Integer updated = another.execute(tx -> jdbc.update(
                        "update customer_validation set row_version = row_version + 1 where order_request_id = ?",
                        orderRequestId));
                assertThat(updated).isEqualTo(1);
            }
            return delivered;
        }).when(racing).deliverResult(Mockito.anyString(), Mockito.any());
        return new CallbackInbox(callbacks, racing, reltio, delivery, transactions, json, clock, queues);
    }

    /** The next attempt of a callback tried too early is backed off; the engine clock goes there. */
    private void moveClockPastBackoff(String requestId) {
        Instant next = inboxRow(requestId).getNextAttemptAt();
        if (next.isAfter(clock.instant())) {
            moveClockTo(next);
        }
    }

    /**
     * Delivers due callbacks until this one has the status (bounded), moving the engine clock past each backoff.
     */
    private void deliverUntil(String requestId, ReltioCallback.Status status) {
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20)).until(() -> {
                    if (inboxRow(requestId).getStatus() != status) {
                        moveClockPastBackoff(requestId);
                        inbox.deliverDue();
                    }
                    return inboxRow(requestId).getStatus() == status;
                });
    }

    // --- mail, pages, commerce ----------------------------------------------------------------------------------

    private SandboxMailServer.Mail singleMailTo(Buyer buyer, String orderCode) {
        while (outboxSender.sendDue(clock.instant()) > 0) {
            // the next batch
        }
        List<SandboxMailServer.Mail> mails = mailbox.mails().stream()
                .filter(mail -> mail.to().equals(buyer.email()) && mail.subject().contains(orderCode)).toList();
        mailbox.clear();
        assertThat(mails).hasSize(1);
        return mails.get(0);
    }

    private String commerceCode(Placed order) {
        return orders.get(order.orderRequestId()).getCommerceOrderCode();
    }

    private JsonNode commerceOrder(Placed order) {
        HttpResponse<String> response = HttpCalls.get(url("/sandbox/commerce/orders/" + commerceCode(order)),
                "Authorization", HttpCalls.basic("sara", PASSWORD));
        assertThat(response.statusCode()).isEqualTo(200);
        return read(response.body());
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("the page's form carries a CSRF token").isTrue();
        return csrf.group(1);
    }

    private static <T> java.util.stream.Collector<T, ?, T> single() {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The buyer's browser: keeps the session cookie the CSRF token belongs to. */
    static final class Browser {

        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String url) {
            return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET());
        }

        HttpResponse<String> post(String url, Kyc details, String csrf) {
            Map<String, Object> fields = new LinkedHashMap<>(details.form());
            fields.put("_csrf", csrf);
            String form = fields.entrySet().stream()
                    .map(field -> field.getKey() + "=" + URLEncoder.encode(String.valueOf(field.getValue()),
                            StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
