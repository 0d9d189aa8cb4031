package io.orderflow.integration.commerce;

/** Where the commerce order payload comes from: implemented by the capability that owns orders. */
public interface CommerceOrderSource {

    CommerceOrderRequest commerceOrder(String orderRequestId);
}
