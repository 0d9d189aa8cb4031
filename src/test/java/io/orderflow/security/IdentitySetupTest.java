package io.orderflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.orderflow.IntegrationTest;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.filter.Filter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class IdentitySetupTest extends IntegrationTest {

    @Autowired
    IdentitySetup setup;
    @Autowired
    IdentityService identityService;
    @Autowired
    AuthorizationService authorizationService;
    @Autowired
    FilterService filterService;

    @AfterEach
    void clearAuthentication() {
        identityService.clearAuthentication();
    }

    @Test
    void everyGroupOfTheProductExists() {
        assertThat(identityService.createGroupQuery().list()).extracting("id").contains(
                "sales", "sales-managers", "sales-directors", "backoffice", "order-approvers", "auditors", "camunda-admin");
    }

    @Test
    void runningTheSetupAgainAddsNothing() {
        long authorizations = authorizationService.createAuthorizationQuery().count();
        long filters = filterService.createFilterQuery().count();
        long groups = identityService.createGroupQuery().count();

        setup.run(null);

        assertThat(authorizationService.createAuthorizationQuery().count()).isEqualTo(authorizations);
        assertThat(filterService.createFilterQuery().count()).isEqualTo(filters);
        assertThat(identityService.createGroupQuery().count()).isEqualTo(groups);
    }

    @Test
    void eachWorkingGroupSeesItsOwnFilterAndMyTasks() {
        assertThat(visibleFilters("sara", "sales")).containsExactlyInAnyOrder("Sales", "My tasks");
        assertThat(visibleFilters("bob", "backoffice")).containsExactlyInAnyOrder("Back office", "My tasks");
        assertThat(visibleFilters("olga", "order-approvers")).containsExactlyInAnyOrder("Order approvers", "My tasks");
        assertThat(visibleFilters("audrey", "auditors")).isEmpty();
    }

    @Test
    void emptiedAdministratorGroupIsRefilledAtStart() {
        identityService.deleteMembership("admin", "camunda-admin");
        assertThat(identityService.createUserQuery().memberOfGroup("camunda-admin").count()).isZero();

        setup.run(null);

        assertThat(identityService.createUserQuery().memberOfGroup("camunda-admin").list())
                .extracting("id").containsExactly("admin");
    }

    @Test
    void taskGrantsOfAnEarlierVersionLoseTheRightToWriteVariablesAtStart() {
        Authorization wide = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        wide.setGroupId(Groups.SALES);
        wide.setResource(Resources.TASK);
        wide.setResourceId("task-of-an-earlier-version");
        wide.addPermission(Permissions.READ);
        wide.addPermission(Permissions.UPDATE);
        String id = authorizationService.saveAuthorization(wide).getId();
        try {
            setup.run(null);

            Authorization narrowed = authorizationService.createAuthorizationQuery().authorizationId(id).singleResult();
            assertThat(narrowed.isPermissionGranted(Permissions.UPDATE)).isFalse();
            assertThat(narrowed.isPermissionGranted(TaskPermissions.TASK_WORK)).isTrue();
            assertThat(narrowed.isPermissionGranted(TaskPermissions.READ_VARIABLE)).isTrue();
            assertThat(narrowed.isPermissionGranted(Permissions.READ)).isTrue();
        } finally {
            authorizationService.deleteAuthorization(id);
        }
    }

    private List<String> visibleFilters(String user, String group) {
        identityService.setAuthentication(user, List.of(group));
        try {
            return filterService.createFilterQuery().list().stream().map(Filter::getName).toList();
        } finally {
            identityService.clearAuthentication();
        }
    }
}
