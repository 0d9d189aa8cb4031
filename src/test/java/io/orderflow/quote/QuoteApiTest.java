package io.orderflow.quote;

import static io.orderflow.quote.QuoteSteps.approvalForm;
import static io.orderflow.quote.QuoteSteps.germanRequest;
import static io.orderflow.quote.QuoteSteps.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import io.orderflow.order.OrderProcess;
import io.orderflow.quote.QuoteProcess.Elements;
import io.orderflow.quote.QuoteProcess.Values;
import io.orderflow.quote.QuoteSteps.Event;
import io.orderflow.quote.QuoteSteps.EventStream;
import io.orderflow.security.Groups;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** Every call and every error of {@code /api/v1/quotes}, over real HTTP. */
@RecordApplicationEvents
class QuoteApiTest extends IntegrationTest {

    /** In sales and in sales-managers: may review and may approve, but not the same offer. */
    private static final String REVIEWING_MANAGER = "paula";
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(10);

    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    HistoryService historyService;
    @Autowired
    TaskService taskService;
    @Autowired
    IdentityService identityService;
    @Autowired
    QuoteRepository quoteRepository;
    @Autowired
    QuoteVersionRepository versionRepository;
    @Autowired
    JdbcTemplate jdbc;

    QuoteSteps steps;

    @BeforeEach
    void steps() {
        steps = new QuoteSteps(port, runtimeService, managementService);
    }

    @AfterEach
    void removeReviewingManager() {
        if (identityService.createUserQuery().userId(REVIEWING_MANAGER).count() > 0) {
            identityService.deleteUser(REVIEWING_MANAGER);
        }
    }

    // --- POST /api/v1/quotes ---------------------------------------------------------------------------------------

    @Test
    void createdQuoteIsSubmittedAtVersionOneAndStartsItsProcess() {
        HttpResponse<String> response = steps.postQuote(germanRequest().toString(), UUID.randomUUID().toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode created = read(response);
        String code = created.get("quoteCode").asText();
        assertThat(code).matches("Q-[A-Z2-9]{8}");
        assertThat(created.get("state").asText()).isEqualTo("SUBMITTED");
        assertThat(created.get("version").asInt()).isEqualTo(1);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/quotes/" + code);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(QuoteProcess.KEY)
                .processInstanceBusinessKey(code).count()).isEqualTo(1);
    }

    /**
     * Nothing in the application listens to the engine's steps as Spring events, so the engine announces none: each
     * would be published for every activity, task and history record of every instance.
     */
    @Test
    void theQuotesStepsAreNotAnnouncedAsSpringEvents(ApplicationEvents events) {
        String code = read(steps.postQuote(germanRequest().toString(), UUID.randomUUID().toString()))
                .get("quoteCode").asText();

        assertThat(steps.executeDueJobs(steps.processInstanceId(code))).isPositive();
        assertThat(taskService.createTaskQuery().processInstanceBusinessKey(code).count()).isEqualTo(1);
        assertThat(events.stream(DelegateExecution.class)).isEmpty();
        assertThat(events.stream(DelegateTask.class)).isEmpty();
        assertThat(events.stream(HistoryEvent.class)).isEmpty();
    }

    /** The archive is written once per version: a version stored again is refused, never read and merged. */
    @Test
    void anArchivedVersionIsNotWrittenAgain() {
        String code = read(steps.postQuote(germanRequest().toString(), UUID.randomUUID().toString()))
                .get("quoteCode").asText();
        QuoteVersion again = new QuoteVersion(code, 1, QuoteVersion.Reason.OFFERED, "{}", Instant.now(), "someone");

        assertThatThrownBy(() -> versionRepository.saveAndFlush(again)).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(versionRepository.findByQuoteCodeOrderByVersionAsc(code)).singleElement()
                .satisfies(version -> assertThat(version.getReason()).isEqualTo("REQUESTED"));
    }

    /**
     * A requested quote is inserted with its lines in one write, not read first and merged (which wrote its row a
     * second time for its lines); a new quote under a code already stored is refused.
     */
    @Test
    void aRequestedQuoteIsWrittenOnceAndNeverMergedOverAnother() {
        String code = read(steps.postQuote(germanRequest().toString(), UUID.randomUUID().toString()))
                .get("quoteCode").asText();
        Quote stored = quoteRepository.findById(code).orElseThrow();
        Quote again = new Quote(code, "another-cart", "jens.weber", "DE-UNIKLINIK", "DE", "de-DE", "EUR", BigDecimal.ONE,
                null, List.of(new QuoteLine("SKU-CTRL-300", 1, BigDecimal.TEN)), UUID.randomUUID().toString(), "hash",
                Instant.now());

        assertThat(jdbc.queryForObject("select row_version from quote where code = ?", Long.class, code))
                .as("updates of the quote's row").isZero();
        assertThatThrownBy(() -> quoteRepository.saveAndFlush(again)).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(quoteRepository.findById(code).orElseThrow().getCartId()).isEqualTo(stored.getCartId());
    }

    /** The quote is written in SQL; read back as an entity it is the request, its lines in their order, at row 0. */
    @Test
    void aRequestedQuoteReadsBackAsRequestedWithItsLinesInOrder() {
        ObjectNode request = germanRequest();
        ObjectNode second = ((ArrayNode) request.get("items")).addObject();
        second.put("sku", "SKU-CTRL-300");
        second.put("quantity", 3);
        second.put("unitPrice", new BigDecimal("1250.50"));
        String key = UUID.randomUUID().toString();
        String code = read(steps.postQuote(request.toString(), key)).get("quoteCode").asText();

        Quote stored = quoteRepository.findById(code).orElseThrow();
        assertThat(stored.getState()).isEqualTo(QuoteState.SUBMITTED);
        assertThat(List.of(stored.getCartId(), stored.getCustomerId(), stored.getB2bUnitId(), stored.getCountry(),
                stored.getLocale(), stored.getCurrency(), stored.getBuyerComment(), stored.getIdempotencyKey()))
                .containsExactly(request.get("cartId").asText(), "anna.schmidt", "DE-UNIKLINIK", "DE", "de-DE", "EUR",
                        "Bitte bis Monatsende liefern.", key);
        assertThat(stored.getRequestedDiscount()).isEqualByComparingTo("18");
        assertThat(stored.getBuyerEmail()).isEqualTo("anna.schmidt@uniklinik-nord.example");
        assertThat(stored.getBuyerName()).isNotBlank();
        assertThat(stored.getCurrentVersion()).isEqualTo(1);
        assertThat(stored.getRequestHash()).hasSize(64);
        assertThat(stored.getCreatedAt()).isEqualTo(stored.getUpdatedAt()).isNotNull();
        assertThat(stored.getLines()).extracting(QuoteLine::getSku, QuoteLine::getQuantity)
                .containsExactly(tuple("SKU-CAP-200", 1), tuple("SKU-CTRL-300", 3));
        assertThat(stored.getLines().get(1).getUnitPrice()).isEqualByComparingTo("1250.50");
        assertThat(stored.listValue()).isEqualByComparingTo("48751.50");
        assertThat(jdbc.queryForObject("select row_version from quote where code = ?", Long.class, code)).isZero();
    }

    @Test
    void sameIdempotencyKeyAndBodyReturnTheSameQuoteWithoutCreatingAnother() {
        String key = UUID.randomUUID().toString();
        String body = germanRequest().toString();
        HttpResponse<String> first = steps.postQuote(body, key);
        long quotes = quoteRepository.count();
        long instances = runtimeService.createProcessInstanceQuery().processDefinitionKey(QuoteProcess.KEY).count();

        HttpResponse<String> replay = steps.postQuote(body, key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(201);
        String code = read(first).get("quoteCode").asText();
        assertThat(read(replay).get("quoteCode").asText()).isEqualTo(code);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(quoteRepository.count()).isEqualTo(quotes);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(QuoteProcess.KEY).count())
                .isEqualTo(instances);
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(code).count()).isEqualTo(1);
    }

    @Test
    void sameIdempotencyKeyWithAnotherBodyIsAConflictNamingTheKey() {
        String key = UUID.randomUUID().toString();
        ObjectNode request = germanRequest();
        String code = read(steps.postQuote(request.toString(), key)).get("quoteCode").asText();
        long quotes = quoteRepository.count();

        request.put("requestedDiscountPercent", 25);
        HttpResponse<String> response = steps.postQuote(request.toString(), key);

        assertProblem(response, 409, "Idempotency-Key");
        assertThat(response.body()).doesNotContain(code);
        assertThat(quoteRepository.count()).isEqualTo(quotes);
    }

    @Test
    void missingIdempotencyKeyIsRefusedNamingTheHeader() {
        HttpResponse<String> response = steps.postQuote(germanRequest().toString(), null);

        assertProblem(response, 400, "Idempotency-Key");
    }

    @Test
    void blankOrOverlongIdempotencyKeyIsRefusedNamingTheHeader() {
        for (String key : List.of(" ", "k".repeat(201))) {
            HttpResponse<String> response = steps.postQuote(germanRequest().toString(), key);

            assertProblem(response, 400, "Idempotency-Key");
            assertThat(quoteRepository.findByIdempotencyKey(key)).isEmpty();
        }
    }

    @Test
    void quoteRequestWithoutApiKeyIsUnauthorized() {
        HttpResponse<String> response = HttpCalls.postJson(url("/api/v1/quotes"), germanRequest().toString(),
                "Idempotency-Key", UUID.randomUUID().toString());

        assertProblem(response, 401, "X-Api-Key");
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                invalid("missing cartId", request -> {
                    request.remove("cartId");
                    return request.toString();
                }, "cartId"),
                invalid("no items", request -> {
                    request.putArray("items");
                    return request.toString();
                }, "items"),
                invalid("quantity 0", request -> {
                    ((ObjectNode) request.get("items").get(0)).put("quantity", 0);
                    return request.toString();
                }, "items[0].quantity"),
                invalid("unit price not a number", request -> {
                    ((ObjectNode) request.get("items").get(0)).put("unitPrice", "abc");
                    return request.toString();
                }, "items[0].unitPrice"),
                invalid("discount over 100 %", request -> {
                    request.put("requestedDiscountPercent", 150);
                    return request.toString();
                }, "requestedDiscountPercent"),
                invalid("country not sold in", request -> {
                    request.put("country", "XX");
                    return request.toString();
                }, "country"),
                invalid("USD in Germany", request -> {
                    request.put("currency", "USD");
                    return request.toString();
                }, "currency"),
                invalid("SKU not sold", request -> {
                    ((ObjectNode) request.get("items").get(0)).put("sku", "SKU-NOT-SOLD-999");
                    return request.toString();
                }, "items[0].sku"),
                invalid("item that is null", request -> {
                    request.putArray("items").addNull();
                    return request.toString();
                }, "items[0]"),
                invalid("JSON cut off inside a value", request -> request.toString().substring(0, 40), "body"),
                invalid("value that is not JSON", request -> "{\"cartId\": cart-1, \"items\": [}", "cartId"),
                invalid("malformed JSON", request -> "{\"cartId\": \"cart-1\" \"items\": []}", "body"));
    }

    private static Arguments invalid(String description, Function<ObjectNode, String> body, String field) {
        return Arguments.of(description, body, field);
    }

    @ParameterizedTest(name = "{0} is refused naming {2}")
    @MethodSource("invalidRequests")
    void invalidQuoteRequestIsRefusedNamingTheField(String description, Function<ObjectNode, String> body, String field) {
        String key = UUID.randomUUID().toString();

        HttpResponse<String> response = steps.postQuote(body.apply(germanRequest()), key);

        assertProblem(response, 400, field);
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
        assertThat(quoteRepository.findByIdempotencyKey(key)).as("no quote for a refused request").isEmpty();
    }

    @Test
    void quoteForACustomerCommerceDoesNotKnowIsRefusedNamingTheFieldAndNothingStarts() {
        assertRefusedAndNothingStarted(germanRequest().put("customerId", "nobody.known"), 422, "customerId");
    }

    @Test
    void quoteForAUnitTheCustomerDoesNotBelongToIsRefusedNamingTheUnit() {
        assertRefusedAndNothingStarted(germanRequest().put("b2bUnitId", "US-MERCY"), 422, "b2bUnitId");
    }

    @Test
    void commerceUnreachableAtIntakeIsAnsweredUnavailableWithRetryAfterAndNothingStored() {
        HttpResponse<String> planned = HttpCalls.postJson(url("/sandbox/commerce/failures"),
                "{\"times\":1,\"mode\":\"error\",\"action\":\"customer\"}", "Authorization",
                HttpCalls.basic("sara", PASSWORD));
        assertThat(planned.statusCode()).isEqualTo(201);

        HttpResponse<String> response = assertRefusedAndNothingStarted(germanRequest(), 503, null);

        assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
    }

    private HttpResponse<String> assertRefusedAndNothingStarted(ObjectNode request, int status, String field) {
        String key = UUID.randomUUID().toString();
        long quotes = quoteRepository.count();
        long instances = runtimeService.createProcessInstanceQuery().processDefinitionKey(QuoteProcess.KEY).count();

        HttpResponse<String> response = steps.postQuote(request.toString(), key);

        assertProblem(response, status, field);
        assertThat(quoteRepository.findByIdempotencyKey(key)).isEmpty();
        assertThat(quoteRepository.count()).isEqualTo(quotes);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(QuoteProcess.KEY).count())
                .isEqualTo(instances);
        return response;
    }

    @Test
    void expressionInBuyerCommentIsStoredAsTextAndNeverEvaluated() {
        String comment = "${'ev'.concat('aluated')} #{'ev'.concat('aluated')} ${execution.setVariable('injected', true)}";
        ObjectNode request = germanRequest();
        request.put("buyerComment", comment);

        String code = steps.createQuote(request);
        String processInstanceId = steps.processInstanceId(code);
        steps.executeDueJobs(processInstanceId);

        JsonNode quote = steps.quote(code);
        assertThat(quote.get("state").asText()).isEqualTo("IN_REVIEW");
        assertThat(quote.get("buyerComment").asText()).isEqualTo(comment);
        assertThat(read(steps.apiGet("/api/v1/quotes/" + code + "/versions/1")).at("/snapshot/buyerComment").asText())
                .isEqualTo(comment);
        String reviewTask = steps.taskId(code, Elements.REVIEW_QUOTE, "sara");
        assertThat((String) taskService.getVariableLocal(reviewTask, QuoteProcess.Variables.QUOTE_SUMMARY))
                .contains(comment).doesNotContain("evaluated");
        assertThat(runtimeService.getVariable(processInstanceId, "injected")).isNull();
    }

    // --- GET /api/v1/quotes/{code}, versions ---------------------------------------------------------------------

    @Test
    void buyerHasNoActionsBeforeTheOfferAndAcceptDeclineRenegotiateOnceOffered() {
        String code = steps.createQuote(germanRequest());
        steps.executeDueJobs(steps.processInstanceId(code));

        JsonNode inReview = steps.quote(code);
        assertThat(inReview.get("state").asText()).isEqualTo("IN_REVIEW");
        assertThat(inReview.get("allowedActions")).isEmpty();
        assertThat(inReview.get("offeredAt").isNull()).isTrue();

        steps.review(code, "sara", 18, 30);
        JsonNode pendingApproval = steps.quote(code);
        assertThat(pendingApproval.get("state").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(pendingApproval.get("allowedActions")).isEmpty();

        steps.approve(code, "mike");
        JsonNode offered = steps.quote(code);
        assertThat(offered.get("state").asText()).isEqualTo("OFFERED");
        assertThat(offered.get("version").asInt()).isEqualTo(2);
        assertThat(texts(offered.get("allowedActions"))).containsExactly(Values.ACCEPT, Values.DECLINE, Values.RENEGOTIATE);
        assertThat(offered.get("offeredDiscountPercent").decimalValue()).isEqualByComparingTo("18");
        assertThat(offered.get("listValue").decimalValue()).isEqualByComparingTo("45000");
        assertThat(offered.get("netValue").decimalValue()).isEqualByComparingTo("36900");
        assertThat(offered.at("/lines/0/offeredUnitPrice").decimalValue()).isEqualByComparingTo("36900");
        assertThat(offered.get("validityDays").asInt()).isEqualTo(30);
        assertThat(offered.get("lastValidDay").isNull()).isFalse();
        assertThat(offered.get("expiresAt").isNull()).isFalse();
    }

    @Test
    void unknownQuoteIsANotFoundProblemOnEveryResource() {
        assertProblem(steps.apiGet("/api/v1/quotes/Q-NOSUCH00"), 404, null);
        assertProblem(steps.apiGet("/api/v1/quotes/Q-NOSUCH00/versions"), 404, null);
        assertProblem(steps.apiGet("/api/v1/quotes/Q-NOSUCH00/versions/1"), 404, null);
        assertProblem(steps.buyerAction("Q-NOSUCH00", Values.ACCEPT, Map.of("userId", "anna.schmidt")), 404, null);
        assertProblem(steps.buyerAction("Q-NOSUCH00", Values.DECLINE, Map.of("userId", "anna.schmidt")), 404, null);
        assertProblem(steps.buyerAction("Q-NOSUCH00", Values.RENEGOTIATE, Map.of("userId", "anna.schmidt")), 404, null);
    }

    @Test
    void eventsOfAnUnknownQuoteAreNotFound() {
        HttpResponse<String> response = HttpCalls.get(url("/api/v1/quotes/Q-NOSUCH00/events"),
                "X-Api-Key", QuoteSteps.API_KEY, "Accept", "text/event-stream");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    }

    @Test
    void versionOneIsTheOriginalRequestAndEachOfferAddsAnImmutableVersion() {
        String code = steps.offeredQuote();

        JsonNode versions = read(steps.apiGet("/api/v1/quotes/" + code + "/versions"));
        assertThat(versions).hasSize(2);
        JsonNode original = versions.get(0);
        assertThat(original.get("version").asInt()).isEqualTo(1);
        assertThat(original.get("reason").asText()).isEqualTo("REQUESTED");
        assertThat(original.at("/snapshot/state").asText()).isEqualTo("SUBMITTED");
        assertThat(original.at("/snapshot/customerId").asText()).isEqualTo("anna.schmidt");
        assertThat(original.at("/snapshot/requestedDiscountPercent").decimalValue()).isEqualByComparingTo("18");
        assertThat(original.at("/snapshot/offeredDiscountPercent").isNull()).isTrue();
        assertThat(original.at("/snapshot/lines/0/sku").asText()).isEqualTo("SKU-CAP-200");
        assertThat(original.at("/snapshot/buyerComment").asText()).isEqualTo("Bitte bis Monatsende liefern.");
        JsonNode offer = versions.get(1);
        assertThat(offer.get("version").asInt()).isEqualTo(2);
        assertThat(offer.get("reason").asText()).isEqualTo("OFFERED");
        assertThat(offer.at("/snapshot/offeredDiscountPercent").decimalValue()).isEqualByComparingTo("18");
        assertThat(offer.at("/snapshot/netValue").decimalValue()).isEqualByComparingTo("36900");

        HttpResponse<String> single = steps.apiGet("/api/v1/quotes/" + code + "/versions/1");
        assertThat(single.statusCode()).isEqualTo(200);
        assertThat(read(single)).isEqualTo(original);
    }

    @Test
    void unknownOrMalformedVersionIsAProblemNotAServerError() {
        String code = steps.createQuote(germanRequest());

        assertProblem(steps.apiGet("/api/v1/quotes/" + code + "/versions/2"), 404, null);
        assertProblem(steps.apiGet("/api/v1/quotes/" + code + "/versions/99"), 404, null);
        assertProblem(steps.apiGet("/api/v1/quotes/" + code + "/versions/one"), 400, "version");
    }

    // --- GET /api/v1/quotes/{code}/events --------------------------------------------------------------------------

    @Test
    void eventStreamSendsOneQuoteEventPerStateChangeWithIncreasingIds() throws Exception {
        String code = steps.createQuote(germanRequest());
        steps.executeDueJobs(steps.processInstanceId(code));

        try (EventStream stream = steps.events(code, null)) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.response().headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            Event submitted = stream.next(EVENT_TIMEOUT);
            Event inReview = stream.next(EVENT_TIMEOUT);

            assertThat(submitted).isNotNull();
            assertThat(inReview).isNotNull();
            assertThat(List.of(submitted.name(), inReview.name())).containsOnly("quote");
            assertThat(submitted.state()).isEqualTo("SUBMITTED");
            assertThat(submitted.data().get("previousState").isNull()).isTrue();
            assertThat(submitted.data().get("quoteCode").asText()).isEqualTo(code);
            assertThat(inReview.state()).isEqualTo("IN_REVIEW");
            assertThat(inReview.data().get("previousState").asText()).isEqualTo("SUBMITTED");
            assertThat(inReview.id()).isGreaterThan(submitted.id());
            assertThat(stream.rawLines).contains("event:quote", "id:" + submitted.id(), "id:" + inReview.id());
            assertThat(stream.rawLines).anySatisfy(line -> assertThat(line).startsWith("data:"));
        }
    }

    @Test
    void lastEventIdResumesAfterThatEventAndLaterChangesArriveLive() throws Exception {
        String code = steps.createQuote(germanRequest());
        steps.executeDueJobs(steps.processInstanceId(code));
        long submittedId;
        try (EventStream all = steps.events(code, null)) {
            submittedId = all.next(EVENT_TIMEOUT).id();
        }

        try (EventStream resumed = steps.events(code, submittedId)) {
            Event first = resumed.next(EVENT_TIMEOUT);
            assertThat(first).isNotNull();
            assertThat(first.state()).isEqualTo("IN_REVIEW");
            assertThat(first.id()).isGreaterThan(submittedId);

            // 5 % needs no approval in DE: the review alone makes the offer
            steps.review(code, "sara", 5, 30);

            Event live = resumed.next(EVENT_TIMEOUT);
            assertThat(live).as("the OFFERED event, pushed while the stream is open").isNotNull();
            assertThat(live.state()).isEqualTo("OFFERED");
            assertThat(live.data().get("previousState").asText()).isEqualTo("IN_REVIEW");
            assertThat(live.data().get("version").asInt()).isEqualTo(2);
            assertThat(live.id()).isGreaterThan(first.id());
        }
    }

    // --- POST accept / decline / renegotiate -----------------------------------------------------------------------

    @Test
    void buyerActionsBeforeTheOfferAreConflictsNamingStateAndAction() {
        String code = steps.createQuote(germanRequest());
        steps.executeDueJobs(steps.processInstanceId(code));

        for (String action : List.of(Values.ACCEPT, Values.DECLINE, Values.RENEGOTIATE)) {
            HttpResponse<String> response = steps.buyerAction(code, action, Map.of("userId", "anna.schmidt"));

            assertProblem(response, 409, null);
            JsonNode problem = read(response);
            assertThat(problem.get("state").asText()).isEqualTo("IN_REVIEW");
            assertThat(problem.get("action").asText()).isEqualTo(action);
        }
        assertThat(steps.state(code)).isEqualTo("IN_REVIEW");
    }

    @Test
    void acceptWithoutUserIdIsRefusedNamingTheField() {
        String code = steps.createQuote(germanRequest());

        assertProblem(steps.apiPost("/api/v1/quotes/" + code + "/accept", "{\"activeB2bUnitId\":\"DE-UNIKLINIK\"}"),
                400, "userId");
        assertProblem(steps.apiPost("/api/v1/quotes/" + code + "/accept", "{\"userId\":"), 400, "body");
    }

    @Test
    void userOutsideTheQuotesUnitCannotAcceptAndNoOrderIsPlaced() {
        String code = steps.offeredQuote();
        String processInstanceId = steps.processInstanceId(code);

        HttpResponse<String> response = steps.buyerAction(code, Values.ACCEPT,
                Map.of("userId", "noah.miller", "activeB2bUnitId", "US-MERCY"));

        assertProblem(response, 403, "userId");
        assertThat(response.body()).contains("DE-UNIKLINIK");
        JsonNode quote = steps.quote(code);
        assertThat(quote.get("state").asText()).isEqualTo("OFFERED");
        assertThat(quote.get("orderRequestId").isNull()).isTrue();
        assertThat(steps.executeDueJobs(processInstanceId)).as("nothing to hand over to commerce").isZero();
        assertThat(quote.get("commerceOrderCode").isNull()).isTrue();
        assertThat(historyService.createHistoricProcessInstanceQuery().processDefinitionKey(OrderProcess.KEY)
                .variableValueEquals(OrderProcess.Variables.QUOTE_CODE, code).count()).isZero();
    }

    @Test
    void unknownUserCannotAccept() {
        String code = steps.offeredQuote();

        HttpResponse<String> response = steps.buyerAction(code, Values.ACCEPT, Map.of("userId", "nobody.known"));

        assertProblem(response, 403, "userId");
        assertThat(steps.state(code)).isEqualTo("OFFERED");
    }

    @Test
    void buyerInTwoUnitsAcceptsWhileAnotherUnitIsActiveAndTheOrderIsPlacedOnTheQuotesUnit() {
        String code = steps.offeredQuote();

        HttpResponse<String> response = steps.buyerAction(code, Values.ACCEPT,
                Map.of("userId", "anna.schmidt", "activeB2bUnitId", "DE-MVZ-NORD"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String orderRequestId = read(response).get("orderRequestId").asText();
        assertThat(orderRequestId).startsWith("OR-");
        assertThat(steps.state(code)).isEqualTo("ACCEPTED");

        JsonNode order = orderOf(code, orderRequestId);
        assertThat(order.get("b2bUnitId").asText()).isEqualTo("DE-UNIKLINIK");
        assertThat(order.get("customerId").asText()).isEqualTo("anna.schmidt");
        assertThat(order.at("/lines/0/sku").asText()).isEqualTo("SKU-CAP-200");
        assertThat(new BigDecimal(order.at("/lines/0/unitPrice").asText())).isEqualByComparingTo("36900");
    }

    @Test
    void colleagueInTheQuotesUnitCanAcceptAndTheOrderStaysTheQuoteCustomers() {
        String code = steps.offeredQuote();

        HttpResponse<String> response = steps.buyerAction(code, Values.ACCEPT,
                Map.of("userId", "jens.weber", "activeB2bUnitId", "DE-UNIKLINIK"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode order = orderOf(code, read(response).get("orderRequestId").asText());
        assertThat(order.get("b2bUnitId").asText()).isEqualTo("DE-UNIKLINIK");
        assertThat(order.get("customerId").asText()).isEqualTo("anna.schmidt");
    }

    @Test
    void acceptedQuoteCannotBeAcceptedTwice() {
        String code = steps.offeredQuote();
        assertThat(steps.buyerAction(code, Values.ACCEPT, Map.of("userId", "anna.schmidt")).statusCode()).isEqualTo(200);

        HttpResponse<String> again = steps.buyerAction(code, Values.ACCEPT, Map.of("userId", "anna.schmidt"));

        assertProblem(again, 409, null);
        assertThat(read(again).get("state").asText()).isEqualTo("ACCEPTED");
        assertThat(read(again).get("action").asText()).isEqualTo(Values.ACCEPT);
    }

    @Test
    void buyerActionsOnOneQuoteAtOnceGiveOneOutcomeAndConflictsNeverErrors() throws Exception {
        List<String> codes = List.of(steps.offeredQuote(), steps.offeredQuote(), steps.offeredQuote());
        ExecutorService buyers = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (String code : codes) {
                for (int i = 0; i < 8; i++) {
                    String action = i % 4 == 3 ? Values.DECLINE : Values.ACCEPT;
                    answers.add(buyers.submit(() -> steps.buyerAction(code, action,
                            Map.of("userId", "anna.schmidt", "reason", "changed our mind"))));
                }
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                statuses.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() == 409) {
                    assertThat(read(response).get("state").asText()).isIn("ACCEPTED", "DECLINED", "ORDERED");
                }
            }

            assertThat(statuses).as("answers by status").containsOnlyKeys(200, 409).containsEntry(200, codes.size());
        } finally {
            buyers.shutdownNow();
        }
        for (String code : codes) {
            assertThat(steps.state(code)).isIn("ACCEPTED", "DECLINED");
            assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(OrderProcess.KEY)
                    .variableValueEquals(OrderProcess.Variables.QUOTE_CODE, code).count()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void declinedQuoteIsDeclinedAndCannotBeAcceptedAfterwards() {
        String code = steps.offeredQuote();
        String processInstanceId = steps.processInstanceId(code);

        HttpResponse<String> response = steps.buyerAction(code, Values.DECLINE,
                Map.of("userId", "anna.schmidt", "reason", "Budget gestrichen"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode declined = read(response);
        assertThat(declined.get("state").asText()).isEqualTo("DECLINED");
        assertThat(declined.get("allowedActions")).isEmpty();
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(processInstanceId).count())
                .as("the process has ended").isZero();
        HttpResponse<String> accept = steps.buyerAction(code, Values.ACCEPT, Map.of("userId", "anna.schmidt"));
        assertProblem(accept, 409, null);
        assertThat(read(accept).get("state").asText()).isEqualTo("DECLINED");
    }

    @Test
    void renegotiationSendsTheQuoteBackToReviewAndTheNextOfferIsVersionThree() throws Exception {
        String code = steps.offeredQuote();

        HttpResponse<String> response = steps.buyerAction(code, Values.RENEGOTIATE,
                Map.of("userId", "anna.schmidt", "comment", "Bitte 20 % bei zwei Geräten"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode renegotiating = read(response);
        assertThat(renegotiating.get("state").asText()).isEqualTo("IN_REVIEW");
        assertThat(renegotiating.get("allowedActions")).isEmpty();
        assertThat(renegotiating.get("buyerComment").asText()).isEqualTo("Bitte 20 % bei zwei Geräten");
        assertThat(steps.task(code, Elements.REVIEW_QUOTE, "sara")).as("a new review task").isNotNull();

        steps.review(code, "sara", 5, 30);

        JsonNode reoffered = steps.quote(code);
        assertThat(reoffered.get("state").asText()).isEqualTo("OFFERED");
        assertThat(reoffered.get("version").asInt()).isEqualTo(3);
        assertThat(reoffered.get("offeredDiscountPercent").decimalValue()).isEqualByComparingTo("5");
        JsonNode versions = read(steps.apiGet("/api/v1/quotes/" + code + "/versions"));
        assertThat(versions.findValuesAsText("reason")).containsExactly("REQUESTED", "OFFERED", "OFFERED");
        JsonNode third = read(steps.apiGet("/api/v1/quotes/" + code + "/versions/3"));
        assertThat(third.at("/snapshot/offeredDiscountPercent").decimalValue()).isEqualByComparingTo("5");
        assertThat(read(steps.apiGet("/api/v1/quotes/" + code + "/versions/2"))
                .at("/snapshot/offeredDiscountPercent").decimalValue()).as("version 2 is unchanged").isEqualByComparingTo("18");
        try (EventStream stream = steps.events(code, null)) {
            assertThat(stream.until("OFFERED", EVENT_TIMEOUT)).extracting(Event::state)
                    .containsExactly("SUBMITTED", "IN_REVIEW", "PENDING_APPROVAL", "OFFERED");
            assertThat(stream.until("OFFERED", EVENT_TIMEOUT)).extracting(Event::state)
                    .containsExactly("RENEGOTIATION_REQUESTED", "IN_REVIEW", "OFFERED");
        }
    }

    // --- the people's steps: four eyes over the engine REST --------------------------------------------------------

    @Test
    void salesRepIsRefusedTheDiscountApproval() {
        String code = steps.createQuote(germanRequest());
        steps.executeDueJobs(steps.processInstanceId(code));
        steps.review(code, "sara", 18, 30);
        String approval = steps.taskId(code, Elements.APPROVE_DISCOUNT, "mike");
        Set<String> fields = steps.enabledFormFields(approval, "mike");

        assertThat(steps.task(code, Elements.APPROVE_DISCOUNT, "sara")).as("not in sara's task list").isNull();
        HttpResponse<String> response = steps.submitForm(approval, "sara", approvalForm(Values.APPROVE, null), fields);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(read(response).get("type").asText()).isEqualTo("AuthorizationException");
        assertThat(read(response).get("message").asText()).contains("sara").doesNotContainIgnoringCase("four eyes");
        assertThat(steps.state(code)).isEqualTo("PENDING_APPROVAL");
        assertThat(taskService.createTaskQuery().taskId(approval).count()).isEqualTo(1);
    }

    @Test
    void reviewerWhoIsAlsoAManagerCannotApproveTheirOwnOfferButAnotherManagerCan() {
        User paula = identityService.newUser(REVIEWING_MANAGER);
        paula.setFirstName("Paula");
        paula.setLastName("Promoted");
        paula.setPassword(PASSWORD);
        identityService.saveUser(paula);
        identityService.createMembership(REVIEWING_MANAGER, Groups.SALES);
        identityService.createMembership(REVIEWING_MANAGER, Groups.SALES_MANAGERS);
        String code = steps.createQuote(germanRequest());
        steps.executeDueJobs(steps.processInstanceId(code));
        steps.review(code, REVIEWING_MANAGER, 18, 30);
        assertThat(steps.state(code)).isEqualTo("PENDING_APPROVAL");
        assertThat(steps.task(code, Elements.APPROVE_DISCOUNT, REVIEWING_MANAGER)).as("not offered to its reviewer").isNull();
        String approval = steps.taskId(code, Elements.APPROVE_DISCOUNT, "mike");

        // sent anyway, with the form's fields as another manager reads them
        HttpResponse<String> ownApproval = steps.submitForm(approval, REVIEWING_MANAGER,
                approvalForm(Values.APPROVE, "passt"), steps.enabledFormFields(approval, "mike"));

        assertThat(ownApproval.statusCode()).as(ownApproval.body()).isEqualTo(403);
        assertThat(read(ownApproval).get("type").asText()).isEqualTo("AuthorizationException");
        assertThat(read(ownApproval).get("message").asText()).startsWith("Four eyes: " + REVIEWING_MANAGER + " reviewed quote " + code);
        assertThat(steps.state(code)).isEqualTo("PENDING_APPROVAL");
        assertThat(taskService.createTaskQuery().taskId(approval).count()).as("the approval is still open").isEqualTo(1);

        steps.approve(code, "mike");

        assertThat(steps.state(code)).isEqualTo("OFFERED");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** Runs the hand-over to commerce and returns the commerce order of the quote. */
    private JsonNode orderOf(String code, String orderRequestId) {
        steps.executeDueJobs(steps.processInstanceId(code));
        JsonNode quote = steps.quote(code);
        assertThat(quote.get("state").asText()).isEqualTo("ORDERED");
        assertThat(quote.get("orderRequestId").asText()).isEqualTo(orderRequestId);
        String orderCode = quote.get("commerceOrderCode").asText();
        assertThat(orderCode).isNotBlank();
        HttpResponse<String> order = HttpCalls.get(url("/sandbox/commerce/orders/" + orderCode),
                "Authorization", HttpCalls.basic("sara", PASSWORD));
        assertThat(order.statusCode()).as(order.body()).isEqualTo(200);
        return read(order);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as("problem content type")
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = read(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).startsWith("https://orderflow.example/problems/");
        assertThat(problem.get("title").asText()).isNotBlank();
        if (field != null) {
            assertThat(problem.get("errors").findValuesAsText("field")).contains(field);
        }
    }
}
