package io.orderflow.quote;

import java.time.Duration;

import io.orderflow.integration.commerce.CommerceClient;
import io.orderflow.integration.commerce.CommerceCustomer;
import io.orderflow.integration.commerce.CommerceUnavailableException;
import io.orderflow.integration.commerce.UnknownCommerceRecordException;
import io.orderflow.web.ApiException;
import org.springframework.stereotype.Component;

/**
 * Who may ask for a quote or place an order: a customer commerce knows, for a B2B unit they belong to. Checked
 * before anything is stored or started, so a request that would only end in an incident is refused at once.
 */
@Component
public class Buyers {

    /** How long a caller waits before sending a request again that could not be checked. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final CommerceClient commerce;

    Buyers(CommerceClient commerce) {
        this.commerce = commerce;
    }

    /**
     * @throws ApiException 422 naming {@code customerId} or {@code b2bUnitId}; 503 with {@code Retry-After} when
     *                      commerce cannot be asked
     */
    public CommerceCustomer check(String customerId, String b2bUnitId) {
        CommerceCustomer customer;
        try {
            customer = commerce.customer(customerId);
        } catch (UnknownCommerceRecordException e) {
            throw ApiException.unprocessable("unknown-customer", "Unknown customer", "customerId",
                    "is not a customer known to commerce");
        } catch (CommerceUnavailableException e) {
            throw ApiException.unavailable("Commerce", RETRY_AFTER);
        }
        if (!customer.belongsTo(b2bUnitId)) {
            throw ApiException.unprocessable("not-in-b2b-unit", "Customer not in the B2B unit", "b2bUnitId",
                    "is not a B2B unit customer " + customerId + " belongs to");
        }
        return customer;
    }
}
