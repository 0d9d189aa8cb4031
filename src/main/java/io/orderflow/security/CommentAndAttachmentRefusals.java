package io.orderflow.security;

import static io.orderflow.security.CamundaInternals.field;
import static io.orderflow.security.CamundaInternals.read;

import java.lang.reflect.Field;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.CommandChecker;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cmd.AddCommentCmd;
import org.camunda.bpm.engine.impl.cmd.CreateAttachmentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteAttachmentCmd;
import org.camunda.bpm.engine.impl.cmd.SaveAttachmentCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.PermissionCheckBuilder;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.AttachmentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.Attachment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camunda 7.24 checks no permission at all when a comment is added or an attachment is added, renamed or deleted, so
 * anyone who can name a task (an auditor reads them all) could write to it. Changing or deleting a comment already
 * needs the right to work on the task ({@code TASK_WORK} or {@code UPDATE} on the task, or {@code TASK_WORK} or
 * {@code UPDATE_TASK} on its process definition) or {@code UPDATE} on the process instance; here adding a comment and
 * adding, renaming or deleting an attachment need the same, refused with an {@link AuthorizationException} otherwise.
 * On a task or instance that has ended only a grant on every task or instance (or an administrator) will do.
 * A note of a task belongs to the task's own process instance. An attachment links to a web address (http or https)
 * or to nothing, whoever adds it: Tasklist renders the link.
 */
@Configuration
class CommentAndAttachmentRefusals {

    private static final Set<String> WEB_SCHEMES = Set.of("http", "https");

    @Bean
    ProcessEnginePlugin commentsAndAttachmentsNeedTheRightToWork() {
        return CommandInterceptors.insideTheCommandContext(new RequireWork());
    }

    /** Runs inside the command context, where the task, the instance and the caller's authorizations are at hand. */
    static final class RequireWork extends CommandInterceptor {

        private static final Field COMMENT_TASK = field(AddCommentCmd.class, "taskId");
        private static final Field COMMENT_INSTANCE = field(AddCommentCmd.class, "processInstanceId");
        private static final Field NEW_ATTACHMENT_TASK = field(CreateAttachmentCmd.class, "taskId");
        private static final Field NEW_ATTACHMENT_INSTANCE = field(CreateAttachmentCmd.class, "processInstanceId");
        private static final Field NEW_ATTACHMENT_URL = field(CreateAttachmentCmd.class, "url");
        private static final Field SAVED_ATTACHMENT = field(SaveAttachmentCmd.class, "attachment");
        private static final Field DELETED_ATTACHMENT = field(DeleteAttachmentCmd.class, "attachmentId");

        @Override
        public <T> T execute(Command<T> command) {
            if (command instanceof AddCommentCmd) {
                requireWorkOnNewNote((String) read(COMMENT_TASK, command), (String) read(COMMENT_INSTANCE, command));
            } else if (command instanceof CreateAttachmentCmd) {
                requireWorkOnNewNote((String) read(NEW_ATTACHMENT_TASK, command),
                        (String) read(NEW_ATTACHMENT_INSTANCE, command));
                requireWebAddress((String) read(NEW_ATTACHMENT_URL, command));
            } else if (command instanceof SaveAttachmentCmd) {
                Attachment attachment = (Attachment) read(SAVED_ATTACHMENT, command);
                requireWorkOnAttachment(attachment == null ? null : attachment.getId());
            } else if (command instanceof DeleteAttachmentCmd) {
                requireWorkOnAttachment((String) read(DELETED_ATTACHMENT, command));
            }
            return next.execute(command);
        }

        private static void requireWorkOnNewNote(String taskId, String processInstanceId) {
            requireWork(taskId, processInstanceId);
            if (taskId != null && processInstanceId != null) {
                TaskEntity task = commandContext().getTaskManager().findTaskById(taskId);
                if (task != null && !processInstanceId.equals(task.getProcessInstanceId())) {
                    throw new BadUserRequestException("A comment or attachment of task " + taskId
                            + " belongs to the task's own process instance, not to " + processInstanceId);
                }
            }
        }

        /** An attachment that does not exist is left to the engine, which reports it. */
        private static void requireWorkOnAttachment(String attachmentId) {
            if (attachmentId == null) {
                return;
            }
            AttachmentEntity attachment = commandContext().getDbEntityManager().selectById(AttachmentEntity.class, attachmentId);
            if (attachment != null) {
                requireWork(attachment.getTaskId(), attachment.getProcessInstanceId());
            }
        }

        /** The note's task decides if it has one, else its process instance. */
        private static void requireWork(String taskId, String processInstanceId) {
            CommandContext context = commandContext();
            if (taskId != null) {
                TaskEntity task = context.getTaskManager().findTaskById(taskId);
                if (task == null) {
                    requireGrant(Resources.TASK, taskId, Permissions.TASK_WORK, Permissions.UPDATE);
                } else {
                    checkers().forEach(checker -> checker.checkTaskWork(task));
                }
            } else if (processInstanceId != null) {
                ExecutionEntity instance = context.getExecutionManager().findExecutionById(processInstanceId);
                if (instance == null) {
                    requireGrant(Resources.PROCESS_INSTANCE, processInstanceId, Permissions.UPDATE);
                } else {
                    checkers().forEach(checker -> checker.checkUpdateProcessInstance(instance));
                }
            }
        }

        /** For a task or instance that has ended, whose own authorizations went with it. */
        private static void requireGrant(Resource resource, String resourceId, Permission... permissions) {
            PermissionCheckBuilder check = new PermissionCheckBuilder().disjunctive();
            for (Permission permission : permissions) {
                check.atomicCheckForResourceId(resource, resourceId, permission);
            }
            commandContext().getAuthorizationManager().checkAuthorization(check.build());
        }

        private static void requireWebAddress(String url) {
            if (url == null) {
                return;
            }
            try {
                URI uri = new URI(url);
                if (uri.getScheme() != null && WEB_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT)) && uri.getHost() != null) {
                    return;
                }
            } catch (URISyntaxException e) {
                // refused below, as any other address that is not a web address
            }
            throw new BadUserRequestException("An attachment links to an http or https address; refused: " + url);
        }

        private static List<CommandChecker> checkers() {
            return commandContext().getProcessEngineConfiguration().getCommandCheckers();
        }

        private static CommandContext commandContext() {
            return Context.getCommandContext();
        }
    }
}
