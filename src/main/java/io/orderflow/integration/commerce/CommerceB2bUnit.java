package io.orderflow.integration.commerce;

/**
 * A B2B unit (the hospital or clinic) as commerce keeps it.
 *
 * @param address its registered address, if commerce has one; the region as commerce spells it
 */
public record CommerceB2bUnit(String id, String name, String country, boolean active, Address address) {

    public record Address(String line1, String city, String postalCode, String region, String country) {
    }
}
