package io.orderflow.country;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The names staff know the products by, per SKU; commerce sends SKUs only. An unknown SKU is shown as itself.
 *
 * @param productNames name per SKU
 */
@ConfigurationProperties(prefix = "orderflow.catalog")
public record ProductNames(Map<String, String> productNames) {

    public ProductNames {
        productNames = productNames == null ? Map.of() : Map.copyOf(productNames);
    }

    public String of(String sku) {
        return productNames.getOrDefault(sku, sku);
    }
}
