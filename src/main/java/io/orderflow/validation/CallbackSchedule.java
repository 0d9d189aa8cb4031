package io.orderflow.validation;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

@Configuration
@ConditionalOnProperty(name = "orderflow.reltio.delivery.enabled", havingValue = "true")
class CallbackSchedule {

    private final CallbackInbox inbox;

    CallbackSchedule(CallbackInbox inbox) {
        this.inbox = inbox;
    }

    @Scheduled(fixedDelayString = "${orderflow.reltio.delivery.interval}")
    void deliverDue() {
        inbox.deliverDue();
    }
}
