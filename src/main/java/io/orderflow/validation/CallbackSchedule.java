package io.orderflow.validation;

import io.orderflow.retention.AgingOut;
import io.orderflow.work.Worker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The callback inbox's own worker thread: delivery to processes never waits behind other work (mails). Delivered
 * callbacks go with the retention.
 */
@Configuration
class CallbackSchedule {

    @Bean
    Worker callbackWorker(CallbackInbox inbox, CallbackDeliveryProperties properties) {
        return new Worker("reltio-callback-delivery", properties.enabled(), properties.interval(), inbox::deliverDue);
    }

    /** A result that arrives again after its callback aged out is still a duplicate: see {@link CallbackInbox#store}. */
    @Bean
    AgingOut deliveredCallbacks(JdbcTemplate jdbc) {
        return AgingOut.rows(jdbc, "delivered Reltio callbacks", CallbackInbox.TABLE.name(),
                "status = '" + ReltioCallback.Status.CORRELATED + "' and correlated_at < ?");
    }
}
