package io.orderflow.reporting;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-only SQL on the quote and order tables. Reporting reads those tables directly rather than through the
 * capabilities' repositories: it needs aggregates over many rows, not entities, and it never writes.
 */
@Repository
@Transactional(readOnly = true)
class ReportQueries {

    /** A quote that was offered at least once. */
    record OfferedQuote(String code, String country, Instant submittedAt, Instant firstOfferedAt, boolean everOrdered,
            BigDecimal offeredDiscount) {
    }

    record CountryOutcomes(String country, long accepted, long expired) {
    }

    record OrderTotal(boolean withQuote, String currency, long orders, BigDecimal value) {
    }

    private final JdbcTemplate jdbc;

    ReportQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, Long> quotesByState(ReportFilter filter) {
        Window window = Window.of("q", filter);
        return counts("select q.state, count(*) from quote q where " + window.sql + " group by q.state", window);
    }

    Map<String, Long> quotesByCountry(ReportFilter filter) {
        Window window = Window.of("q", filter);
        return counts("select q.country, count(*) from quote q where " + window.sql + " group by q.country", window);
    }

    List<OfferedQuote> offeredQuotes(ReportFilter filter) {
        Window window = Window.of("q", filter);
        String sql = """
                select q.code, q.country, q.offered_discount,
                       coalesce((select min(c.changed_at) from quote_state_change c
                                  where c.quote_code = q.code and c.to_state = 'SUBMITTED'), q.created_at) as submitted_at,
                       (select min(c.changed_at) from quote_state_change c
                         where c.quote_code = q.code and c.to_state = 'OFFERED') as first_offered_at,
                       (select count(*) from quote_state_change c
                         where c.quote_code = q.code and c.to_state = 'ORDERED') as ordered_changes
                  from quote q
                 where %s
                   and exists (select 1 from quote_state_change c where c.quote_code = q.code and c.to_state = 'OFFERED')
                 order by q.code
                """.formatted(window.sql);
        return jdbc.query(sql, (rs, row) -> new OfferedQuote(rs.getString("code"), rs.getString("country"),
                instant(rs.getObject("submitted_at", OffsetDateTime.class)),
                instant(rs.getObject("first_offered_at", OffsetDateTime.class)),
                rs.getLong("ordered_changes") > 0, rs.getBigDecimal("offered_discount")), window.args);
    }

    /** Accepted are quotes ACCEPTED or ORDERED now, expired those EXPIRED now. */
    List<CountryOutcomes> acceptedAndExpired(ReportFilter filter) {
        Window window = Window.of("q", filter);
        String sql = """
                select q.country,
                       sum(case when q.state in ('ACCEPTED', 'ORDERED') then 1 else 0 end) as accepted,
                       sum(case when q.state = 'EXPIRED' then 1 else 0 end) as expired
                  from quote q
                 where %s
                 group by q.country
                """.formatted(window.sql);
        return jdbc.query(sql, (rs, row) -> new CountryOutcomes(rs.getString("country"), rs.getLong("accepted"),
                rs.getLong("expired")), window.args);
    }

    /** Orders placed in the window, with or without a quote, per currency, valued at their lines' prices. */
    List<OrderTotal> orderTotals(ReportFilter filter) {
        Window window = Window.of("o", filter);
        String sql = """
                select t.with_quote, t.currency, count(*) as orders, sum(t.order_value) as order_value
                  from (select case when o.quote_code is null then 0 else 1 end as with_quote, o.currency,
                               (select coalesce(sum(l.quantity * l.unit_price), 0) from order_request_line l
                                 where l.order_request_id = o.id) as order_value
                          from order_request o
                         where %s) t
                 group by t.with_quote, t.currency
                """.formatted(window.sql);
        return jdbc.query(sql, (rs, row) -> new OrderTotal(rs.getInt("with_quote") == 1, rs.getString("currency"),
                rs.getLong("orders"), rs.getBigDecimal("order_value")), window.args);
    }

    /** Carts by the state of their latest quote in the window (a cart may ask again after a quote expired). */
    Map<String, Long> cartsByLatestQuoteState(ReportFilter filter) {
        Window window = Window.of("q", filter);
        Window later = Window.of("n", filter);
        String sql = """
                select q.state, count(*)
                  from quote q
                 where %s
                   and not exists (select 1 from quote n
                                    where n.cart_id = q.cart_id and %s
                                      and (n.created_at > q.created_at or (n.created_at = q.created_at and n.code > q.code)))
                 group by q.state
                """.formatted(window.sql, later.sql);
        List<Object> args = new ArrayList<>(List.of(window.args));
        args.addAll(List.of(later.args));
        return counts(sql, args.toArray());
    }

    private Map<String, Long> counts(String sql, Window window) {
        return counts(sql, window.args);
    }

    private Map<String, Long> counts(String sql, Object[] args) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query(sql, rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        }, args);
        return counts;
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    /** The filter as a condition on a table with {@code created_at} and {@code country}; values are bound, never spliced. */
    private record Window(String sql, Object[] args) {

        static Window of(String alias, ReportFilter filter) {
            List<Object> args = new ArrayList<>(List.of(utc(filter.start()), utc(filter.end())));
            String sql = alias + ".created_at >= ? and " + alias + ".created_at < ?";
            if (filter.country() != null) {
                sql += " and " + alias + ".country = ?";
                args.add(filter.country());
            }
            return new Window(sql, args.toArray());
        }

        private static OffsetDateTime utc(Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
    }
}
