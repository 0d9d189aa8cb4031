package io.orderflow.integration.reltio;

/** Where the Reltio payloads come from: implemented by the capability that owns validations. */
public interface ReltioValidationSource {

    ReltioValidationRequest validationRequest(String orderRequestId);

    String masterId(String orderRequestId);
}
