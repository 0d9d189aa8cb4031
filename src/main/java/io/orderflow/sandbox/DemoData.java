package io.orderflow.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.country.CountrySettings;
import io.orderflow.quote.QuoteSnapshot;
import io.orderflow.quote.QuoteState;
import io.orderflow.security.IdentitySetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Five months of quotes and orders, so that the reports show something on a fresh sandbox. The rows are written
 * directly, without processes behind them (starting hundreds of process instances would slow every start): the
 * quotes are for reading, not for acting on. Quote codes start {@code Q-DEMO}, cart ids {@code demo-}. Runs only
 * while the quote table is empty, and not in tests ({@code orderflow.sandbox.demo-data}).
 */
@Component
@Profile("sandbox")
@ConditionalOnProperty(name = "orderflow.sandbox.demo-data", havingValue = "true")
@Order(IdentitySetup.ORDER + 2)
class DemoData implements ApplicationRunner {

    static final int QUOTES = 160;
    static final int RECENT_QUOTES = 12;
    static final int SHOWCASE = 4;
    static final int ORDERS_WITHOUT_QUOTE = 90;
    static final Duration SPAN = Duration.ofDays(150);

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);
    private static final String CHECKOUT = "checkout";
    private static final String SYSTEM = "system";
    private static final String REVIEWER = "sara";
    private static final List<String> BUYERS = List.of("anna.schmidt", "jens.weber", "emily.clark", "noah.miller", "luc.martin");
    private static final List<String> SKUS = List.of("SKU-CONS-100", "SKU-CAP-200", "SKU-CTRL-300");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CountrySettings countries;
    private final ObjectMapper json;
    private final Clock clock;

    DemoData(JdbcTemplate jdbc, TransactionTemplate transaction, CountrySettings countries, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.countries = countries;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        Long quotes = jdbc.queryForObject("select count(*) from quote", Long.class);
        if (quotes != null && quotes > 0) {
            return;
        }
        long started = System.nanoTime();
        // the same data set at every fresh start, relative to today
        Rows rows = new Generator(new Random(20250101L), clock.instant()).generate();
        try {
            transaction.executeWithoutResult(status -> insert(rows));
        } catch (DuplicateKeyException e) {
            LOG.info("Demo data was inserted by another node meanwhile");
            return;
        }
        LOG.info("Inserted {} demo quotes and {} demo orders in {} ms", rows.quotes.size(), rows.orders.size(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    // --- the rows -----------------------------------------------------------------------------------------------

    private static final class Rows {
        final List<Object[]> quotes = new ArrayList<>();
        final List<Object[]> quoteLines = new ArrayList<>();
        final List<Object[]> versions = new ArrayList<>();
        final List<Object[]> changes = new ArrayList<>();
        final List<Object[]> orders = new ArrayList<>();
        final List<Object[]> orderLines = new ArrayList<>();
    }

    private void insert(Rows rows) {
        jdbc.batchUpdate("""
                insert into quote (code, state, cart_id, customer_id, b2b_unit_id, country, locale, currency,
                    requested_discount, buyer_comment, buyer_email, buyer_name, offered_discount, validity_days,
                    seller_comment, reviewer_id, approver_id, approval_level, review_escalated, current_version,
                    offered_at, last_valid_day, expires_at, inactivity_reminder_at, before_expiry_reminder_at,
                    expiry_day_reminder_at, order_request_id, commerce_order_code, idempotency_key, request_hash,
                    created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, rows.quotes);
        jdbc.batchUpdate("insert into quote_line (quote_code, line_no, sku, quantity, unit_price) values (?, ?, ?, ?, ?)",
                rows.quoteLines);
        jdbc.batchUpdate("insert into quote_version (quote_code, version, reason, snapshot, created_at, created_by) "
                + "values (?, ?, ?, ?, ?, ?)", rows.versions);
        jdbc.batchUpdate("insert into quote_state_change (quote_code, from_state, to_state, actor, changed_at, version) "
                + "values (?, ?, ?, ?, ?, ?)", rows.changes);
        jdbc.batchUpdate("""
                insert into order_request (id, state, quote_code, cart_id, customer_id, b2b_unit_id, country, currency,
                    commerce_order_code, buyer_email, buyer_name, buyer_locale, validation_state, kyc_required,
                    approval_required, decision_reason, idempotency_key, request_hash, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, rows.orders);
        jdbc.batchUpdate("insert into order_request_line (order_request_id, line_no, sku, quantity, unit_price) "
                + "values (?, ?, ?, ?, ?)", rows.orderLines);
    }

    // --- plausible histories ------------------------------------------------------------------------------------

    private record Line(String sku, int quantity, BigDecimal unitPrice) {
        BigDecimal listValue() {
            return unitPrice.multiply(BigDecimal.valueOf(quantity));
        }
    }

    private final class Generator {

        private final Random random;
        private final Instant now;
        private final Rows rows = new Rows();
        private int orderNumber;
        private int cartNumber;
        /** Carts whose last quote expired or was declined: the buyer sometimes asks again for the same cart. */
        private final List<String[]> reusableCarts = new ArrayList<>();

        Generator(Random random, Instant now) {
            this.random = random;
            this.now = now;
        }

        Rows generate() {
            List<Request> requests = new ArrayList<>();
            for (int i = 0; i < QUOTES - SHOWCASE; i++) {
                // a few from the last days, so that there is open work
                Duration back = i < RECENT_QUOTES ? Duration.ofDays(4) : SPAN;
                requests.add(new Request(now.minus(randomDuration(Duration.ofMinutes(1), back)), this::randomPath));
            }
            requests.addAll(showcase());
            requests.sort(Comparator.comparing(Request::at));
            for (int i = 0; i < requests.size(); i++) {
                quote(String.format("Q-DEMO%04d", i + 1), requests.get(i));
            }
            for (int i = 0; i < ORDERS_WITHOUT_QUOTE; i++) {
                orderWithoutQuote(now.minus(randomDuration(Duration.ofMinutes(30), SPAN)));
            }
            return rows;
        }

        /** States a quote passes quickly, caught at the moment, so that every state shows in the reports. */
        private List<Request> showcase() {
            return List.of(
                    new Request(now.minus(Duration.ofMinutes(3)), (history, discount, at, settings) ->
                            history.finish(QuoteState.SUBMITTED)),
                    new Request(now.minus(Duration.ofHours(30)), (history, discount, at, settings) -> {
                        history.change(QuoteState.SUBMITTED, QuoteState.IN_REVIEW, SYSTEM, at.plusSeconds(5));
                        history.reviewer = REVIEWER;
                        history.approvalLevel = "MANAGER";
                        history.change(QuoteState.IN_REVIEW, QuoteState.PENDING_APPROVAL, SYSTEM, at.plus(Duration.ofHours(26)));
                        history.finish(QuoteState.PENDING_APPROVAL);
                    }),
                    new Request(now.minus(Duration.ofDays(6)), (history, discount, at, settings) -> {
                        history.change(QuoteState.SUBMITTED, QuoteState.IN_REVIEW, SYSTEM, at.plusSeconds(5));
                        history.reviewer = REVIEWER;
                        history.approvalLevel = "NONE";
                        Instant offered = at.plus(Duration.ofHours(20));
                        history.change(QuoteState.IN_REVIEW, QuoteState.OFFERED, REVIEWER, offered);
                        history.offer(new BigDecimal("8.00"), offered, settings.timeZone());
                        history.change(QuoteState.OFFERED, QuoteState.RENEGOTIATION_REQUESTED, history.buyer(),
                                now.minus(Duration.ofMinutes(2)));
                        history.finish(QuoteState.RENEGOTIATION_REQUESTED);
                    }),
                    new Request(now.minus(Duration.ofDays(5)), (history, discount, at, settings) -> {
                        history.change(QuoteState.SUBMITTED, QuoteState.IN_REVIEW, SYSTEM, at.plusSeconds(5));
                        history.reviewer = REVIEWER;
                        history.approvalLevel = "NONE";
                        Instant offered = at.plus(Duration.ofHours(28));
                        history.change(QuoteState.IN_REVIEW, QuoteState.OFFERED, REVIEWER, offered);
                        history.offer(new BigDecimal("5.00"), offered, settings.timeZone());
                        history.change(QuoteState.OFFERED, QuoteState.ACCEPTED, history.buyer(), now.minus(Duration.ofMinutes(1)));
                        history.acceptedAt = now.minus(Duration.ofMinutes(1));
                        history.orderOutcome = "CREATING";
                        history.finish(QuoteState.ACCEPTED);
                    }));
        }

        /** What happened after the request, by chance, as far as the time until now allows. */
        private void randomPath(History history, BigDecimal requestedDiscount, Instant requestedAt,
                CountrySettings.Country settings) {
            Instant reviewStarts = requestedAt.plusSeconds(5);
            // now and then a request waits for its acknowledgement, when commerce was unreachable
            if (requestedAt.isAfter(now.minus(Duration.ofDays(2))) && random.nextInt(4) == 0) {
                history.finish(QuoteState.SUBMITTED);
            } else {
                history.change(QuoteState.SUBMITTED, QuoteState.IN_REVIEW, SYSTEM, reviewStarts);
                review(history, requestedDiscount, reviewStarts, settings);
            }
        }

        private void quote(String code, Request request) {
            Instant requestedAt = request.at();
            String buyer = pick(BUYERS);
            CommerceSimulator.Customer customer = CommerceSimulator.CUSTOMERS.get(buyer);
            String unit = customer.b2bUnitIds().get(0);
            String country = CommerceSimulator.UNITS.get(unit).country();
            CountrySettings.Country settings = countries.country(country);
            String currency = settings.currency().getCurrencyCode();
            String cart = cartFor(buyer);
            List<Line> lines = lines();
            BigDecimal requestedDiscount = BigDecimal.valueOf(random.nextInt(71)).divide(BigDecimal.valueOf(2)); // 0..35
            History history = new History(code, buyer);

            history.change(null, QuoteState.SUBMITTED, CHECKOUT, requestedAt);
            history.versions.add(new DemoVersion(1, requestedAt, CHECKOUT, null));
            request.path().follow(history, requestedDiscount, requestedAt, settings);

            Offer offer = history.offer;
            BigDecimal listValue = lines.stream().map(Line::listValue).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal discount = offer == null ? null : offer.discount;
            String orderRequestId = null;
            String commerceOrder = null;
            if (history.orderOutcome != null) {
                orderRequestId = String.format("OR-DEMO%05d", ++orderNumber);
                commerceOrder = history.orderOutcome.equals("FAILED") || history.orderOutcome.equals("CREATING") ? null
                        : String.format("DEMO-%05d", orderNumber);
                order(orderRequestId, code, cart, customer, unit, country, currency, commerceOrder, history.orderOutcome,
                        history.acceptedAt.plusSeconds(60), history.last,
                        lines.stream().map(line -> new Line(line.sku(), line.quantity(), discounted(line.unitPrice(), discount))).toList());
            }
            if (history.state == QuoteState.EXPIRED || history.state == QuoteState.DECLINED) {
                reusableCarts.add(new String[] {buyer, cart});
            }
            rows.quotes.add(new Object[] {code, history.state.name(), cart, buyer, unit, country,
                    settings.locale().toLanguageTag(), currency, requestedDiscount,
                    random.nextInt(4) == 0 ? "Delivery before the end of the quarter, please." : null,
                    customer.email(), customer.name(), discount, offer == null ? null : 30,
                    offer == null ? null : "Thank you for your request.", history.reviewer, history.approver,
                    history.approvalLevel, false, history.version,
                    offer == null ? null : utc(offer.offeredAt), offer == null ? null : offer.lastValidDay,
                    offer == null ? null : utc(offer.expiresAt), offer == null ? null : utc(offer.offeredAt.plus(Duration.ofDays(7))),
                    offer == null ? null : utc(offer.expiresAt.minus(Duration.ofDays(3))),
                    offer == null ? null : utc(offer.lastValidDay.atTime(LocalTime.of(8, 0)).atZone(settings.timeZone()).toInstant()),
                    orderRequestId, commerceOrder, "demo-" + code, "demo", utc(requestedAt), utc(history.last)});
            for (int i = 0; i < lines.size(); i++) {
                rows.quoteLines.add(new Object[] {code, i, lines.get(i).sku(), lines.get(i).quantity(), lines.get(i).unitPrice()});
            }
            for (DemoVersion version : history.versions) {
                Offer offered = version.offer();
                QuoteSnapshot snapshot = new QuoteSnapshot(code, version.number(),
                        (offered == null ? QuoteState.SUBMITTED : QuoteState.OFFERED).name(), buyer, unit, country, currency,
                        lines.stream().map(l -> new QuoteSnapshot.Line(l.sku(), l.quantity(), l.unitPrice(), l.listValue())).toList(),
                        listValue, requestedDiscount, offered == null ? null : offered.discount,
                        offered == null ? null : discounted(listValue, offered.discount), offered == null ? null : 30,
                        offered == null ? null : offered.lastValidDay, offered == null ? null : offered.expiresAt, null, null);
                rows.versions.add(new Object[] {code, version.number(), offered == null ? "REQUESTED" : "OFFERED",
                        snapshot(snapshot), utc(version.at()), version.actor()});
            }
            rows.changes.addAll(history.changes);
        }

        /** Review, approval when the discount is large, then the offer and what the buyer does with it. */
        private void review(History history, BigDecimal requested, Instant reviewStarts, CountrySettings.Country settings) {
            Instant reviewed = reviewStarts.plus(randomDuration(Duration.ofHours(2), Duration.ofHours(70)));
            if (reviewed.isAfter(now)) {
                history.finish(QuoteState.IN_REVIEW);
                return;
            }
            history.reviewer = REVIEWER;
            if (random.nextInt(100) < 8) {
                history.change(QuoteState.IN_REVIEW, QuoteState.REJECTED, REVIEWER, reviewed);
                history.finish(QuoteState.REJECTED);
                return;
            }
            BigDecimal discount = requested.subtract(BigDecimal.valueOf(random.nextInt(11)).divide(BigDecimal.valueOf(2)))
                    .max(BigDecimal.ZERO).setScale(2, RoundingMode.HALF_UP);
            Instant offered = reviewed;
            String offeredBy = REVIEWER;
            if (discount.compareTo(BigDecimal.TEN) > 0) {
                boolean director = discount.compareTo(BigDecimal.valueOf(25)) > 0;
                history.approvalLevel = director ? "DIRECTOR" : "MANAGER";
                history.change(QuoteState.IN_REVIEW, QuoteState.PENDING_APPROVAL, SYSTEM, reviewed);
                offered = reviewed.plus(randomDuration(Duration.ofHours(1), Duration.ofHours(30)));
                if (offered.isAfter(now)) {
                    history.finish(QuoteState.PENDING_APPROVAL);
                    return;
                }
                offeredBy = director ? "dora" : "mike";
                history.approver = offeredBy;
            } else {
                history.approvalLevel = "NONE";
            }
            history.change(history.state, QuoteState.OFFERED, offeredBy, offered);
            history.offer(discount, offered, settings.timeZone());
            buyerDecides(history, settings);
        }

        private void buyerDecides(History history, CountrySettings.Country settings) {
            Offer offer = history.offer;
            int choice = random.nextInt(100);
            Instant decided = offer.offeredAt.plus(randomDuration(Duration.ofHours(4), Duration.ofDays(24)));
            if (choice >= 60 || decided.isAfter(offer.expiresAt)) {
                // silence until the end of the last valid day
                if (offer.expiresAt.isAfter(now)) {
                    history.finish(QuoteState.OFFERED);
                } else {
                    history.change(QuoteState.OFFERED, QuoteState.EXPIRED, SYSTEM, offer.expiresAt);
                    history.finish(QuoteState.EXPIRED);
                }
                return;
            }
            if (decided.isAfter(now)) {
                history.finish(QuoteState.OFFERED);
                return;
            }
            if (choice < 12) {
                history.change(QuoteState.OFFERED, QuoteState.DECLINED, history.buyer(), decided);
                history.finish(QuoteState.DECLINED);
            } else if (choice < 20 && history.version == 2) {
                history.change(QuoteState.OFFERED, QuoteState.RENEGOTIATION_REQUESTED, history.buyer(), decided);
                Instant reviewAgain = decided.plusSeconds(5);
                if (now.isBefore(decided.plus(Duration.ofHours(6)))) {
                    history.finish(QuoteState.RENEGOTIATION_REQUESTED);
                    return;
                }
                history.change(QuoteState.RENEGOTIATION_REQUESTED, QuoteState.IN_REVIEW, SYSTEM, reviewAgain);
                review(history, offer.discount.add(BigDecimal.valueOf(3)), reviewAgain, settings);
            } else {
                accepted(history, decided);
            }
        }

        private void accepted(History history, Instant acceptedAt) {
            history.change(QuoteState.OFFERED, QuoteState.ACCEPTED, history.buyer(), acceptedAt);
            history.acceptedAt = acceptedAt;
            Instant ordered = acceptedAt.plusSeconds(90);
            int fate = random.nextInt(100);
            if (fate < 4 || ordered.isAfter(now)) {
                history.orderOutcome = "CREATING";
                history.finish(QuoteState.ACCEPTED);
            } else if (fate < 10) {
                history.orderOutcome = "FAILED";
                history.change(QuoteState.ACCEPTED, QuoteState.CONVERSION_FAILED, SYSTEM, ordered);
                history.finish(QuoteState.CONVERSION_FAILED);
            } else {
                history.change(QuoteState.ACCEPTED, QuoteState.ORDERED, SYSTEM, ordered);
                Instant decided = ordered.plus(randomDuration(Duration.ofHours(2), Duration.ofDays(3)));
                if (fate < 20 && decided.isBefore(now)) {
                    history.orderOutcome = "CANCELLED";
                    history.change(QuoteState.ORDERED, QuoteState.CANCELLED, SYSTEM, decided);
                    history.finish(QuoteState.CANCELLED);
                } else {
                    history.orderOutcome = fate < 26 ? "IN_VALIDATION" : "RELEASED";
                    history.finish(QuoteState.ORDERED);
                }
            }
        }

        private void orderWithoutQuote(Instant placedAt) {
            String buyer = pick(BUYERS);
            CommerceSimulator.Customer customer = CommerceSimulator.CUSTOMERS.get(buyer);
            String unit = customer.b2bUnitIds().get(0);
            String country = CommerceSimulator.UNITS.get(unit).country();
            String currency = countries.country(country).currency().getCurrencyCode();
            int fate = random.nextInt(100);
            String state = fate < 78 ? "RELEASED" : fate < 88 ? "CANCELLED" : fate < 95 ? "FAILED" : "IN_VALIDATION";
            String id = String.format("OR-DEMO%05d", ++orderNumber);
            order(id, null, String.format("demo-order-cart-%04d", orderNumber), customer, unit, country, currency,
                    state.equals("FAILED") ? null : String.format("DEMO-%05d", orderNumber), state, placedAt,
                    placedAt.plus(Duration.ofMinutes(5 + random.nextInt(2000))), lines());
        }

        private void order(String id, String quoteCode, String cart, CommerceSimulator.Customer customer, String unit,
                String country, String currency, String commerceOrder, String state, Instant placedAt, Instant updatedAt,
                List<Line> lines) {
            String validation = switch (state) {
                case "RELEASED" -> random.nextBoolean() ? "APPROVED" : null;
                case "CANCELLED" -> "REJECTED";
                case "IN_VALIDATION" -> "WAITING_FOR_DETAILS";
                default -> null;
            };
            boolean checked = !state.equals("FAILED") && !state.equals("CREATING");
            rows.orders.add(new Object[] {id, state, quoteCode, cart, customer.id(), unit, country, currency, commerceOrder,
                    customer.email(), customer.name(), customer.locale(), validation,
                    checked ? validation != null : null, checked ? validation != null : null,
                    state.equals("CANCELLED") ? "Licence for controlled devices missing" : null,
                    "demo-" + id, "demo", utc(placedAt), utc(updatedAt.isAfter(now) ? now : updatedAt)});
            for (int i = 0; i < lines.size(); i++) {
                rows.orderLines.add(new Object[] {id, i, lines.get(i).sku(), lines.get(i).quantity(), lines.get(i).unitPrice()});
            }
        }

        /** Now and then a buyer asks again for the cart whose quote expired or was declined last. */
        private String cartFor(String buyer) {
            for (int i = reusableCarts.size() - 1; i >= 0; i--) {
                if (reusableCarts.get(i)[0].equals(buyer)) {
                    if (random.nextInt(100) < 15) {
                        return reusableCarts.remove(i)[1];
                    }
                    break;
                }
            }
            return String.format("demo-cart-%04d", ++cartNumber);
        }

        private List<Line> lines() {
            List<Line> lines = new ArrayList<>();
            List<String> skus = new ArrayList<>(SKUS);
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                String sku = skus.remove(random.nextInt(skus.size()));
                int quantity = switch (sku) {
                    case "SKU-CONS-100" -> 10 * (1 + random.nextInt(20));
                    case "SKU-CAP-200" -> 1 + random.nextInt(2);
                    default -> 1 + random.nextInt(4);
                };
                lines.add(new Line(sku, quantity, CommerceSimulator.PRODUCTS.get(sku).unitPrice()));
            }
            return lines;
        }

        private Duration randomDuration(Duration min, Duration max) {
            return min.plusSeconds((long) (random.nextDouble() * (max.toSeconds() - min.toSeconds())));
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }
    }

    /** A quote request and what happened to it. */
    private record Request(Instant at, Path path) {
    }

    @FunctionalInterface
    private interface Path {
        /** Continues the history after the request, which is SUBMITTED and archived as version 1. */
        void follow(History history, BigDecimal requestedDiscount, Instant requestedAt, CountrySettings.Country settings);
    }

    private record Offer(BigDecimal discount, Instant offeredAt, LocalDate lastValidDay, Instant expiresAt) {
    }

    /** An archived version: the request (without offer) or an offer. */
    private record DemoVersion(int number, Instant at, String actor, Offer offer) {
    }

    /** The state changes and archived versions of one quote as they happen. */
    private static final class History {

        final String code;
        final String buyer;
        final List<Object[]> changes = new ArrayList<>();
        final List<DemoVersion> versions = new ArrayList<>();
        QuoteState state;
        int version = 1;
        Instant last;
        Offer offer;
        String reviewer;
        String approver;
        String approvalLevel;
        String orderOutcome;
        Instant acceptedAt;

        History(String code, String buyer) {
            this.code = code;
            this.buyer = buyer;
        }

        String buyer() {
            return buyer;
        }

        void change(QuoteState from, QuoteState to, String actor, Instant at) {
            changes.add(new Object[] {code, from == null ? null : from.name(), to.name(), actor, utc(at), version});
            state = to;
            last = at;
        }

        /** The offer becomes the next version, which its state change to OFFERED already carries (as in QuoteService). */
        void offer(BigDecimal discount, Instant offeredAt, ZoneId zone) {
            LocalDate lastValidDay = offeredAt.atZone(zone).toLocalDate().plusDays(30);
            offer = new Offer(discount, offeredAt, lastValidDay, lastValidDay.plusDays(1).atStartOfDay(zone).toInstant());
            version++;
            changes.get(changes.size() - 1)[5] = version;
            versions.add(new DemoVersion(version, offeredAt, REVIEWER, offer));
        }

        void finish(QuoteState finalState) {
            state = finalState;
        }
    }

    private String snapshot(QuoteSnapshot snapshot) {
        try {
            return json.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the demo snapshot of " + snapshot.quoteCode(), e);
        }
    }

    private static BigDecimal discounted(BigDecimal amount, BigDecimal discount) {
        if (discount == null) {
            return amount;
        }
        return amount.multiply(BigDecimal.valueOf(100).subtract(discount)).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
