package io.orderflow.security;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.springframework.stereotype.Component;

/**
 * Keeps one task out of one person's sight although their group is offered it. Camunda has no "candidate group
 * except", but a user's own revoke outweighs the grants of their groups: the task is not in their Tasklist and cannot
 * be opened or read by them; the revoke goes when the task does. Working on it stays a matter of the task's own rules,
 * so one who tries anyway (a claim over the REST API) hears those rules' reason.
 */
@Component
public class TaskAccess {

    private final AuthorizationService authorizations;

    TaskAccess(AuthorizationService authorizations) {
        this.authorizations = authorizations;
    }

    /** Called from a task listener: the person who completes the task before need not be allowed to write grants. */
    public void hide(String taskId, String userId) {
        Authorization revoke = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
        revoke.setUserId(userId);
        revoke.setResource(Resources.TASK);
        revoke.setResourceId(taskId);
        revoke.removePermission(Permissions.READ);
        revoke.removePermission(TaskPermissions.READ_VARIABLE);
        CommandContext command = Context.getCommandContext();
        if (command != null) {
            command.runWithoutAuthorization(() -> authorizations.saveAuthorization(revoke));
        } else {
            authorizations.saveAuthorization(revoke);
        }
    }
}
