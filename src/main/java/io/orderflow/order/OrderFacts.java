package io.orderflow.order;

import org.springframework.stereotype.Component;

/** The inputs of the {@code post-order-validation} decision, as the model reads them ({@code ${orderFacts...}}). */
@Component("orderFacts")
public class OrderFacts {

    private final OrderService orders;

    OrderFacts(OrderService orders) {
        this.orders = orders;
    }

    public String country(String orderRequestId) {
        return orders.get(orderRequestId).getCountry();
    }

    public String customerValidationStatus(String orderRequestId) {
        return orders.customerValidationStatus(orderRequestId);
    }

    public String highestProductClass(String orderRequestId) {
        return orders.highestProductClass(orderRequestId);
    }

    public double orderValue(String orderRequestId) {
        return orders.value(orderRequestId).doubleValue();
    }
}
