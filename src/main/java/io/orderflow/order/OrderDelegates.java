package io.orderflow.order;

import io.orderflow.integration.commerce.CommerceClient;
import io.orderflow.integration.commerce.CommerceOrder;
import io.orderflow.integration.commerce.CommerceOrderRequest;
import io.orderflow.order.OrderProcess.Variables;
import io.orderflow.quote.Quote;
import io.orderflow.quote.QuoteService;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The delegates of {@code order-handoff}, by the bean names the model uses. */
@Configuration
class OrderDelegates {

    /** The quote decides customer and B2B unit of the order, never the caller's session. */
    @Bean
    JavaDelegate createCommerceOrder(QuoteService quotes, CommerceClient commerce) {
        return execution -> {
            String orderRequestId = (String) execution.getVariable(Variables.ORDER_REQUEST_ID);
            Quote quote = quotes.get((String) execution.getVariable(Variables.QUOTE_CODE));
            CommerceOrderRequest request = new CommerceOrderRequest(orderRequestId, quote.getCustomerId(),
                    quote.getB2bUnitId(), quote.getCurrency(), quote.getCode(),
                    quote.getLines().stream()
                            .map(line -> new CommerceOrderRequest.Line(line.getSku(), line.getQuantity(),
                                    quote.discounted(line.getUnitPrice())))
                            .toList());
            CommerceOrder order = commerce.createOrder(request, orderRequestId);
            execution.setVariable(Variables.COMMERCE_ORDER_CODE, order.orderCode());
        };
    }
}
