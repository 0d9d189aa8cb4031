package io.orderflow.sandbox;

import java.util.Map;

import io.orderflow.web.HomeSection;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** The sandbox's users, data and simulators, listed on the home page. */
@Component
@Profile("sandbox")
class SandboxHomeSection implements HomeSection {

    @Override
    public String template() {
        return "sandbox/home";
    }

    @Override
    public Map<String, Object> model() {
        return Map.of("users", DemoUsers.USERS,
                "customers", CommerceSimulator.CUSTOMERS.values().stream()
                        .sorted(java.util.Comparator.comparing(CommerceSimulator.Customer::id)).toList(),
                "products", CommerceSimulator.PRODUCTS.values().stream()
                        .sorted(java.util.Comparator.comparing(CommerceSimulator.Product::sku)).toList());
    }
}
