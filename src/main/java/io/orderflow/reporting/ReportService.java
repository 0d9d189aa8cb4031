package io.orderflow.reporting;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.orderflow.country.CountrySettings;
import io.orderflow.quote.QuoteState;
import io.orderflow.reporting.ReportQueries.CountryOutcomes;
import io.orderflow.reporting.ReportQueries.OfferedQuote;
import io.orderflow.reporting.ReportQueries.OrderTotal;
import io.orderflow.tasks.TaskSubject;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;

/** The figures of the reports page, each as a table with its chart. */
@Service
public class ReportService {

    static final String ALL_ROW = "all";
    static final String OTHER = "other";

    /** Offered discount buckets in percent; each includes its upper bound, the last is open. */
    static final List<Bucket> DISCOUNT_BUCKETS = List.of(
            new Bucket("0-5 %", new BigDecimal("5")),
            new Bucket("5-10 %", new BigDecimal("10")),
            new Bucket("10-20 %", new BigDecimal("20")),
            new Bucket("20-30 %", new BigDecimal("30")),
            new Bucket("over 30 %", null));

    /** How a cart ended, by the state of its latest quote; states not listed count as {@link #OTHER}. */
    static final Map<String, List<QuoteState>> CART_OUTCOMES = outcomes();

    record Bucket(String label, BigDecimal upTo) {
    }

    private final ReportQueries queries;
    private final CountrySettings countries;
    private final TaskService taskService;
    private final Clock clock;
    private final Map<String, Function<Scope, ReportTable>> tables = new LinkedHashMap<>();

    ReportService(ReportQueries queries, CountrySettings countries, TaskService taskService, Clock clock) {
        this.queries = queries;
        this.countries = countries;
        this.taskService = taskService;
        this.clock = clock;
        tables.put("quotes-by-state", this::quotesByState);
        tables.put("quotes-by-country", this::quotesByCountry);
        tables.put("conversion", this::conversion);
        tables.put("time-to-offer", this::timeToOffer);
        tables.put("discounts", this::discounts);
        tables.put("expired-vs-accepted", this::expiredVsAccepted);
        tables.put("orders", this::orders);
        tables.put("quote-carts", this::quoteCarts);
        tables.put("overdue-tasks", scope -> overdueTasks());
    }

    /** Reads the request parameters against today and the countries we sell in. */
    public ReportFilter filter(String from, String to, String country) {
        return ReportFilter.parse(from, to, country, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), countries.codes());
    }

    public Set<String> countries() {
        return new TreeSet<>(countries.codes());
    }

    public List<ReportTable> all(ReportFilter filter) {
        Scope scope = new Scope(filter);
        return tables.values().stream().map(table -> table.apply(scope)).toList();
    }

    public Optional<ReportTable> table(String id, ReportFilter filter) {
        return Optional.ofNullable(tables.get(id)).map(table -> table.apply(new Scope(filter)));
    }

    /** One filter's figures: the offered quotes, which three tables count, are read once. */
    private final class Scope {

        final ReportFilter filter;
        private List<OfferedQuote> offered;

        Scope(ReportFilter filter) {
            this.filter = filter;
        }

        List<OfferedQuote> offered() {
            if (offered == null) {
                offered = queries.offeredQuotes(filter);
            }
            return offered;
        }
    }

    // --- quotes -------------------------------------------------------------------------------------------------

    private ReportTable quotesByState(Scope scope) {
        ReportFilter filter = scope.filter;
        Map<String, Long> counts = queries.quotesByState(filter);
        List<List<String>> rows = new ArrayList<>();
        List<BarChart.Value> bars = new ArrayList<>();
        for (QuoteState state : QuoteState.values()) {
            long count = counts.getOrDefault(state.name(), 0L);
            rows.add(List.of(state.name(), Long.toString(count)));
            bars.add(BarChart.Value.of(state.name(), count));
        }
        return new ReportTable("quotes-by-state", "Quotes by state",
                "Quotes requested in the period, by their state now.",
                List.of("state", "quotes"), rows, BarChart.of("Quotes by state", bars));
    }

    private ReportTable quotesByCountry(Scope scope) {
        ReportFilter filter = scope.filter;
        Map<String, Long> counts = queries.quotesByCountry(filter);
        List<List<String>> rows = new ArrayList<>();
        List<BarChart.Value> bars = new ArrayList<>();
        for (String country : filter.countries(countries.codes())) {
            long count = counts.getOrDefault(country, 0L);
            rows.add(List.of(country, Long.toString(count)));
            bars.add(BarChart.Value.of(country, count));
        }
        return new ReportTable("quotes-by-country", "Quotes by country", "Quotes requested in the period, by country.",
                List.of("country", "quotes"), rows, BarChart.of("Quotes by country", bars));
    }

    private ReportTable conversion(Scope scope) {
        Map<String, List<OfferedQuote>> offered = byCountry(scope.offered(), scope.filter);
        List<List<String>> rows = new ArrayList<>();
        List<BarChart.Value> bars = new ArrayList<>();
        offered.forEach((country, quotes) -> {
            long ordered = quotes.stream().filter(OfferedQuote::everOrdered).count();
            BigDecimal rate = quotes.isEmpty() ? null : percent(ordered, quotes.size());
            rows.add(List.of(country, Integer.toString(quotes.size()), Long.toString(ordered), text(rate)));
            bars.add(new BarChart.Value(country, rate == null ? BigDecimal.ZERO : rate,
                    rate == null ? "no offers" : rate.toPlainString() + " % (" + ordered + " of " + quotes.size() + ")", ""));
        });
        return new ReportTable("conversion", "Conversion",
                "Quotes ordered ÷ quotes offered: of the quotes requested in the period that were ever offered, "
                        + "how many were ever ordered.",
                List.of("country", "offered", "ordered", "conversion %"), rows, BarChart.of("Conversion", bars));
    }

    private ReportTable timeToOffer(Scope scope) {
        Map<String, List<OfferedQuote>> offered = byCountry(scope.offered(), scope.filter);
        List<List<String>> rows = new ArrayList<>();
        List<BarChart.Value> bars = new ArrayList<>();
        offered.forEach((country, quotes) -> {
            BigDecimal hours = medianHours(quotes.stream()
                    .map(quote -> Duration.between(quote.submittedAt(), quote.firstOfferedAt())).toList());
            rows.add(List.of(country, Integer.toString(quotes.size()), text(hours)));
            bars.add(new BarChart.Value(country, hours == null ? BigDecimal.ZERO : hours,
                    hours == null ? "no offers" : hours.toPlainString() + " h", ""));
        });
        return new ReportTable("time-to-offer", "Time to offer",
                "Median hours from the request to the first offer, of the quotes requested in the period that were offered.",
                List.of("country", "offered", "median hours"), rows, BarChart.of("Median time to offer", bars));
    }

    private ReportTable discounts(Scope scope) {
        long[] counts = new long[DISCOUNT_BUCKETS.size()];
        for (OfferedQuote quote : scope.offered()) {
            if (quote.offeredDiscount() != null) {
                counts[bucket(quote.offeredDiscount())]++;
            }
        }
        List<List<String>> rows = new ArrayList<>();
        List<BarChart.Value> bars = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            rows.add(List.of(DISCOUNT_BUCKETS.get(i).label(), Long.toString(counts[i])));
            bars.add(BarChart.Value.of(DISCOUNT_BUCKETS.get(i).label(), counts[i]));
        }
        return new ReportTable("discounts", "Offered discounts",
                "Discount of the last offer, of the quotes requested in the period that were offered; "
                        + "each bucket includes its upper bound.",
                List.of("offered discount", "quotes"), rows, BarChart.of("Offered discounts", bars));
    }

    private ReportTable expiredVsAccepted(Scope scope) {
        ReportFilter filter = scope.filter;
        Map<String, CountryOutcomes> outcomes = queries.acceptedAndExpired(filter).stream()
                .collect(Collectors.toMap(CountryOutcomes::country, Function.identity()));
        List<List<String>> rows = new ArrayList<>();
        List<BarChart.Value> bars = new ArrayList<>();
        long accepted = 0;
        long expired = 0;
        for (String country : filter.countries(countries.codes())) {
            CountryOutcomes outcome = outcomes.getOrDefault(country, new CountryOutcomes(country, 0, 0));
            accepted += outcome.accepted();
            expired += outcome.expired();
            addOutcomes(rows, bars, country, outcome.accepted(), outcome.expired());
        }
        addOutcomes(rows, bars, ALL_ROW, accepted, expired);
        return new ReportTable("expired-vs-accepted", "Expired vs accepted",
                "Quotes requested in the period that are accepted (ACCEPTED or ORDERED) or EXPIRED now.",
                List.of("country", "accepted", "expired"), rows, BarChart.of("Expired vs accepted", bars));
    }

    private static void addOutcomes(List<List<String>> rows, List<BarChart.Value> bars, String country, long accepted,
            long expired) {
        rows.add(List.of(country, Long.toString(accepted), Long.toString(expired)));
        bars.add(new BarChart.Value(country + " accepted", BigDecimal.valueOf(accepted), Long.toString(accepted), "accepted"));
        bars.add(new BarChart.Value(country + " expired", BigDecimal.valueOf(expired), Long.toString(expired), "expired"));
    }

    // --- orders and carts -----------------------------------------------------------------------------------------

    private ReportTable orders(Scope scope) {
        ReportFilter filter = scope.filter;
        List<OrderTotal> totals = queries.orderTotals(filter);
        Set<String> currencies = new TreeSet<>();
        filter.countries(countries.codes()).forEach(country ->
                currencies.add(countries.country(country).currency().getCurrencyCode()));
        totals.forEach(total -> currencies.add(total.currency()));
        List<List<String>> rows = new ArrayList<>();
        List<BarChart.Value> bars = new ArrayList<>();
        for (boolean withQuote : new boolean[] {true, false}) {
            for (String currency : currencies) {
                OrderTotal total = totals.stream()
                        .filter(t -> t.withQuote() == withQuote && t.currency().equals(currency)).findFirst()
                        .orElse(new OrderTotal(withQuote, currency, 0, BigDecimal.ZERO));
                String kind = withQuote ? "with quote" : "without quote";
                String value = money(total.value());
                rows.add(List.of(kind, currency, Long.toString(total.orders()), value));
                bars.add(new BarChart.Value(kind + " · " + currency, BigDecimal.valueOf(total.orders()),
                        total.orders() + (total.orders() == 1 ? " order · " : " orders · ") + value + " " + currency,
                        withQuote ? "with-quote" : "without-quote"));
            }
        }
        return new ReportTable("orders", "Orders with and without a quote",
                "Orders placed in the period, whatever became of them, and the value of their lines, per currency.",
                List.of("quote", "currency", "orders", "value"), rows, BarChart.of("Orders with and without a quote", bars));
    }

    private ReportTable quoteCarts(Scope scope) {
        ReportFilter filter = scope.filter;
        Map<String, Long> byState = queries.cartsByLatestQuoteState(filter);
        Map<String, Long> byOutcome = new LinkedHashMap<>();
        CART_OUTCOMES.keySet().forEach(outcome -> byOutcome.put(outcome, 0L));
        byOutcome.put(OTHER, 0L);
        byState.forEach((state, carts) -> byOutcome.merge(outcome(state), carts, Long::sum));
        List<List<String>> rows = new ArrayList<>();
        List<BarChart.Value> bars = new ArrayList<>();
        byOutcome.forEach((outcome, carts) -> {
            rows.add(List.of(outcome, Long.toString(carts)));
            bars.add(new BarChart.Value(outcome, BigDecimal.valueOf(carts), Long.toString(carts), outcome));
        });
        return new ReportTable("quote-carts", "Quote-related carts",
                "Carts that asked for a quote in the period, by the state of their latest quote: converted = ORDERED; "
                        + "open = SUBMITTED, IN_REVIEW, PENDING_APPROVAL, OFFERED, RENEGOTIATION_REQUESTED; expired; "
                        + "declined; other = ACCEPTED (order on its way), REJECTED, CANCELLED, CONVERSION_FAILED.",
                List.of("outcome", "carts"), rows, BarChart.of("Quote-related carts", bars));
    }

    // --- human work ---------------------------------------------------------------------------------------------

    /** Open tasks past their due date now, whatever the period and country: the work that is late today. */
    private ReportTable overdueTasks() {
        List<Task> overdue = taskService.createTaskQuery().dueBefore(Date.from(clock.instant())).list();
        Map<List<String>, Long> counts = new TreeMap<>(Comparator.<List<String>, String>comparing(key -> key.get(0))
                .thenComparing(key -> key.get(1)));
        for (Task task : overdue) {
            String key = task.getTaskDefinitionKey() == null ? "" : task.getTaskDefinitionKey();
            // counted per step: each task's name also names its quote or order
            counts.merge(List.of(key, task.getName() == null ? key : TaskSubject.step(task.getName())), 1L, Long::sum);
        }
        List<List<String>> rows = new ArrayList<>();
        List<BarChart.Value> bars = new ArrayList<>();
        counts.forEach((task, count) -> {
            rows.add(List.of(task.get(0), task.get(1), Long.toString(count)));
            bars.add(BarChart.Value.of(task.get(1), count));
        });
        return new ReportTable("overdue-tasks", "Overdue human tasks",
                "Open tasks whose due date has passed, now, by step; not limited by period or country.",
                List.of("task", "name", "overdue"), rows, BarChart.of("Overdue human tasks", bars));
    }

    // --- arithmetic ---------------------------------------------------------------------------------------------

    /** Per country in the filter, then {@value #ALL_ROW}. */
    private Map<String, List<OfferedQuote>> byCountry(List<OfferedQuote> quotes, ReportFilter filter) {
        Map<String, List<OfferedQuote>> byCountry = new LinkedHashMap<>();
        for (String country : filter.countries(countries.codes())) {
            byCountry.put(country, quotes.stream().filter(quote -> quote.country().equals(country)).toList());
        }
        byCountry.put(ALL_ROW, quotes);
        return byCountry;
    }

    static BigDecimal percent(long part, long whole) {
        return BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    /** The median in hours with one decimal, of an even count the mean of the two middle ones; null of none. */
    static BigDecimal medianHours(List<Duration> durations) {
        if (durations.isEmpty()) {
            return null;
        }
        long[] seconds = durations.stream().mapToLong(Duration::toSeconds).sorted().toArray();
        int middle = seconds.length / 2;
        BigDecimal median = seconds.length % 2 == 1 ? BigDecimal.valueOf(seconds[middle])
                : BigDecimal.valueOf(seconds[middle - 1]).add(BigDecimal.valueOf(seconds[middle])).divide(BigDecimal.valueOf(2));
        return median.divide(BigDecimal.valueOf(3600), 1, RoundingMode.HALF_UP);
    }

    static int bucket(BigDecimal discount) {
        for (int i = 0; i < DISCOUNT_BUCKETS.size(); i++) {
            BigDecimal upTo = DISCOUNT_BUCKETS.get(i).upTo();
            if (upTo == null || discount.compareTo(upTo) <= 0) {
                return i;
            }
        }
        throw new IllegalStateException("The last discount bucket is open");
    }

    private static String outcome(String state) {
        return CART_OUTCOMES.entrySet().stream()
                .filter(outcome -> outcome.getValue().stream().anyMatch(s -> s.name().equals(state)))
                .map(Map.Entry::getKey).findFirst().orElse(OTHER);
    }

    private static Map<String, List<QuoteState>> outcomes() {
        Map<String, List<QuoteState>> outcomes = new LinkedHashMap<>();
        outcomes.put("converted", List.of(QuoteState.ORDERED));
        outcomes.put("open", List.of(QuoteState.SUBMITTED, QuoteState.IN_REVIEW, QuoteState.PENDING_APPROVAL,
                QuoteState.OFFERED, QuoteState.RENEGOTIATION_REQUESTED));
        outcomes.put("expired", List.of(QuoteState.EXPIRED));
        outcomes.put("declined", List.of(QuoteState.DECLINED));
        return Collections.unmodifiableMap(outcomes);
    }

    private static String money(BigDecimal value) {
        return (value == null ? BigDecimal.ZERO : value).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String text(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }
}
