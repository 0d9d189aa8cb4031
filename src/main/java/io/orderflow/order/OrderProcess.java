package io.orderflow.order;

/** Ids, messages and variables of the {@code order-handoff} model. */
public final class OrderProcess {

    public static final String KEY = "order-handoff";

    public static final class Messages {
        public static final String ORDER_PLACED = "OrderPlaced";

        private Messages() {
        }
    }

    public static final class Elements {
        public static final String ORDER_PLACED = "orderPlaced";
        public static final String ORDER_FROM_QUOTE = "orderFromQuote";
        public static final String ORDER_REQUESTED = "orderRequested";
        public static final String CREATE_COMMERCE_ORDER = "createCommerceOrder";
        public static final String ORDER_CREATED = "orderCreated";

        private Elements() {
        }
    }

    public static final class Variables {
        public static final String ORDER_REQUEST_ID = "orderRequestId";
        public static final String QUOTE_CODE = "quoteCode";
        public static final String COMMERCE_ORDER_CODE = "commerceOrderCode";

        private Variables() {
        }
    }

    private OrderProcess() {
    }
}
