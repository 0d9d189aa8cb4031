package io.orderflow.quote;

import java.util.stream.Collectors;

import io.orderflow.retention.AgingOut;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The state changes of a quote that finished longer ago than the retention go; the quote, its lines and its versions
 * stay as the business record. Reports that count state changes (time to offer, conversion) cover the retention.
 */
@Configuration
class QuoteRetention {

    @Bean
    AgingOut stateChangesOfFinishedQuotes(JdbcTemplate jdbc) {
        String finished = QuoteState.FINISHED.stream().map(state -> "'" + state + "'").collect(Collectors.joining(", "));
        return AgingOut.rows(jdbc, "state changes of finished quotes", "quote_state_change",
                "quote_code in (select code from quote where state in (" + finished + ") and updated_at < ?)");
    }
}
