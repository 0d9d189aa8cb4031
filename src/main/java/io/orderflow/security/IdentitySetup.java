package io.orderflow.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.authorization.UserOperationLogCategoryPermissions;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Groups, authorizations and Tasklist filters as code. Runs at every start and only adds what is missing, so it is
 * safe to run on several nodes and after operators have added their own authorizations.
 */
@Component
@Order(IdentitySetup.ORDER)
public class IdentitySetup implements ApplicationRunner {

    public static final int ORDER = 0;
    static final String ADMIN_USER = "admin";
    static final String MY_TASKS_FILTER = "My tasks";
    private static final String WORKFLOW_GROUP = org.camunda.bpm.engine.authorization.Groups.GROUP_TYPE_WORKFLOW;
    private static final String SYSTEM_GROUP = org.camunda.bpm.engine.authorization.Groups.GROUP_TYPE_SYSTEM;

    private static final Logger LOG = LoggerFactory.getLogger(IdentitySetup.class);

    private static final Map<String, String> GROUP_NAMES = new LinkedHashMap<>();
    static {
        GROUP_NAMES.put(Groups.SALES, "Sales");
        GROUP_NAMES.put(Groups.SALES_MANAGERS, "Sales managers");
        GROUP_NAMES.put(Groups.SALES_DIRECTORS, "Sales directors");
        GROUP_NAMES.put(Groups.BACKOFFICE, "Back office");
        GROUP_NAMES.put(Groups.ORDER_APPROVERS, "Order approvers");
        GROUP_NAMES.put(Groups.AUDITORS, "Auditors");
    }

    private final IdentityService identityService;
    private final AuthorizationService authorizationService;
    private final FilterService filterService;
    private final TaskService taskService;
    private final SecurityProperties properties;

    IdentitySetup(IdentityService identityService, AuthorizationService authorizationService, FilterService filterService,
            TaskService taskService, SecurityProperties properties) {
        this.identityService = identityService;
        this.authorizationService = authorizationService;
        this.filterService = filterService;
        this.taskService = taskService;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        GROUP_NAMES.forEach((id, name) -> ensureGroup(id, name, WORKFLOW_GROUP));
        ensureGroup(Groups.CAMUNDA_ADMIN, "Camunda administrators", SYSTEM_GROUP);
        ensureAdministrator();

        for (String group : Groups.WORKING) {
            grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
            grant(group, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ);
            Filter filter = ensureFilter(GROUP_NAMES.get(group), "Tasks for " + GROUP_NAMES.get(group).toLowerCase(),
                    () -> taskService.createTaskQuery().taskCandidateGroup(group).includeAssignedTasks(), 10);
            grant(group, Resources.FILTER, filter.getId(), Permissions.READ);
        }
        Filter myTasks = ensureFilter(MY_TASKS_FILTER, "Tasks assigned to me",
                () -> taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}"), -10);
        Groups.WORKING.forEach(group -> grant(group, Resources.FILTER, myTasks.getId(), Permissions.READ));

        String auditors = Groups.AUDITORS;
        grant(auditors, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        grant(auditors, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ,
                ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY,
                ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
                ProcessDefinitionPermissions.READ_HISTORY_VARIABLE, ProcessDefinitionPermissions.READ_TASK_VARIABLE);
        grant(auditors, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.READ);
        grant(auditors, Resources.TASK, ANY, TaskPermissions.READ);
        grant(auditors, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY);
        grant(auditors, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ);
        grant(auditors, Resources.DEPLOYMENT, ANY, Permissions.READ);
        grant(auditors, Resources.HISTORIC_PROCESS_INSTANCE, ANY, HistoricProcessInstancePermissions.READ);
        grant(auditors, Resources.HISTORIC_TASK, ANY, HistoricTaskPermissions.READ);
        grant(auditors, Resources.OPERATION_LOG_CATEGORY, ANY, UserOperationLogCategoryPermissions.READ);
        narrowTaskGrants();
        LOG.info("Identity, authorizations and Tasklist filters are in place");
    }

    /** Creates or updates a user and adds the memberships it lacks. */
    public void ensureUser(String id, String firstName, String lastName, String email, String password, List<String> groups) {
        User user = identityService.createUserQuery().userId(id).singleResult();
        if (user == null) {
            user = identityService.newUser(id);
            user.setFirstName(firstName);
            user.setLastName(lastName);
            user.setEmail(email);
            user.setPassword(password);
            identityService.saveUser(user);
        }
        for (String group : groups) {
            if (identityService.createUserQuery().userId(id).memberOfGroup(group).count() == 0) {
                identityService.createMembership(id, group);
            }
        }
    }

    /**
     * Task grants made while candidates and assignees still got UPDATE on their tasks (which includes writing the
     * task's variables) become what new tasks get: READ, TASK_WORK and READ_VARIABLE. Grants on all tasks ({@code *})
     * are an operator's own and stay.
     */
    private void narrowTaskGrants() {
        List<Authorization> wide = authorizationService.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
                .resourceType(Resources.TASK).hasPermission(Permissions.UPDATE).list();
        for (Authorization authorization : wide) {
            if (!ANY.equals(authorization.getResourceId())) {
                authorization.removePermission(Permissions.UPDATE);
                authorization.addPermission(TaskPermissions.TASK_WORK);
                authorization.addPermission(TaskPermissions.READ_VARIABLE);
                authorizationService.saveAuthorization(authorization);
            }
        }
        if (!wide.isEmpty()) {
            LOG.info("Narrowed {} task grants from UPDATE to TASK_WORK", wide.size());
        }
    }

    /** The camunda-admin group must never be empty: an empty group re-opens the Admin first-run setup. */
    private void ensureAdministrator() {
        if (identityService.createUserQuery().memberOfGroup(Groups.CAMUNDA_ADMIN).count() > 0) {
            return;
        }
        LOG.warn("Group {} had no member; restoring user {}", Groups.CAMUNDA_ADMIN, ADMIN_USER);
        ensureUser(ADMIN_USER, "Operations", "Admin", null, properties.adminPassword(), List.of(Groups.CAMUNDA_ADMIN));
    }

    private void ensureGroup(String id, String name, String type) {
        if (identityService.createGroupQuery().groupId(id).count() > 0) {
            return;
        }
        Group group = identityService.newGroup(id);
        group.setName(name);
        group.setType(type);
        identityService.saveGroup(group);
    }

    private Filter ensureFilter(String name, String description, Supplier<TaskQuery> query, int priority) {
        Filter existing = filterService.createFilterQuery().filterName(name).singleResult();
        if (existing != null) {
            return existing;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("description", description);
        properties.put("priority", priority);
        properties.put("refresh", true);
        Filter filter = filterService.newTaskFilter(name).setQuery(query.get()).setProperties(properties);
        return filterService.saveFilter(filter);
    }

    private void grant(String group, Resource resource, String resourceId, Permission... permissions) {
        Authorization authorization = authorizationService.createAuthorizationQuery()
                .authorizationType(AUTH_TYPE_GRANT).groupIdIn(group)
                .resourceType(resource).resourceId(resourceId).singleResult();
        if (authorization == null) {
            authorization = authorizationService.createNewAuthorization(AUTH_TYPE_GRANT);
            authorization.setGroupId(group);
            authorization.setResource(resource);
            authorization.setResourceId(resourceId);
        }
        boolean changed = authorization.getId() == null;
        for (Permission permission : permissions) {
            if (!authorization.isPermissionGranted(permission)) {
                authorization.addPermission(permission);
                changed = true;
            }
        }
        if (changed) {
            authorizationService.saveAuthorization(authorization);
        }
    }
}
