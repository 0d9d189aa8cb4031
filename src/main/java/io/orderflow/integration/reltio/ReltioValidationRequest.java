package io.orderflow.integration.reltio;

/** {@code POST /validation-requests}: the region is an ISO 3166-2 code. */
public record ReltioValidationRequest(String reference, String legalName, String taxId, String licenceNumber,
        Address address) {

    public record Address(String line1, String city, String postalCode, String region, String country) {
    }
}
