package io.orderflow.quote;

import static io.orderflow.HttpCalls.basic;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.HttpCalls;
import io.orderflow.quote.QuoteProcess.Elements;
import io.orderflow.quote.QuoteProcess.Values;
import io.orderflow.quote.QuoteProcess.Variables;
import io.orderflow.notification.OutboxSender;
import io.orderflow.sandbox.SandboxMailServer;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/**
 * What the quote tests do over real HTTP: the checkout's calls to {@code /api/v1/quotes}, the people's steps through
 * the engine REST (deployed Camunda form, submit exactly its enabled fields), and the asynchronous steps the job
 * executor would take, which the tests run themselves.
 */
final class QuoteSteps {

    static final String API_KEY = "sandbox-checkout-key";
    static final String PASSWORD = "demo";
    static final ObjectMapper JSON = new ObjectMapper();
    /** More than enough for any run of the models; stops a job that keeps creating jobs from looping forever. */
    private static final int MAX_JOBS = 50;

    private final int port;
    private final RuntimeService runtimeService;
    private final ManagementService managementService;

    QuoteSteps(int port, RuntimeService runtimeService, ManagementService managementService) {
        this.port = port;
        this.runtimeService = runtimeService;
        this.managementService = managementService;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    // --- the checkout ------------------------------------------------------------------------------------------

    /** anna.schmidt of DE-UNIKLINIK asks 18 % on one SKU-CAP-200. */
    static ObjectNode germanRequest() {
        ObjectNode request = JSON.createObjectNode();
        request.put("cartId", "cart-" + UUID.randomUUID());
        request.put("customerId", "anna.schmidt");
        request.put("b2bUnitId", "DE-UNIKLINIK");
        request.put("country", "DE");
        request.put("locale", "de-DE");
        request.put("currency", "EUR");
        ObjectNode item = request.putArray("items").addObject();
        item.put("sku", "SKU-CAP-200");
        item.put("quantity", 1);
        item.put("unitPrice", new java.math.BigDecimal("45000.00"));
        request.put("requestedDiscountPercent", 18);
        request.put("buyerComment", "Bitte bis Monatsende liefern.");
        return request;
    }

    HttpResponse<String> postQuote(String body, String idempotencyKey) {
        List<String> headers = new ArrayList<>(List.of("X-Api-Key", API_KEY));
        if (idempotencyKey != null) {
            headers.addAll(List.of("Idempotency-Key", idempotencyKey));
        }
        return HttpCalls.postJson(url("/api/v1/quotes"), body, headers.toArray(String[]::new));
    }

    /** Creates the quote and returns its code. */
    String createQuote(ObjectNode request) {
        HttpResponse<String> response = postQuote(request.toString(), UUID.randomUUID().toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return read(response).get("quoteCode").asText();
    }

    HttpResponse<String> apiGet(String path) {
        return HttpCalls.get(url(path), "X-Api-Key", API_KEY);
    }

    HttpResponse<String> apiPost(String path, String json) {
        return HttpCalls.postJson(url(path), json, "X-Api-Key", API_KEY);
    }

    JsonNode quote(String code) {
        HttpResponse<String> response = apiGet("/api/v1/quotes/" + code);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return read(response);
    }

    String state(String code) {
        return quote(code).get("state").asText();
    }

    HttpResponse<String> buyerAction(String code, String action, Map<String, String> body) {
        return apiPost("/api/v1/quotes/" + code + "/" + action, JSON.valueToTree(body).toString());
    }

    // --- the buyer's quote page -------------------------------------------------------------------------------

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    /**
     * Delivers the mails due now and returns the link to the quote page in the latest mail of the quote that has one
     * (the offer or a reminder).
     */
    String offerLink(String code, OutboxSender outbox, SandboxMailServer mailbox, Instant now) {
        outbox.sendDue(now);
        return mailbox.mails().stream().filter(mail -> mail.subject().contains(code))
                .flatMap(mail -> mail.links().stream()).filter(href -> href.startsWith(url("/q/")))
                .reduce((earlier, later) -> later).orElseThrow(() -> new AssertionError("no mail links to the page of " + code));
    }

    /** A browser of its own: it keeps the page's session cookie and does not follow redirects. */
    static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static HttpResponse<String> open(HttpClient browser, String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(browser, request);
    }

    /**
     * What pressing the action's button on the quote page sends (with the form's CSRF token from the page as the
     * browser last loaded it).
     */
    static HttpRequest.Builder pageAction(String page, String link, String action, String comment) {
        String path = URI.create(link).getPath() + "/" + action;
        int start = page.indexOf("action=\"" + path + "\"");
        assertThat(start).as(action + " form on the quote page").isPositive();
        Matcher csrf = CSRF.matcher(page.substring(start, page.indexOf("</form>", start)));
        assertThat(csrf.find()).as("the " + action + " form carries a CSRF token").isTrue();
        String body = "_csrf=" + encode(csrf.group(1)) + (comment == null ? "" : "&comment=" + encode(comment));
        return HttpRequest.newBuilder(URI.create(link + "/" + action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static HttpResponse<String> send(HttpClient browser, HttpRequest.Builder request) {
        try {
            return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- the engine: asynchronous steps ------------------------------------------------------------------------

    String processInstanceId(String code) {
        ProcessInstance instance = runtimeService.createProcessInstanceQuery().processDefinitionKey(QuoteProcess.KEY)
                .processInstanceBusinessKey(code).singleResult();
        assertThat(instance).as("running quote-to-order instance of " + code).isNotNull();
        return instance.getId();
    }

    /**
     * Runs, as the job executor would, every job of the quote's process instance (and of the instances it called)
     * that is due at the engine's current time, including the jobs those jobs create; returns how many ran.
     */
    int executeDueJobs(String processInstanceId) {
        int executed = 0;
        while (true) {
            Set<String> instances = instanceTree(processInstanceId);
            List<Job> due = instances.isEmpty() ? List.of()
                    : managementService.createJobQuery().processInstanceIds(instances).executable().list();
            if (due.isEmpty()) {
                return executed;
            }
            for (Job job : due) {
                managementService.executeJob(job.getId());
                executed++;
            }
            assertThat(executed).as("jobs executed for " + processInstanceId).isLessThan(MAX_JOBS);
        }
    }

    private Set<String> instanceTree(String processInstanceId) {
        Set<String> ids = new HashSet<>();
        List<String> next = new ArrayList<>(List.of(processInstanceId));
        while (!next.isEmpty()) {
            String id = next.remove(0);
            if (runtimeService.createProcessInstanceQuery().processInstanceId(id).count() == 0) {
                continue;
            }
            ids.add(id);
            runtimeService.createProcessInstanceQuery().superProcessInstanceId(id).list()
                    .forEach(sub -> next.add(sub.getId()));
        }
        return ids;
    }

    // --- the engine: people's steps over the engine REST ------------------------------------------------------

    /** The task of the quote with that definition key, as the user sees it over the engine REST (null if none). */
    JsonNode task(String code, String taskDefinitionKey, String user) {
        HttpResponse<String> response = HttpCalls.get(url("/engine-rest/task?processInstanceBusinessKey="
                + encode(code) + "&taskDefinitionKey=" + encode(taskDefinitionKey)), "Authorization", basic(user, PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode tasks = read(response);
        assertThat(tasks.size()).as(taskDefinitionKey + " tasks of " + code + " visible to " + user).isLessThanOrEqualTo(1);
        return tasks.isEmpty() ? null : tasks.get(0);
    }

    String taskId(String code, String taskDefinitionKey, String user) {
        JsonNode task = task(code, taskDefinitionKey, user);
        assertThat(task).as(taskDefinitionKey + " task of " + code + " for " + user).isNotNull();
        return task.get("id").asText();
    }

    /** The keys of the deployed Camunda form's fields a person can fill in (the disabled ones only show data). */
    Set<String> enabledFormFields(String taskId, String user) {
        HttpResponse<String> response = HttpCalls.get(url("/engine-rest/task/" + taskId + "/deployed-form"),
                "Authorization", basic(user, PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Set<String> keys = new HashSet<>();
        for (JsonNode component : read(response).get("components")) {
            if (component.hasNonNull("key") && !component.path("disabled").asBoolean(false)) {
                keys.add(component.get("key").asText());
            }
        }
        return keys;
    }

    /**
     * Submits the task's form as the user would in Tasklist: fetches the deployed form and sends exactly its enabled
     * fields. Returns the engine REST's answer.
     */
    HttpResponse<String> submitForm(String taskId, String user, Map<String, Object> values) {
        return submitForm(taskId, user, values, enabledFormFields(taskId, user));
    }

    /** Submits the form's enabled fields, as read by someone who may read the form, as the given user. */
    HttpResponse<String> submitForm(String taskId, String user, Map<String, Object> values, Set<String> enabledFields) {
        assertThat(values.keySet()).as("the fields sent are exactly the form's enabled fields").isEqualTo(enabledFields);
        ObjectNode variables = JSON.createObjectNode();
        values.forEach((name, value) -> {
            ObjectNode variable = variables.putObject(name);
            variable.set("value", JSON.valueToTree(value));
            variable.put("type", value instanceof Double ? "Double" : value instanceof Long ? "Long" : "String");
        });
        ObjectNode body = JSON.createObjectNode();
        body.set("variables", variables);
        return HttpCalls.postJson(url("/engine-rest/task/" + taskId + "/submit-form"), body.toString(),
                "Authorization", basic(user, PASSWORD));
    }

    static Map<String, Object> reviewForm(double discountPercent, long validityDays, String comment, String outcome) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put(Variables.OFFERED_DISCOUNT_PERCENT, discountPercent);
        form.put(Variables.VALIDITY_DAYS, validityDays);
        form.put(Variables.SELLER_COMMENT, comment);
        form.put(Variables.REVIEW_OUTCOME, outcome);
        return form;
    }

    static Map<String, Object> approvalForm(String decision, String comment) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put(Variables.APPROVAL_DECISION, decision);
        form.put(Variables.APPROVER_COMMENT, comment);
        return form;
    }

    /** The reviewer offers the discount for the given validity. */
    void review(String code, String reviewer, double discountPercent, long validityDays) {
        String taskId = taskId(code, Elements.REVIEW_QUOTE, reviewer);
        HttpResponse<String> response = submitForm(taskId, reviewer,
                reviewForm(discountPercent, validityDays, "Sonderkondition für die Uniklinik", Values.OFFER));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    void approve(String code, String approver) {
        String taskId = taskId(code, Elements.APPROVE_DISCOUNT, approver);
        HttpResponse<String> response = submitForm(taskId, approver, approvalForm(Values.APPROVE, "Freigegeben"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    /** Creates a German quote request and takes it to OFFERED: sara reviews, mike approves the discount. */
    String offeredQuote() {
        return offeredQuote(germanRequest());
    }

    /** Takes the quote request to OFFERED with 18 %: sara reviews, mike approves the discount. */
    String offeredQuote(ObjectNode request) {
        String code = createQuote(request);
        executeDueJobs(processInstanceId(code));
        review(code, "sara", 18, 30);
        assertThat(state(code)).isEqualTo("PENDING_APPROVAL");
        approve(code, "mike");
        assertThat(state(code)).isEqualTo("OFFERED");
        return code;
    }

    // --- live events -------------------------------------------------------------------------------------------

    record Event(long id, String name, JsonNode data) {

        String state() {
            return data.get("state").asText();
        }
    }

    /** An event stream ({@code GET /api/v1/quotes/{code}/events} or a quote page's), read on a background thread. */
    final class EventStream implements AutoCloseable {

        private final HttpResponse<Stream<String>> response;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final CompletableFuture<Void> reader;
        final List<String> rawLines = new ArrayList<>();

        EventStream(String url, Long lastEventId, String... headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10));
            if (headers.length > 0) {
                request.headers(headers);
            }
            if (lastEventId != null) {
                request.header("Last-Event-ID", String.valueOf(lastEventId));
            }
            try {
                response = HttpClient.newHttpClient().send(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            reader = CompletableFuture.runAsync(() -> response.body().forEach(lines::add));
        }

        HttpResponse<Stream<String>> response() {
            return response;
        }

        /** The next complete event, or null if none arrives within the timeout. */
        Event next(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            Long id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    return null;
                }
                rawLines.add(line);
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        return new Event(id == null ? -1 : id, name, read(data.toString()));
                    }
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).strip());
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        }

        /** Events until one with the given state arrives (included), or the timeout passes. */
        List<Event> until(String state, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<Event> events = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                Event event = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                if (event == null) {
                    break;
                }
                events.add(event);
                if (event.state().equals(state)) {
                    break;
                }
            }
            return events;
        }

        @Override
        public void close() {
            response.body().close();
            reader.cancel(true);
        }
    }

    EventStream events(String code, Long lastEventId) {
        return new EventStream(url("/api/v1/quotes/" + code + "/events"), lastEventId, "X-Api-Key", API_KEY);
    }

    /** The live events of the buyer's quote page behind the link. */
    EventStream pageEvents(String quoteLink, Long lastEventId) {
        return new EventStream(quoteLink + "/events", lastEventId);
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    static JsonNode read(HttpResponse<String> response) {
        return read(response.body());
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not JSON: " + json, e);
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
