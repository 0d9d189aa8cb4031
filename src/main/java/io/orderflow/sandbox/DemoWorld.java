package io.orderflow.sandbox;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.orderflow.country.CountrySettings;
import io.orderflow.notification.OutboxSender;
import io.orderflow.order.OrderProcess;
import io.orderflow.order.OrderService;
import io.orderflow.order.PlaceOrderRequest;
import io.orderflow.quote.CreateQuoteRequest;
import io.orderflow.quote.Quote;
import io.orderflow.quote.QuoteProcess;
import io.orderflow.quote.QuoteService;
import io.orderflow.security.Groups;
import io.orderflow.validation.CallbackInbox;
import io.orderflow.work.Worker;
import io.orderflow.validation.CustomerValidation;
import io.orderflow.validation.ReltioCallback;
import io.orderflow.validation.ValidationProcess;
import io.orderflow.validation.ValidationProcess.Elements;
import io.orderflow.validation.ValidationProcess.Variables;
import io.orderflow.validation.ValidationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Execution;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Months of work, played in seconds: buyers ask for quotes and place orders through the application's services, the
 * processes run, sara, mike, dora, bob and olga complete their tasks as themselves, buyers accept, decline or stay
 * silent, Reltio answers over the signed callback, an operator retries a failed job, and the engine clock moves from
 * one moment to the next, so that every timer fires when it is due. What happens afterwards is real history: the
 * reports, the audit timelines and Cockpit read it like any other. Work that would fall after now is left open.
 *
 * <p>While it plays, the engine clock is moved and the job executor and the application's schedules are paused (the
 * play runs the jobs, sends the mails and delivers the callbacks itself, each at its moment); all is restored
 * afterwards. It is meant for the first start of a sandbox, before anyone works in it.
 */
@Component
@Profile("sandbox")
public class DemoWorld {

    /** How much to play: quote requests and orders without a quote over the span up to now. */
    public record Plan(int quotes, int ordersWithoutQuote, Duration span, long seed) {
    }

    /** What was played: the quotes and orders made, and how many steps people and jobs took. */
    public record Played(List<String> quoteCodes, List<String> orderRequestIds, int actions, int jobs, Instant from,
            Instant until) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DemoWorld.class);
    static final String OPERATOR = "admin";
    /** Tasks that appeared in this last stretch are sometimes left lying. */
    private static final Duration LEFT_LYING = Duration.ofDays(8);
    private static final String SARA = "sara";
    private static final String BOB = "bob";
    private static final String OLGA = "olga";
    private static final List<String> BUYERS = List.of("anna.schmidt", "jens.weber", "emily.clark", "noah.miller", "luc.martin");
    private static final List<String> SKUS = List.of("SKU-CONS-100", "SKU-CAP-200", "SKU-CTRL-300");
    private static final Map<String, CustomerRecord> RECORDS = Map.of(
            "DE", new CustomerRecord("Universitätsklinikum Nord", "DE", "BY-MP-4711", "Ismaninger Straße 22", "München", "81675", "Bavaria"),
            "US", new CustomerRecord("Mercy General Hospital", "US", "CA-MD-2281", "4001 J Street", "Sacramento", "95819", "California"),
            "FR", new CustomerRecord("CHU de Lyon", "FR", "FR-ARS-0690", "3 Quai des Célestins", "Lyon", "69002", "Auvergne-Rhône-Alpes"));

    /** What back office enters for a customer; the tax id's last digit decides the sandbox Reltio's answer. */
    private record CustomerRecord(String legalName, String taxPrefix, String licence, String street, String city,
            String postalCode, String region) {
    }

    private final QuoteService quotes;
    private final OrderService orders;
    private final ValidationService validations;
    private final CallbackInbox inbox;
    private final CountrySettings countries;
    private final OutboxSender mails;
    private final CommerceSimulator commerce;
    private final ReltioSimulator reltio;
    private final ProcessEngine engine;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ObjectProvider<ThreadPoolTaskScheduler> scheduler;
    private final ObjectProvider<Worker> workers;

    DemoWorld(QuoteService quotes, OrderService orders, ValidationService validations, CallbackInbox inbox,
            CountrySettings countries,
            OutboxSender mails, CommerceSimulator commerce, ReltioSimulator reltio, ProcessEngine engine,
            JdbcTemplate jdbc, Clock clock, ObjectProvider<ThreadPoolTaskScheduler> scheduler,
            ObjectProvider<Worker> workers) {
        this.quotes = quotes;
        this.orders = orders;
        this.validations = validations;
        this.inbox = inbox;
        this.countries = countries;
        this.mails = mails;
        this.commerce = commerce;
        this.reltio = reltio;
        this.engine = engine;
        this.jdbc = jdbc;
        this.clock = clock;
        this.scheduler = scheduler;
        this.workers = workers;
    }

    /** Plays the plan up to now and returns what it made. */
    public Played play(Plan plan) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JobExecutor executor = ((ProcessEngineImpl) engine).getProcessEngineConfiguration().getJobExecutor();
        boolean executing = executor != null && executor.isActive();
        if (executing) {
            executor.shutdown();
        }
        // the outbox and callback workers and the other schedules would act at whatever moment the moved clock shows
        List<Worker> running = workers.stream().filter(Worker::isRunning).toList();
        running.forEach(Worker::stop);
        ThreadPoolTaskScheduler schedules = scheduler.getIfAvailable();
        if (schedules != null) {
            schedules.stop();
            while (schedules.getActiveCount() > 0) {
                pause();
            }
        }
        reltio.deferCallbacks(true);
        try {
            return new Run(plan, now).play();
        } finally {
            engine.getIdentityService().clearAuthentication();
            ClockUtil.reset();
            reltio.deferCallbacks(false);
            if (schedules != null) {
                schedules.start();
            }
            running.forEach(Worker::start);
            if (executing) {
                executor.start();
            }
        }
    }

    private record Buyer(String id, String unit, String country, String currency) {
    }

    /** One thing someone does at a moment. */
    private record Action(Instant at, long order, String what, Runnable step) {
    }

    private final class Run {

        private final Plan plan;
        private final Instant end;
        private final Random random;
        private final DemoTime time;
        private final TaskService taskService = engine.getTaskService();
        private final RuntimeService runtimeService = engine.getRuntimeService();
        private final ManagementService managementService = engine.getManagementService();
        private final IdentityService identityService = engine.getIdentityService();
        private final PriorityQueue<Action> agenda = new PriorityQueue<>(
                Comparator.comparing(Action::at).thenComparingLong(Action::order));
        private final Set<String> seen = new HashSet<>();
        private final Set<String> undelivered = new HashSet<>();
        /** The process instances this play started: quotes and orders without a quote. */
        private final Set<String> roots = new HashSet<>();
        private final List<String> quoteCodes = new ArrayList<>();
        private final List<String> orderRequestIds = new ArrayList<>();
        /** Carts whose quote expired or was declined: their buyer sometimes asks again. */
        private final List<String[]> openCarts = new ArrayList<>();
        private final ExecutorService mailing = Executors.newSingleThreadExecutor();
        private long sequence;
        private int actions;

        Run(Plan plan, Instant end) {
            this.plan = plan;
            this.end = end;
            this.random = new Random(plan.seed());
            this.time = new DemoTime(managementService, this::sendMails);
        }

        Played play() {
            Instant from = end.minus(plan.span());
            for (int i = 0; i < plan.quotes(); i++) {
                // one in ten from the last days, so that there is open work
                Duration back = i % 10 == 0 ? Duration.ofDays(4) : plan.span();
                at(end.minus(between(Duration.ofMinutes(5), back)), "quote request", this::requestQuote);
            }
            for (int i = 0; i < plan.ordersWithoutQuote(); i++) {
                at(end.minus(between(Duration.ofMinutes(30), plan.span())), "order", () -> placeOrder(false));
            }
            at(end.minus(plan.span().dividedBy(5)), "order commerce refuses for a while", () -> placeOrder(true));
            time.set(from);
            try {
                while (!agenda.isEmpty()) {
                    Action action = agenda.poll();
                    if (!action.at().isAfter(end)) { // what would come after now stays open work
                        time.advanceTo(action.at());
                        take(action);
                        time.runDueJobs();
                        notice();
                    }
                }
                time.advanceTo(end);
            } finally {
                mailing.shutdown();
                awaitMails();
            }
            return new Played(List.copyOf(quoteCodes), List.copyOf(orderRequestIds), actions, time.executed(), from, end);
        }

        /**
         * What the outbox schedule would do at this moment, on a thread of its own (the sandbox's SMTP server is slow
         * to answer, not busy), in order, and stamped with this moment.
         */
        private void sendMails(Instant at) {
            mailing.execute(() -> mails.sendDue(at));
        }

        private void take(Action action) {
            try {
                action.step().run();
                actions++;
            } catch (RuntimeException e) {
                LOG.warn("Demo step '{}' at {} failed: {}", action.what(), action.at(), e.getMessage());
            } finally {
                identityService.clearAuthentication();
            }
        }

        private void awaitMails() {
            try {
                if (!mailing.awaitTermination(2, TimeUnit.MINUTES)) {
                    LOG.warn("Demo mails are still being sent; the outbox schedule sends the rest");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        // --- what the world notices after each step -------------------------------------------------------------

        private void notice() {
            sendMails(time.now());
            if (!undelivered.isEmpty()) {
                inbox.deliverDue();
                undelivered.removeIf(requestId -> inbox.received(requestId).map(ReltioCallback::getStatus)
                        .filter(status -> status != ReltioCallback.Status.RECEIVED).isPresent());
            }
            for (Task task : taskService.createTaskQuery().active().list()) {
                if (seen.add("task:" + task.getId()) && ours(task.getProcessInstanceId())) {
                    taskAppeared(task);
                }
            }
            for (Map<String, Object> offer : jdbc.queryForList("select code, current_version from quote where state = 'OFFERED'")) {
                String code = (String) offer.get("code");
                if (quoteCodes.contains(code) && seen.add("offer:" + code + ":" + offer.get("current_version"))) {
                    offerArrived(quotes.get(code));
                }
            }
            for (Execution waiting : runtimeService.createExecutionQuery()
                    .activityId(Elements.CUSTOMER_DETAILS_SUBMITTED).list()) {
                if (seen.add("details:" + waiting.getId()) && ours(waiting.getProcessInstanceId()) && chance(70)) {
                    String orderRequestId = (String) runtimeService.getVariable(waiting.getId(),
                            Variables.ORDER_REQUEST_ID);
                    later(Duration.ofHours(2), Duration.ofDays(5), "buyer sends the details",
                            () -> validations.submitDetailsByBuyer(orderRequestId, kyc(orderRequestId, '0')));
                }
            }
            reltio.takeDeferred().forEach((requestId, body) -> {
                if (!ours(validations.byRequestId(requestId).map(CustomerValidation::getProcessInstanceId).orElse(null))) {
                    return; // a request of other work in the database: not this play's to answer
                }
                boolean slow = random.nextInt(100) < 8; // past the result timeout: back office chases
                later(slow ? Duration.ofHours(5) : Duration.ofMinutes(1), slow ? Duration.ofHours(8) : Duration.ofHours(3),
                        "Reltio answers " + requestId, () -> callBack(requestId, body));
            });
        }

        private void started(String processDefinitionKey, String businessKey) {
            roots.add(runtimeService.createProcessInstanceQuery().processDefinitionKey(processDefinitionKey)
                    .processInstanceBusinessKey(businessKey).singleResult().getId());
        }

        /** Whether the instance belongs to what this play started (the database may hold other work). */
        private boolean ours(String processInstanceId) {
            if (processInstanceId == null) {
                return false;
            }
            ProcessInstance instance = runtimeService.createProcessInstanceQuery().processInstanceId(processInstanceId)
                    .singleResult();
            return instance != null && roots.contains(instance.getRootProcessInstanceId());
        }

        /** Who does what with a task, and how long after it appeared; the values are what they submit. */
        private void taskAppeared(Task task) {
            String id = task.getId();
            switch (task.getTaskDefinitionKey()) {
                case QuoteProcess.Elements.REVIEW_QUOTE -> after(task, hours(2), hours(60), () -> review(id));
                case QuoteProcess.Elements.APPROVE_DISCOUNT -> after(task, hours(1), hours(30), () -> approveDiscount(id));
                case Elements.REQUEST_CUSTOMER_DETAILS -> after(task, minutes(10), hours(8), () -> complete(id, BOB,
                        Map.of(Variables.DETAILS_CHANNEL, chance(55) ? "enter" : "email")));
                case Elements.SUBMIT_KYC_DATA -> after(task, minutes(10), hours(20), () -> submitKyc(id));
                case Elements.FOLLOW_UP_CUSTOMER_DETAILS -> after(task, hours(1), hours(20), () -> complete(id, BOB,
                        chance(75) ? decision(Variables.FOLLOW_UP_OUTCOME, "enter", "")
                                : decision(Variables.FOLLOW_UP_OUTCOME, "reject", "The buyer did not send the details.")));
                case Elements.RESOLVE_CUSTOMER_MATCH -> after(task, hours(1), hours(20), () -> complete(id, BOB,
                        Map.of(Variables.CHOSEN_MASTER, chance(70) ? "1" : chance(67) ? "2" : "new")));
                case Elements.REVIEW_VALIDATION_FAILURE -> after(task, hours(1), hours(20), () -> complete(id, BOB,
                        chance(80) ? decision(Variables.FAILURE_DECISION, "fix", "")
                                : decision(Variables.FAILURE_DECISION, "reject", "The registration could not be verified.")));
                case Elements.CHASE_VALIDATION -> after(task, minutes(30), hours(2), () -> complete(id, BOB,
                        Map.of(Variables.CHASE_OUTCOME, "wait")));
                case Elements.APPROVE_ORDER -> after(task, hours(1), hours(40), () -> complete(id, OLGA,
                        chance(88) ? decision(Variables.ORDER_DECISION, "approve", "")
                                : decision(Variables.ORDER_DECISION, "reject", "Licence for controlled devices missing")));
                default -> LOG.warn("The demo does not know task {}", task.getTaskDefinitionKey());
            }
        }

        private Map<String, Object> decision(String variable, String value, String reason) {
            return Map.of(variable, value, Variables.DECISION_REASON, reason);
        }

        private boolean chance(int percent) {
            return random.nextInt(100) < percent;
        }

        // --- buyers ----------------------------------------------------------------------------------------------

        private void requestQuote() {
            Buyer buyer = buyer();
            BigDecimal discount = BigDecimal.valueOf(random.nextInt(71)).divide(BigDecimal.valueOf(2)); // 0 to 35
            CreateQuoteRequest request = new CreateQuoteRequest(cartOf(buyer.id()), buyer.id(), buyer.unit(),
                    buyer.country(), null, buyer.currency(), items().stream().map(item -> new CreateQuoteRequest.Item(item.sku(),
                            item.quantity(), item.unitPrice())).toList(), discount,
                    random.nextInt(4) == 0 ? "Delivery before the end of the quarter, please." : null);
            String code = quotes.create(request, "demo-quote-" + (++sequence)).quote().getCode();
            quoteCodes.add(code);
            started(QuoteProcess.KEY, code);
        }

        private void offerArrived(Quote offer) {
            String code = offer.getCode();
            String buyer = offer.getCustomerId();
            Instant decides = time.now().plus(between(Duration.ofHours(4), Duration.ofDays(24)));
            int choice = random.nextInt(100);
            if (choice >= 68 || decides.isAfter(offer.getExpiresAt())) {
                // silence: reminders, then the offer expires; the buyer may ask again for the cart later
                at(offer.getExpiresAt().plus(Duration.ofDays(1)), "cart of " + code + " open again",
                        () -> openCarts.add(new String[] {buyer, offer.getCartId()}));
                return;
            }
            if (choice < 48) {
                at(decides, "buyer accepts " + code, () -> orderRequestIds.add(quotes.accept(code, buyer,
                        offer.getB2bUnitId())));
            } else if (choice < 60 || offer.getCurrentVersion() > 2) {
                at(decides, "buyer declines " + code, () -> {
                    quotes.decline(code, buyer, "The budget was not approved.");
                    openCarts.add(new String[] {buyer, offer.getCartId()});
                });
            } else {
                at(decides, "buyer renegotiates " + code, () -> quotes.renegotiate(code, buyer,
                        "Could you do a little better on the price?"));
            }
        }

        private void placeOrder(boolean commerceFailsFirst) {
            Buyer buyer = buyer();
            PlaceOrderRequest request = new PlaceOrderRequest("demo-order-cart-" + (++sequence), buyer.id(),
                    buyer.unit(), buyer.country(), buyer.currency(), commerceFailsFirst ? List.of(new PlaceOrderRequest.Item("SKU-CONS-100", 40,
                            CommerceSimulator.PRODUCTS.get("SKU-CONS-100").unitPrice())) : items(), null);
            String orderRequestId = orders.place(request, "demo-order-" + sequence).order().getId();
            orderRequestIds.add(orderRequestId);
            started(OrderProcess.KEY, orderRequestId);
            if (commerceFailsFirst) {
                // three failed attempts put createCommerceOrder into an incident; operations retries it next morning
                commerce.planFailure(new CommerceSimulator.FailurePlan(orderRequestId, 3, "error"));
                at(time.now().plus(Duration.ofHours(18)), "operator retries " + orderRequestId, () -> retry(orderRequestId));
            }
        }

        private void retry(String orderRequestId) {
            String instanceId = runtimeService.createProcessInstanceQuery().processDefinitionKey(OrderProcess.KEY)
                    .processInstanceBusinessKey(orderRequestId).singleResult().getId();
            identityService.setAuthentication(OPERATOR, List.of(Groups.CAMUNDA_ADMIN));
            for (Job job : managementService.createJobQuery().processInstanceId(instanceId).noRetriesLeft().list()) {
                managementService.setJobRetries(job.getId(), 1);
            }
        }

        /** Reltio calls back; the result lands now, or as soon as the process waits for it again. */
        private void callBack(String requestId, String body) {
            reltio.send(requestId, body);
            // the callback is delivered right away on another thread: wait for that, so the engine is never driven
            // from two threads at once; if the process did not wait, it lands from the inbox when it does again
            for (int i = 0; i < 400 && inbox.received(requestId).filter(callback -> callback.getAttempts() == 0
                    && callback.getStatus() == ReltioCallback.Status.RECEIVED).isPresent(); i++) {
                pause();
            }
            undelivered.add(requestId);
        }

        // --- sales and back office -------------------------------------------------------------------------------

        private void review(String taskId) {
            String code = (String) taskService.getVariable(taskId, QuoteProcess.Variables.QUOTE_CODE);
            boolean approverRejected = QuoteProcess.Values.REJECT.equals(taskService.getVariable(taskId,
                    QuoteProcess.Variables.APPROVAL_DECISION));
            if (!approverRejected && chance(8)) {
                complete(taskId, SARA, reviewForm(0, quotes.defaultValidityDays(code),
                        "We cannot offer a discount on this cart.", QuoteProcess.Values.REJECT));
                return;
            }
            BigDecimal requested = quotes.get(code).getRequestedDiscount();
            double offered = approverRejected ? Math.min(5, requested.doubleValue())
                    : Math.max(0, requested.doubleValue() - random.nextInt(11) / 2.0);
            complete(taskId, SARA, reviewForm(offered, quotes.defaultValidityDays(code),
                    "Thank you for your request.", QuoteProcess.Values.OFFER));
        }

        private void approveDiscount(String taskId) {
            boolean director = taskService.getIdentityLinksForTask(taskId).stream()
                    .anyMatch(link -> Groups.SALES_DIRECTORS.equals(link.getGroupId()));
            boolean approve = chance(88);
            complete(taskId, director ? "dora" : "mike", Map.of(
                    QuoteProcess.Variables.APPROVAL_DECISION, approve ? QuoteProcess.Values.APPROVE : QuoteProcess.Values.REJECT,
                    QuoteProcess.Variables.APPROVER_COMMENT, approve ? "" : "Too much for this volume; 5 % at most."));
        }

        /** Back office confirms what the buyer sent, or enters the data; a second try after INVALID matches. */
        private void submitKyc(String taskId) {
            String orderRequestId = (String) taskService.getVariable(taskId, Variables.ORDER_REQUEST_ID);
            CustomerValidation validation = validations.get(orderRequestId);
            boolean retry = validation.getRequestId() != null;
            int outcome = random.nextInt(100);
            // the tax id's last digit: 0 MATCH, 1 POTENTIAL_MATCHES, 2 INVALID, 3 NO_MATCH
            char digit = retry || outcome < 55 ? '0' : outcome < 75 ? '1' : outcome < 85 ? '2' : '3';
            CustomerValidation.KycData data = validation.kycData().taxId() != null && !retry ? validation.kycData()
                    : kyc(orderRequestId, digit);
            complete(taskId, BOB, data.fields());
        }

        private Map<String, Object> reviewForm(double discount, int validityDays, String comment, String outcome) {
            return Map.of(QuoteProcess.Variables.OFFERED_DISCOUNT_PERCENT, discount,
                    QuoteProcess.Variables.VALIDITY_DAYS, (long) validityDays, QuoteProcess.Variables.SELLER_COMMENT, comment,
                    QuoteProcess.Variables.REVIEW_OUTCOME, outcome);
        }

        /** As Tasklist submits a Camunda form: the form's fields, as the user, through the form service. */
        private void complete(String taskId, String user, Map<String, Object> form) {
            if (taskService.createTaskQuery().taskId(taskId).count() == 0) {
                return; // gone meanwhile (its instance moved on)
            }
            identityService.setAuthentication(user, List.of(DemoUsers.groupOf(user)));
            engine.getFormService().submitTaskForm(taskId, form);
        }

        // --- data ------------------------------------------------------------------------------------------------

        /** The KYC data of the order's customer, with a tax id ending in the digit that decides Reltio's answer. */
        private CustomerValidation.KycData kyc(String orderRequestId, char lastDigit) {
            String country = orders.get(orderRequestId).getCountry();
            CustomerRecord record = RECORDS.get(country);
            String taxId = record.taxPrefix() + String.format("%08d", random.nextInt(100_000_000)) + lastDigit;
            return new CustomerValidation.KycData(record.legalName(), taxId, record.licence(),
                    record.street(), record.city(), record.postalCode(), record.region(), country);
        }

        private List<PlaceOrderRequest.Item> items() {
            List<String> skus = new ArrayList<>(SKUS);
            List<PlaceOrderRequest.Item> items = new ArrayList<>();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                String sku = skus.remove(random.nextInt(skus.size()));
                int quantity = switch (sku) {
                    case "SKU-CONS-100" -> 10 * (1 + random.nextInt(20));
                    case "SKU-CAP-200" -> 1 + random.nextInt(2);
                    default -> 1 + random.nextInt(4);
                };
                items.add(new PlaceOrderRequest.Item(sku, quantity, CommerceSimulator.PRODUCTS.get(sku).unitPrice()));
            }
            return items;
        }

        /** Now and then a buyer asks again for the cart whose quote expired or was declined. */
        private String cartOf(String buyer) {
            for (int i = openCarts.size() - 1; i >= 0; i--) {
                if (openCarts.get(i)[0].equals(buyer) && random.nextInt(100) < 15) {
                    return openCarts.remove(i)[1];
                }
            }
            return "demo-cart-" + (++sequence);
        }

        /** One of the sandbox's buyers, ordering for the first B2B unit they belong to. */
        private Buyer buyer() {
            String id = pick(BUYERS);
            String unit = CommerceSimulator.CUSTOMERS.get(id).b2bUnitIds().get(0);
            String country = CommerceSimulator.UNITS.get(unit).country();
            return new Buyer(id, unit, country, countries.country(country).currency().getCurrencyCode());
        }

        // --- the agenda ------------------------------------------------------------------------------------------

        private void at(Instant at, String what, Runnable step) {
            agenda.add(new Action(at, ++sequence, what, step));
        }

        private void later(Duration min, Duration max, String what, Runnable step) {
            at(time.now().plus(between(min, max)), what, step);
        }

        private void after(Task task, Duration min, Duration max, Runnable step) {
            if (task.getCreateTime().toInstant().isAfter(end.minus(LEFT_LYING)) && chance(30)) {
                return; // some recent work lies untouched past its due date: the overdue tasks of the reports
            }
            at(task.getCreateTime().toInstant().plus(between(min, max)), task.getTaskDefinitionKey() + " "
                    + task.getId(), step);
        }

        private Duration between(Duration min, Duration max) {
            return min.plusSeconds((long) (random.nextDouble() * (max.toSeconds() - min.toSeconds())));
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }
    }

    private static Duration hours(long hours) {
        return Duration.ofHours(hours);
    }

    private static Duration minutes(long minutes) {
        return Duration.ofMinutes(minutes);
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
