package io.orderflow.reporting;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A known data set in 2019, a year no other test writes to, inserted as rows: sixteen quotes in three countries with
 * their state changes, and nine orders with and without a quote. The figures {@link ReportsTest} expects are worked
 * out from the comments here.
 */
final class ReportFixture {

    static final String MARKER = "Q-RPT19-";

    private final JdbcTemplate jdbc;

    ReportFixture(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insertOnce() {
        Long present = jdbc.queryForObject("select count(*) from quote where code like ?", Long.class, MARKER + "%");
        if (present != null && present > 0) {
            return;
        }
        // code, country, cart, offered discount, state changes (the last is the state now); hours to the first offer
        quote("01", "DE", "c01", "4.00", "2019-02-01T08:00:00Z", "SUBMITTED", "2019-02-01T08:00:05Z", "IN_REVIEW",
                "2019-02-02T08:00:00Z", "OFFERED", "2019-02-05T10:00:00Z", "ACCEPTED", "2019-02-05T10:02:00Z", "ORDERED"); // 24 h
        quote("02", "DE", "c02", "12.50", "2019-02-10T10:00:00Z", "SUBMITTED", "2019-02-10T10:00:05Z", "IN_REVIEW",
                "2019-02-11T10:00:00Z", "PENDING_APPROVAL", "2019-02-12T10:00:00Z", "OFFERED",
                "2019-03-14T23:00:00Z", "EXPIRED"); // 48 h
        quote("03", "US", "c03", "5.00", "2019-03-01T00:00:00Z", "SUBMITTED", "2019-03-01T00:00:05Z", "IN_REVIEW",
                "2019-03-01T06:00:00Z", "OFFERED", "2019-03-04T09:00:00Z", "ACCEPTED", "2019-03-04T09:02:00Z", "ORDERED",
                "2019-03-06T12:00:00Z", "CANCELLED"); // 6 h; ordered once, so converted
        quote("04", "US", "c04", "30.00", "2019-03-05T12:00:00Z", "SUBMITTED", "2019-03-05T12:00:05Z", "IN_REVIEW",
                "2019-03-06T00:00:00Z", "OFFERED", "2019-03-08T09:00:00Z", "RENEGOTIATION_REQUESTED",
                "2019-03-08T09:00:05Z", "IN_REVIEW", "2019-03-09T09:00:00Z", "OFFERED",
                "2019-03-10T09:00:00Z", "DECLINED"); // 12 h to the first of two offers
        quote("05", "FR", "c05", "31.00", "2019-04-01T09:00:00Z", "SUBMITTED", "2019-04-01T09:00:05Z", "IN_REVIEW",
                "2019-04-04T09:00:00Z", "OFFERED"); // 72 h; the latest quote of cart c05
        quote("06", "FR", "c05", "8.00", "2019-03-20T09:00:00Z", "SUBMITTED", "2019-03-20T09:00:05Z", "IN_REVIEW",
                "2019-03-21T09:00:00Z", "REJECTED"); // reviewed, never offered: in no offer figure
        quote("07", "DE", "c07", null, "2019-05-01T00:00:00Z", "SUBMITTED", "2019-05-01T00:00:05Z", "IN_REVIEW");
        quote("08", "US", "c08", null, "2019-05-02T00:00:00Z", "SUBMITTED");
        quote("09", "DE", "c09", "10.00", "2019-05-10T00:00:00Z", "SUBMITTED", "2019-05-10T00:00:05Z", "IN_REVIEW",
                "2019-05-10T10:00:00Z", "OFFERED", "2019-06-09T22:00:00Z", "EXPIRED"); // 10 h; cart c09 asks again
        quote("10", "DE", "c09", "20.00", "2019-06-15T00:00:00Z", "SUBMITTED", "2019-06-15T00:00:05Z", "IN_REVIEW",
                "2019-06-15T20:00:00Z", "OFFERED", "2019-06-16T08:00:00Z", "ACCEPTED", "2019-06-16T08:02:00Z", "ORDERED"); // 20 h
        quote("11", "US", "c11", "0.00", "2019-06-30T23:30:00Z", "SUBMITTED", "2019-06-30T23:30:05Z", "IN_REVIEW",
                "2019-07-01T23:30:00Z", "OFFERED", "2019-07-02T09:00:00Z", "ACCEPTED"); // 24 h; last half hour of June
        quote("12", "DE", "c12", "15.00", "2019-09-01T00:00:00Z", "SUBMITTED", "2019-09-01T00:00:05Z", "IN_REVIEW",
                "2019-09-03T00:00:00Z", "OFFERED", "2019-09-04T10:00:00Z", "ACCEPTED", "2019-09-04T10:02:00Z", "ORDERED"); // 48 h
        quote("13", "FR", "c13", "25.00", "2019-09-05T00:00:00Z", "SUBMITTED", "2019-09-05T00:00:05Z", "IN_REVIEW",
                "2019-09-05T04:30:00Z", "OFFERED", "2019-10-05T22:00:00Z", "EXPIRED"); // 4.5 h
        quote("14", "FR", "c14", "22.00", "2019-09-10T00:00:00Z", "SUBMITTED", "2019-09-10T00:00:05Z", "IN_REVIEW",
                "2019-09-11T00:00:00Z", "PENDING_APPROVAL"); // discount reviewed, not offered yet
        quote("15", "US", "c15", "35.00", "2019-09-12T00:00:00Z", "SUBMITTED", "2019-09-12T00:00:05Z", "IN_REVIEW",
                "2019-09-12T12:00:00Z", "OFFERED", "2019-09-13T08:00:00Z", "ACCEPTED",
                "2019-09-13T08:05:00Z", "CONVERSION_FAILED"); // 12 h
        quote("16", "US", "c16", "7.50", "2019-09-20T00:00:00Z", "SUBMITTED", "2019-09-20T00:00:05Z", "IN_REVIEW",
                "2019-09-21T06:00:00Z", "OFFERED", "2019-09-25T10:00:00Z", "RENEGOTIATION_REQUESTED"); // 30 h

        // id, quote, country, currency, state, placed at, lines (quantity × unit price)
        order("01", "01", "DE", "EUR", "RELEASED", "2019-02-05T10:01:00Z", line(1, "43200.00"));
        order("02", "03", "US", "USD", "CANCELLED", "2019-03-04T09:01:00Z", line(2, "7600.00"));
        order("03", "10", "DE", "EUR", "RELEASED", "2019-06-16T08:01:00Z", line(10, "96.00"));
        order("04", "12", "DE", "EUR", "RELEASED", "2019-09-04T10:01:00Z", line(1, "38250.00"));
        order("05", "15", "US", "USD", "FAILED", "2019-09-13T08:01:00Z", line(1, "5200.00"));
        order("06", null, "DE", "EUR", "RELEASED", "2019-01-15T12:00:00Z", line(5, "120.00"), line(1, "8000.00"));
        order("07", null, "US", "USD", "RELEASED", "2019-04-10T12:00:00Z", line(3, "120.00"));
        order("08", null, "FR", "EUR", "CANCELLED", "2019-05-20T12:00:00Z", line(1, "45000.00"));
        order("09", null, "US", "USD", "FAILED", "2019-09-30T12:00:00Z", line(2, "8000.00"));
    }

    /** @param history alternately the instant and the state entered then */
    private void quote(String number, String country, String cart, String offeredDiscount, String... history) {
        String code = MARKER + number;
        Instant created = Instant.parse(history[0]);
        String state = history[history.length - 1];
        String currency = country.equals("US") ? "USD" : "EUR";
        jdbc.update("""
                insert into quote (code, state, cart_id, customer_id, b2b_unit_id, country, locale, currency,
                    requested_discount, offered_discount, current_version, idempotency_key, request_hash, created_at, updated_at)
                values (?, ?, ?, 'report.buyer', 'REPORT-UNIT', ?, 'en', ?, 10, ?, 1, ?, 'report', ?, ?)
                """, code, state, "rpt19-" + cart, country, currency,
                offeredDiscount == null ? null : new BigDecimal(offeredDiscount), "report-test-" + code, utc(created),
                utc(Instant.parse(history[history.length - 2])));
        String from = null;
        for (int i = 0; i < history.length; i += 2) {
            jdbc.update("insert into quote_state_change (quote_code, from_state, to_state, actor, changed_at, version) "
                    + "values (?, ?, ?, 'report-test', ?, 1)", code, from, history[i + 1], utc(Instant.parse(history[i])));
            from = history[i + 1];
        }
    }

    private void order(String number, String quote, String country, String currency, String state, String placedAt,
            Object[]... lines) {
        String id = "OR-RPT19-" + number;
        jdbc.update("""
                insert into order_request (id, state, quote_code, cart_id, customer_id, b2b_unit_id, country, currency,
                    idempotency_key, request_hash, created_at, updated_at)
                values (?, ?, ?, ?, 'report.buyer', 'REPORT-UNIT', ?, ?, ?, 'report', ?, ?)
                """, id, state, quote == null ? null : MARKER + quote, "rpt19-order-" + number, country, currency,
                "report-test-" + id, utc(Instant.parse(placedAt)), utc(Instant.parse(placedAt)));
        for (int i = 0; i < lines.length; i++) {
            jdbc.update("insert into order_request_line (order_request_id, line_no, sku, quantity, unit_price) "
                    + "values (?, ?, 'SKU-REPORT', ?, ?)", id, i, lines[i][0], lines[i][1]);
        }
    }

    private static Object[] line(int quantity, String unitPrice) {
        return new Object[] {quantity, new BigDecimal(unitPrice)};
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
