package io.orderflow.order;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param productClasses product class per SKU; the highest class of an order drives the validation decision
 * @param classRanking   product classes from lowest to highest
 * @param refusalDue     how soon back office should resolve a call commerce refused
 */
@ConfigurationProperties(prefix = "orderflow.orders")
public record OrderProperties(Map<String, String> productClasses, List<String> classRanking, Duration refusalDue) {

    public OrderProperties {
        productClasses = productClasses == null ? Map.of() : Map.copyOf(productClasses);
        classRanking = classRanking == null ? List.of() : List.copyOf(classRanking);
        refusalDue = refusalDue == null ? Duration.ofDays(1) : refusalDue;
    }
}
