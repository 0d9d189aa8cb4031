package io.orderflow.security;

import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/** Who is completing a task: human decisions are taken by a known user, which Tasklist and the engine REST set. */
@Component
public class CurrentUser {

    private final IdentityService identityService;

    CurrentUser(IdentityService identityService) {
        this.identityService = identityService;
    }

    public String require(String taskDefinitionKey) {
        Authentication authentication = identityService.getCurrentAuthentication();
        if (authentication == null || authentication.getUserId() == null) {
            throw new BadUserRequestException("Task " + taskDefinitionKey + " can only be completed by an authenticated user");
        }
        return authentication.getUserId();
    }
}
