package io.orderflow.web;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.stereotype.Component;

/**
 * Whether a user can open a page, asked of whoever guards it: the security chains for the application's pages, and
 * Camunda's application authorizations for its webapps (which the chains leave open, the webapps log in themselves).
 * So a link is shown by the same rule that lets its page through.
 */
@Component
class PageAccess {

    private static final Pattern CAMUNDA_APP = Pattern.compile("/camunda/app/([a-z]+)/.*");

    private final WebInvocationPrivilegeEvaluator pages;
    private final ProcessEngine engine;

    PageAccess(WebInvocationPrivilegeEvaluator pages, ProcessEngine engine) {
        this.pages = pages;
        this.engine = engine;
    }

    boolean canOpen(String path, Authentication user) {
        Matcher app = CAMUNDA_APP.matcher(path);
        return app.matches() ? mayUseCamundaApp(app.group(1), user) : pages.isAllowed(path, user);
    }

    /** As the webapps decide at login: Camunda administrators use every app, others need ACCESS to it. */
    private boolean mayUseCamundaApp(String app, Authentication user) {
        if (user == null || !user.isAuthenticated()) {
            return false;
        }
        IdentityService identity = engine.getIdentityService();
        List<String> groups = identity.createGroupQuery().groupMember(user.getName()).list().stream()
                .map(Group::getId).toList();
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        boolean admin = configuration.getAdminUsers() != null && configuration.getAdminUsers().contains(user.getName())
                || configuration.getAdminGroups() != null && groups.stream().anyMatch(configuration.getAdminGroups()::contains);
        AuthorizationService authorizations = engine.getAuthorizationService();
        return admin || authorizations.isUserAuthorized(user.getName(), groups, Permissions.ACCESS, Resources.APPLICATION, app);
    }
}
