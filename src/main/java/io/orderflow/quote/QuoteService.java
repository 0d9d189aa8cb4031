package io.orderflow.quote;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.country.CountrySettings;
import io.orderflow.engine.DecisionPreview;
import io.orderflow.integration.commerce.CommerceClient;
import io.orderflow.integration.commerce.CommerceCustomer;
import io.orderflow.integration.commerce.UnknownCommerceRecordException;
import io.orderflow.notification.Formats;
import io.orderflow.quote.QuoteProcess.Messages;
import io.orderflow.quote.QuoteProcess.Values;
import io.orderflow.quote.QuoteProcess.Variables;
import io.orderflow.sales.SalesEvents;
import io.orderflow.security.Groups;
import io.orderflow.tasks.TaskSubject;
import io.orderflow.web.ApiException;
import io.orderflow.web.Idempotency;
import io.orderflow.web.Problems;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The quote lifecycle: every state change of a quote goes through here and is recorded. */
@Service
public class QuoteService {

    /** The Camunda user info key holding a staff member's language for mails, e.g. {@code de}. */
    public static final String STAFF_LOCALE = "locale";

    static final String CHECKOUT = "checkout";
    static final String SYSTEM = "system";

    /** The reminders of an open offer and the mail each sends. */
    public enum Reminder {
        INACTIVITY("quote-reminder-inactivity"),
        BEFORE_EXPIRY("quote-reminder-before-expiry"),
        EXPIRY_DAY("quote-reminder-expiry-day");

        final String mailType;

        Reminder(String mailType) {
            this.mailType = mailType;
        }
    }

    /** The approval a quote waits for: when it is due and which group decides it. */
    public record Approval(Instant dueAt, String group) {
    }

    /** Who decides each approval level. */
    private static final Map<String, String> APPROVING_GROUPS = Map.of(
            "MANAGER", Groups.SALES_MANAGERS,
            "DIRECTOR", Groups.SALES_DIRECTORS);

    /** @param replayed true when the idempotency key had already created this quote */
    public record Created(Quote quote, boolean replayed) {
    }

    private final QuoteRepository quotes;
    private final QuoteVersionRepository versions;
    private final QuoteStateChangeRepository stateChanges;
    private final QuoteSchedule schedule;
    private final QuoteMails mails;
    private final CountrySettings countries;
    private final CommerceClient commerce;
    private final RuntimeService runtimeService;
    private final TaskService taskService;
    private final IdentityService identityService;
    private final ObjectMapper json;
    private final Idempotency idempotency;
    private final Buyers buyers;
    private final DecisionPreview decisions;
    private final TransactionTemplate transaction;
    private final SalesEvents sales;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    QuoteService(QuoteRepository quotes, QuoteVersionRepository versions, QuoteStateChangeRepository stateChanges,
            QuoteSchedule schedule, QuoteMails mails, CountrySettings countries, CommerceClient commerce,
            RuntimeService runtimeService, TaskService taskService, IdentityService identityService, ObjectMapper json,
            Idempotency idempotency, Buyers buyers, DecisionPreview decisions,
            TransactionTemplate transaction, SalesEvents sales, JdbcTemplate jdbc, Clock clock) {
        this.quotes = quotes;
        this.versions = versions;
        this.stateChanges = stateChanges;
        this.schedule = schedule;
        this.mails = mails;
        this.countries = countries;
        this.commerce = commerce;
        this.runtimeService = runtimeService;
        this.taskService = taskService;
        this.identityService = identityService;
        this.json = json;
        this.idempotency = idempotency;
        this.buyers = buyers;
        this.decisions = decisions;
        this.transaction = transaction;
        this.sales = sales;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    // --- intake -------------------------------------------------------------------------------------------------

    /**
     * Creates the quote, its version 1 and starts {@code quote-to-order}, all in one transaction. The same
     * idempotency key with the same request returns the quote it created; with another request it is refused.
     * Commerce is asked who the buyer is before that transaction begins, so no database connection waits on it, and
     * only once: the buyer's name and address are kept with the quote.
     */
    public Created create(CreateQuoteRequest request, String idempotencyKey) {
        String hash = idempotency.fingerprint(request);
        Optional<String> existing = createdWith(idempotencyKey);
        if (existing.isPresent()) {
            return replay(get(existing.get()), hash, idempotencyKey);
        }
        countries.checkSale(request.country(), request.currency(),
                request.items().stream().map(CreateQuoteRequest.Item::sku).toList());
        CommerceCustomer buyer = buyers.check(request.customerId(), request.b2bUnitId());
        return transaction.execute(tx -> {
            Instant now = clock.instant();
            String locale = request.locale() != null ? request.locale().replace('_', '-')
                    : countries.country(request.country()).locale().toLanguageTag();
            List<QuoteLine> lines = request.items().stream()
                    .map(item -> new QuoteLine(item.sku(), item.quantity(), item.unitPrice())).toList();
            Quote quote = new Quote(idempotency.newCode("Q-", 8), request.cartId(), request.customerId(),
                    request.b2bUnitId(), request.country(), locale, request.currency(),
                    request.requestedDiscountPercent(), request.buyerComment(), lines, idempotencyKey, hash, now);
            quote.recordBuyer(buyer.email(), buyer.name());
            insert(quote);
            archive(quote, QuoteVersion.Reason.REQUESTED, CHECKOUT, now);
            record(quote, null, CHECKOUT, now);
            runtimeService.startProcessInstanceByMessage(Messages.QUOTE_REQUESTED, quote.getCode(),
                    Map.of(Variables.QUOTE_CODE, quote.getCode(), Variables.COUNTRY, quote.getCountry()));
            return new Created(quote, false);
        });
    }

    /**
     * A new quote and its lines, in SQL and at once, as its first version and state change refer to it. Persisted
     * through JPA and flushed, they cost the application six times what the two statements cost the database.
     */
    private void insert(Quote quote) {
        jdbc.update("insert into quote (code, state, cart_id, customer_id, b2b_unit_id, country, locale, currency,"
                + " requested_discount, buyer_comment, buyer_email, buyer_name, current_version, idempotency_key,"
                + " request_hash, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                quote.getCode(), quote.getState().name(), quote.getCartId(), quote.getCustomerId(), quote.getB2bUnitId(),
                quote.getCountry(), quote.getLocale(), quote.getCurrency(), quote.getRequestedDiscount(),
                quote.getBuyerComment(), quote.getBuyerEmail(), quote.getBuyerName(), quote.getCurrentVersion(),
                quote.getIdempotencyKey(), quote.getRequestHash(), quote.getCreatedAt().atOffset(ZoneOffset.UTC),
                quote.getUpdatedAt().atOffset(ZoneOffset.UTC));
        List<QuoteLine> lines = quote.getLines();
        jdbc.batchUpdate("insert into quote_line (quote_code, line_no, sku, quantity, unit_price) values (?, ?, ?, ?, ?)",
                IntStream.range(0, lines.size()).mapToObj(no -> new Object[] {quote.getCode(), no,
                        lines.get(no).getSku(), lines.get(no).getQuantity(), lines.get(no).getUnitPrice()}).toList());
    }

    /**
     * The code of the quote this idempotency key created, if any. Asked before each request's transaction and seldom
     * found, so in plain SQL: through JPA, outside a transaction, each asking opened and closed a session of its own.
     */
    private Optional<String> createdWith(String idempotencyKey) {
        return jdbc.queryForList("select code from quote where idempotency_key = ?", String.class, idempotencyKey)
                .stream().findFirst();
    }

    /** Whoever loses a race on the same idempotency key finds the winner's quote. */
    @Transactional(readOnly = true)
    public Created createdMeanwhile(CreateQuoteRequest request, String idempotencyKey) {
        Quote quote = quotes.findByIdempotencyKey(idempotencyKey).orElseThrow();
        return replay(quote, idempotency.fingerprint(request), idempotencyKey);
    }

    private Created replay(Quote quote, String fingerprint, String idempotencyKey) {
        idempotency.checkReplay(idempotencyKey, quote.getRequestHash(), fingerprint);
        return new Created(quote, true);
    }


    // --- process steps ----------------------------------------------------------------------------------------

    @Transactional
    public void confirmReceipt(String code) {
        Quote quote = get(code);
        if (quote.getBuyerEmail() == null) {
            // requested before the buyer was kept with the request
            CommerceCustomer customer = commerce.customer(quote.getCustomerId());
            quote.recordBuyer(customer.email(), customer.name());
        }
        mails.toBuyer(quote, QuoteMails.RECEIVED, clock.instant());
    }

    /** The quote goes (back) to review; returns when the review is due. */
    @Transactional
    public Instant startReview(String code) {
        Quote quote = get(code);
        Instant now = clock.instant();
        change(quote, QuoteState.IN_REVIEW, SYSTEM, now);
        return schedule.reviewDue(quote.getCountry(), now);
    }

    @Transactional(readOnly = true)
    public int defaultValidityDays(String code) {
        return schedule.defaultValidityDays(get(code).getCountry());
    }

    /** What a task of this quote is about, as Tasklist lists it: code, customer and net value after the discount. */
    @Transactional(readOnly = true)
    public String taskSubject(String code) {
        Quote quote = get(code);
        return TaskSubject.join(code, customerName(quote), Formats.money(quote.netValue(), quote.getCurrency(), quote.locale()));
    }

    /** What the review task shows and starts from: read once for the task, with the quote read once. */
    public record Review(String summary, Map<String, Object> facts, int defaultValidityDays, BigDecimal requestedDiscount) {
    }

    @Transactional(readOnly = true)
    public Review review(String code) {
        Quote quote = get(code);
        return new Review(reviewSummary(quote), reviewFacts(quote), schedule.defaultValidityDays(quote.getCountry()),
                quote.getRequestedDiscount());
    }

    private String reviewSummary(Quote quote) {
        StringBuilder summary = new StringBuilder();
        summary.append("Customer: ").append(customerName(quote)).append(", ").append(quote.getCountry()).append('\n');
        for (QuoteLine line : quote.getLines()) {
            summary.append(line.getQuantity()).append(" × ").append(countries.country(quote.getCountry()).productName(line.getSku())).append(" (")
                    .append(line.getSku()).append(") at ").append(money(quote, line.getUnitPrice())).append(" = ")
                    .append(money(quote, line.listValue())).append('\n');
        }
        summary.append("List value: ").append(money(quote, quote.listValue())).append('\n');
        summary.append("Requested discount: ").append(quote.getRequestedDiscount().toPlainString()).append(" %\n");
        if (quote.getBuyerComment() != null && !quote.getBuyerComment().isBlank()) {
            summary.append("Buyer comment: ").append(quote.getBuyerComment()).append('\n');
        }
        summary.append("Current version: ").append(quote.getCurrentVersion());
        return summary.toString();
    }

    /**
     * What the reviewer decides on, by name, for the review form (display only): the quote, the customer, the
     * products, the net value after the discount on the table and the approval that discount will need.
     */
    private Map<String, Object> reviewFacts(Quote quote) {
        String code = quote.getCode();
        BigDecimal discount = quote.getOfferedDiscount() != null ? quote.getOfferedDiscount() : quote.getRequestedDiscount();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put(Variables.QUOTE_REFERENCE, code + " (version " + quote.getCurrentVersion() + ")");
        facts.put(Variables.CUSTOMER_NAME, customerName(quote) + ", " + quote.getCountry());
        facts.put(Variables.PRODUCT_NAMES, String.join("\n", quote.getLines().stream()
                .map(line -> line.getQuantity() + " × " + countries.country(quote.getCountry()).productName(line.getSku())).toList()));
        facts.put(Variables.NET_VALUE_AFTER_DISCOUNT, money(quote, quote.netValue()) + " (list value "
                + money(quote, quote.listValue()) + " less " + discount.toPlainString() + " %)");
        facts.put(Variables.EXPECTED_APPROVAL, approvalText(expectedApprovalLevel(quote, discount))
                + " at a discount of " + discount.toPlainString() + " %; a different discount is decided again");
        return facts;
    }

    /** The level the approval table gives the discount, as {@code decideApprovalLevel} will evaluate it. */
    private String expectedApprovalLevel(Quote quote, BigDecimal discount) {
        return (String) decisions.singleEntry(QuoteProcess.APPROVAL_DECISION, Map.of(Variables.COUNTRY, quote.getCountry(),
                Variables.DISCOUNT_PERCENT, discount.doubleValue(),
                Variables.NET_VALUE, quote.discounted(quote.listValue()).doubleValue()));
    }

    private static String approvalText(String level) {
        return switch (String.valueOf(level)) {
            case "NONE" -> "No approval needed";
            case "MANAGER" -> "A sales manager approves";
            case "DIRECTOR" -> "A sales director approves";
            default -> "Approval level " + level;
        };
    }

    /** The buyer by name and the organisation (B2B unit) they buy for. */
    private static String customerName(Quote quote) {
        return (quote.getBuyerName() != null ? quote.getBuyerName() : quote.getCustomerId()) + " (" + quote.getB2bUnitId() + ")";
    }

    private static String money(Quote quote, BigDecimal amount) {
        return Formats.money(amount, quote.getCurrency(), quote.locale());
    }

    /**
     * Records the reviewer's decision on the quote, which must be in review; returns the discounted net value the
     * approval level is decided on.
     */
    @Transactional
    public BigDecimal recordReview(String code, String reviewer, BigDecimal discount, int validityDays, String comment) {
        Quote quote = inState(code, QuoteState.IN_REVIEW, "reviewed");
        quote.recordReview(reviewer, discount, validityDays, comment);
        return quote.netValue();
    }

    /**
     * The overdue review is offered to the sales managers too (when it is still open), and they are told by mail. The
     * quote is marked by one statement, its version raised as any change of it raises it, and its country read by
     * another: an escalation needs neither its lines nor its other fields, and at a backlog of due reviews it runs
     * hundreds of times a second.
     */
    @Transactional
    public void escalateReview(String code, Task review, Instant dueAt) {
        if (jdbc.update("update quote set review_escalated = true, row_version = row_version + 1 where code = ?",
                code) != 1) {
            throw ApiException.notFound("Quote", code);
        }
        String country = jdbc.queryForObject("select country from quote where code = ?", String.class, code);
        if (review != null) {
            taskService.addCandidateGroup(review.getId(), Groups.SALES_MANAGERS);
        }
        List<QuoteMails.StaffRecipient> managers = identityService.createUserQuery().memberOfGroup(Groups.SALES_MANAGERS)
                .list().stream().filter(user -> user.getEmail() != null && !user.getEmail().isBlank())
                .map(user -> new QuoteMails.StaffRecipient(user.getEmail(), staffLocale(user.getId()))).toList();
        // the mail names the quote the way the managers find it in Tasklist
        mails.toManagers(code, country, managers, dueAt, review != null ? review.getName()
                : TaskSubject.join(QuoteProcess.Elements.REVIEW_QUOTE, taskSubject(code)));
    }

    /** Staff read their mails in their own language (user info {@value #STAFF_LOCALE}), English unless set. */
    private Locale staffLocale(String userId) {
        String tag = identityService.getUserInfo(userId, STAFF_LOCALE);
        return tag == null || tag.isBlank() ? Locale.ENGLISH : Locale.forLanguageTag(tag);
    }

    @Transactional
    public void reject(String code) {
        Quote quote = get(code);
        Instant now = clock.instant();
        change(quote, QuoteState.REJECTED, quote.getReviewerId() != null ? quote.getReviewerId() : SYSTEM, now);
        mails.toBuyer(quote, QuoteMails.REJECTED, now);
    }

    @Transactional
    public Approval startApproval(String code, String level) {
        String group = APPROVING_GROUPS.get(level);
        if (group == null) {
            throw new IllegalStateException("Quote " + code + ": no group approves level " + level);
        }
        Quote quote = get(code);
        Instant now = clock.instant();
        change(quote, QuoteState.PENDING_APPROVAL, SYSTEM, now);
        quote.recordApproval(null, level, null);
        return new Approval(schedule.reviewDue(quote.getCountry(), now), group);
    }

    @Transactional(readOnly = true)
    public String approvalSummary(String code) {
        Quote quote = get(code);
        return reviewSummary(quote) + "\n\nOffered discount: " + quote.getOfferedDiscount().toPlainString() + " %"
                + "\nDiscounted net value: " + quote.netValue().toPlainString() + ' ' + quote.getCurrency()
                + "\nValidity: " + quote.getValidityDays() + " days"
                + "\nReviewed by: " + quote.getReviewerId()
                + (quote.getSellerComment() != null ? "\nComment to the buyer: " + quote.getSellerComment() : "");
    }

    /**
     * Who may decide the approval of a quote: a member of the group its level asks for who did not review it (four
     * eyes). Checked when the task is claimed or assigned, and again when the decision is recorded.
     */
    @Transactional(readOnly = true)
    public void checkApprover(String code, String userId) {
        Quote quote = get(code);
        if (userId.equals(quote.getReviewerId())) {
            throw new FourEyesViolation(code, userId);
        }
        String group = APPROVING_GROUPS.get(quote.getApprovalLevel());
        if (group == null || identityService.createUserQuery().userId(userId).memberOfGroup(group).count() == 0) {
            throw new AuthorizationException("Quote " + code + " needs the approval of a member of " + group + "; "
                    + userId + " is not one.");
        }
    }

    /** The approver's decision on a quote that waits for approval. */
    @Transactional
    public void recordApproval(String code, String approver, boolean approved, String comment) {
        Quote quote = inState(code, QuoteState.PENDING_APPROVAL, "approved");
        checkApprover(code, approver);
        quote.recordApproval(approver, quote.getApprovalLevel(), approved ? null : comment);
        sales.record(SalesEvents.QUOTE, approved ? "approved" : "approval-rejected", code,
                salesData(quote, quote.getState(), approver), clock.instant());
    }

    /** Archives the offer as a new version, moves the quote to OFFERED and mails the buyer the signed link. */
    @Transactional
    public QuoteSchedule.OfferDates sendOffer(String code) {
        Quote quote = get(code);
        Instant now = clock.instant();
        QuoteSchedule.OfferDates dates = schedule.offer(quote.getCountry(), now, quote.getValidityDays());
        quote.offer(dates, quote.getCurrentVersion() + 1);
        change(quote, QuoteState.OFFERED, quote.getApproverId() != null ? quote.getApproverId() : quote.getReviewerId(), now);
        archive(quote, QuoteVersion.Reason.OFFERED, quote.getReviewerId(), now);
        mails.toBuyer(quote, QuoteMails.OFFERED, now);
        return dates;
    }

    @Transactional
    public void remind(String code, Reminder reminder) {
        mails.toBuyer(get(code), reminder.mailType, clock.instant());
    }

    @Transactional
    public void expire(String code) {
        Quote quote = get(code);
        Instant now = clock.instant();
        change(quote, QuoteState.EXPIRED, SYSTEM, now);
        mails.toBuyer(quote, QuoteMails.EXPIRED, now);
    }

    /** A quote is ordered once, by the order its acceptance placed: another order never re-points it. */
    @Transactional
    public void markOrdered(String code, String commerceOrderCode) {
        Quote quote = get(code);
        if (quote.getCommerceOrderCode() != null && !quote.getCommerceOrderCode().equals(commerceOrderCode)) {
            throw new IllegalStateException("Quote " + code + " is already ordered as " + quote.getCommerceOrderCode()
                    + "; commerce order " + commerceOrderCode + " cannot take it over");
        }
        quote.ordered(commerceOrderCode);
        change(quote, QuoteState.ORDERED, SYSTEM, clock.instant());
    }

    /**
     * The handoff is over. The quote became ORDERED when its order was created in commerce; a cancelled order cancels
     * it, an order commerce refused ends it CONVERSION_FAILED. A handoff that ended without an outcome is a bug, never
     * a quiet success: it fails the step, so an operator sees an incident.
     *
     * @param orderOutcome RELEASED, CANCELLED or FAILED: the end state of the order handed to commerce
     */
    @Transactional
    public void recordOrderOutcome(String code, String orderOutcome) {
        Quote quote = get(code);
        Instant now = clock.instant();
        switch (String.valueOf(orderOutcome)) {
            case "RELEASED" -> {
                if (quote.getState() != QuoteState.ORDERED) {
                    throw new IllegalStateException("Quote " + code + " is " + quote.getState() + " although its order was released");
                }
            }
            case "CANCELLED" -> change(quote, QuoteState.CANCELLED, SYSTEM, now);
            case "FAILED" -> change(quote, QuoteState.CONVERSION_FAILED, SYSTEM, now);
            default -> throw new IllegalStateException("The order handoff of quote " + code + " ended without an outcome ("
                    + orderOutcome + ")");
        }
    }

    // --- buyer decisions ----------------------------------------------------------------------------------------

    /**
     * The order is placed for the quote's customer and B2B unit, whatever unit is active in the caller's session;
     * the accepting user must belong to the quote's unit.
     */
    @Transactional
    public String accept(String code, String userId, String activeB2bUnitId) {
        Quote quote = offered(code, "accept");
        CommerceCustomer user;
        try {
            user = commerce.customer(userId);
        } catch (UnknownCommerceRecordException e) {
            throw notInUnit(quote, userId);
        }
        if (!user.belongsTo(quote.getB2bUnitId())) {
            throw notInUnit(quote, userId);
        }
        String orderRequestId = idempotency.newCode("OR-", 12);
        quote.convert(orderRequestId);
        change(quote, QuoteState.ACCEPTED, userId, clock.instant());
        correlate(quote, Messages.QUOTE_ACCEPTED, Values.ACCEPT, Map.of(Variables.ORDER_REQUEST_ID, orderRequestId));
        return orderRequestId;
    }

    @Transactional
    public void decline(String code, String userId, String reason) {
        Quote quote = offered(code, "decline");
        quote.buyerSays(reason);
        change(quote, QuoteState.DECLINED, userId, clock.instant());
        correlate(quote, Messages.QUOTE_DECLINED, Values.DECLINE, Map.of());
    }

    @Transactional
    public void renegotiate(String code, String userId, String comment) {
        Quote quote = offered(code, "renegotiate");
        quote.buyerSays(comment);
        change(quote, QuoteState.RENEGOTIATION_REQUESTED, userId, clock.instant());
        correlate(quote, Messages.RENEGOTIATION_REQUESTED, Values.RENEGOTIATE, Map.of());
    }

    /** A person's decision applies only to a quote in the state that decision is for. */
    private Quote inState(String code, QuoteState expected, String action) {
        Quote quote = get(code);
        if (quote.getState() != expected) {
            throw new BadUserRequestException("Quote " + code + " is " + quote.getState() + ", not " + expected
                    + ": it cannot be " + action + " now.");
        }
        return quote;
    }

    /** A buyer's decision locks the quote first, so of two at once the second finds the first's outcome (409). */
    private Quote offered(String code, String action) {
        Quote quote = quotes.findForUpdate(code).orElseThrow(() -> ApiException.notFound("Quote", code));
        if (quote.getState() != QuoteState.OFFERED) {
            throw ApiException.wrongState("Quote", code, quote.getState().name(), action);
        }
        return quote;
    }

    private ApiException notInUnit(Quote quote, String userId) {
        return new ApiException(HttpStatus.FORBIDDEN, "not-in-b2b-unit", "User not in the quote's B2B unit",
                "User '" + userId + "' does not belong to B2B unit '" + quote.getB2bUnitId() + "' of quote "
                        + quote.getCode() + ".",
                List.of(new Problems.FieldError("userId", "does not belong to B2B unit " + quote.getB2bUnitId())));
    }

    private void correlate(Quote quote, String message, String decision, Map<String, Object> variables) {
        runtimeService.createMessageCorrelation(message)
                .processInstanceBusinessKey(quote.getCode())
                .setVariable(Variables.BUYER_DECISION, decision)
                .setVariables(variables)
                .correlateWithResult();
    }

    // --- reading ------------------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public Quote get(String code) {
        return quotes.findById(code).orElseThrow(() -> ApiException.notFound("Quote", code));
    }

    @Transactional(readOnly = true)
    public Optional<Quote> find(String code) {
        return quotes.findById(code);
    }

    @Transactional(readOnly = true)
    public List<Quote> ofCustomer(String customerId) {
        return quotes.findTop50ByCustomerIdOrderByCreatedAtDesc(customerId);
    }

    @Transactional(readOnly = true)
    public List<QuoteVersion> versions(String code) {
        get(code);
        return versions.findByQuoteCodeOrderByVersionAsc(code);
    }

    @Transactional(readOnly = true)
    public QuoteVersion version(String code, int version) {
        return versions.findByQuoteCodeAndVersion(code, version)
                .orElseThrow(() -> ApiException.notFound("Quote version", code + "/" + version));
    }

    @Transactional(readOnly = true)
    public List<QuoteStateChange> history(String code) {
        return stateChanges.findByQuoteCodeOrderByIdAsc(code);
    }

    /** The states a buyer's decision leads to, directly or through the steps that follow it. */
    private static final Map<String, Set<QuoteState>> OUTCOMES = Map.of(
            Values.ACCEPT, EnumSet.of(QuoteState.ACCEPTED, QuoteState.ORDERED, QuoteState.CANCELLED,
                    QuoteState.CONVERSION_FAILED),
            Values.DECLINE, EnumSet.of(QuoteState.DECLINED),
            Values.RENEGOTIATE, EnumSet.of(QuoteState.RENEGOTIATION_REQUESTED, QuoteState.IN_REVIEW,
                    QuoteState.PENDING_APPROVAL));

    /** Whether the quote already is where that buyer decision leads: taking it again would change nothing. */
    public static boolean decided(Quote quote, String action) {
        return OUTCOMES.getOrDefault(action, Set.of()).contains(quote.getState());
    }

    /** What the buyer can do with the quote now. */
    public static List<String> allowedActions(Quote quote) {
        return quote.getState() == QuoteState.OFFERED
                ? List.of(Values.ACCEPT, Values.DECLINE, Values.RENEGOTIATE)
                : List.of();
    }

    // --- internals ----------------------------------------------------------------------------------------------

    private void change(Quote quote, QuoteState next, String actor, Instant now) {
        QuoteState previous = quote.moveTo(next, now);
        if (previous != next) {
            record(quote, previous, actor, now);
        }
    }

    /**
     * Records the state change and its sales event. Written in SQL: the change is only ever read again by queries, so
     * as a JPA entity it cost the persistence context its insert and the read of the whole row back (its id is
     * generated) for nothing, at two changes per quote before its review.
     */
    private void record(Quote quote, QuoteState previous, String actor, Instant now) {
        jdbc.update("insert into quote_state_change (quote_code, from_state, to_state, actor, changed_at, version)"
                + " values (?, ?, ?, ?, ?, ?)", quote.getCode(), previous != null ? previous.name() : null,
                quote.getState().name(), actor, now.atOffset(ZoneOffset.UTC), quote.getCurrentVersion());
        sales.record(SalesEvents.QUOTE, quote.getState().salesEvent(), quote.getCode(),
                salesData(quote, previous, actor), now);
    }

    /** The quote as the sales system sees it: its figures, who changed it, and where it came from. */
    private static Map<String, Object> salesData(Quote quote, QuoteState previous, String actor) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", quote.getCode());
        data.put("state", quote.getState().name());
        if (previous != null) {
            data.put("previousState", previous.name());
        }
        data.put("actor", actor);
        data.put("customerId", quote.getCustomerId());
        data.put("b2bUnitId", quote.getB2bUnitId());
        data.put("country", quote.getCountry());
        data.put("currency", quote.getCurrency());
        data.put("version", quote.getCurrentVersion());
        data.put("listValue", quote.listValue());
        data.put("netValue", quote.netValue());
        data.put("requestedDiscountPercent", quote.getRequestedDiscount());
        data.put("offeredDiscountPercent", quote.getOfferedDiscount());
        data.put("approvalLevel", quote.getApprovalLevel());
        data.put("expiresAt", quote.getExpiresAt());
        data.put("lastValidDay", quote.getLastValidDay());
        data.put("orderRequestId", quote.getOrderRequestId());
        data.put("commerceOrderCode", quote.getCommerceOrderCode());
        data.values().removeIf(Objects::isNull);
        return data;
    }

    private void archive(Quote quote, QuoteVersion.Reason reason, String actor, Instant now) {
        try {
            versions.save(new QuoteVersion(quote.getCode(), quote.getCurrentVersion(), reason,
                    json.writeValueAsString(QuoteSnapshot.of(quote)), now, actor));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot archive quote " + quote.getCode(), e);
        }
    }

}
