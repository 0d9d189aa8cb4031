package io.orderflow.validation;

import io.orderflow.work.Worker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The callback inbox's own worker thread: delivery to processes never waits behind other work (mails). */
@Configuration
class CallbackSchedule {

    @Bean
    Worker callbackWorker(CallbackInbox inbox, CallbackDeliveryProperties properties) {
        return new Worker("reltio-callback-delivery", properties.enabled(), properties.interval(), inbox::deliverDue);
    }
}
