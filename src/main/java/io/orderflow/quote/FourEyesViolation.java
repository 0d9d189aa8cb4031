package io.orderflow.quote;

import org.camunda.bpm.engine.AuthorizationException;

/** Refuses the approval of an offer by its own reviewer; the engine REST answers it with 403 and this message. */
public class FourEyesViolation extends AuthorizationException {

    public FourEyesViolation(String quoteCode, String userId) {
        super("Four eyes: " + userId + " reviewed quote " + quoteCode + " and cannot approve its discount as well. "
                + "Another member of the approving group must decide.");
    }
}
