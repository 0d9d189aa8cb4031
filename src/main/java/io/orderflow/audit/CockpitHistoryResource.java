package io.orderflow.audit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import org.camunda.bpm.cockpit.plugin.resource.AbstractCockpitPluginResource;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.rest.exception.InvalidRequestException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;

/**
 * Read-only process history for Cockpit, from {@link HistoryService} of the engine Cockpit logged the user into.
 * Cockpit's filters set that user on the engine for the request, so the engine's authorizations decide what each query
 * returns (auditors: READ_HISTORY on process definitions, READ on historic instances and the operation log). Only users
 * allowed into Cockpit get an answer at all.
 */
public class CockpitHistoryResource extends AbstractCockpitPluginResource {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 200;
    static final int MAX_VALUE_LENGTH = 2000;
    static final String CHECKOUT = "checkout (API)";

    public record Instance(String id, String processDefinitionKey, String processDefinitionName,
            Integer processDefinitionVersion, String businessKey, String state, String startTime, String endTime,
            Long durationInMillis, String startUserId, String startedBy, String superProcessInstanceId) {
    }

    public record Activity(String activityId, String activityName, String activityType, String startTime,
            String endTime, Long durationInMillis, String assignee, boolean canceled, String calledProcessInstanceId) {
    }

    public record Operation(String timestamp, String userId, String operationType, String entityType, String property,
            String orgValue, String newValue, String taskId, String annotation) {
    }

    public record Variable(String name, String type, String value, String state, String createTime) {
    }

    /** @param auditTimeline the application's audit timeline page of the business key, or null without one */
    public record InstanceHistory(Instance instance, String auditTimeline, List<Activity> activities,
            List<Operation> operations, List<Variable> variables) {
    }

    private final String contextPath;

    public CockpitHistoryResource(String engineName, String contextPath) {
        super(engineName);
        this.contextPath = contextPath == null ? "" : contextPath;
    }

    /** Finished and running instances, the most recently started first. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Instance> instances(@QueryParam("processDefinitionKey") String processDefinitionKey,
            @QueryParam("businessKey") String businessKey, @QueryParam("state") @DefaultValue("all") String state,
            @QueryParam("firstResult") @DefaultValue("0") int firstResult,
            @QueryParam("maxResults") @DefaultValue("" + DEFAULT_PAGE) int maxResults) {
        requireCockpitUser();
        if (firstResult < 0 || maxResults < 1 || maxResults > MAX_PAGE) {
            throw new InvalidRequestException(Status.BAD_REQUEST,
                    "firstResult must be 0 or more and maxResults between 1 and " + MAX_PAGE);
        }
        HistoricProcessInstanceQuery query = history().createHistoricProcessInstanceQuery();
        if (hasText(processDefinitionKey)) {
            query.processDefinitionKey(processDefinitionKey.strip());
        }
        if (hasText(businessKey)) {
            query.processInstanceBusinessKey(businessKey.strip());
        }
        switch (state) {
            case "all" -> { }
            case "running" -> query.unfinished();
            case "finished" -> query.finished();
            default -> throw new InvalidRequestException(Status.BAD_REQUEST, "state must be all, running or finished");
        }
        return query.orderByProcessInstanceStartTime().desc().listPage(firstResult, maxResults).stream()
                .map(this::instance).toList();
    }

    /** One instance: its activities, the user operations on it and its variables, oldest first. */
    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public InstanceHistory instanceHistory(@PathParam("id") String id) {
        requireCockpitUser();
        HistoryService history = history();
        HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult();
        if (instance == null) {
            throw new InvalidRequestException(Status.NOT_FOUND, "No process instance " + id + " in the history you may read");
        }
        List<Activity> activities = history.createHistoricActivityInstanceQuery().processInstanceId(id)
                .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list().stream()
                .map(CockpitHistoryResource::activity).toList();
        List<Operation> operations = history.createUserOperationLogQuery().processInstanceId(id)
                .orderByTimestamp().asc().list().stream()
                .map(CockpitHistoryResource::operation).toList();
        List<Variable> variables = history.createHistoricVariableInstanceQuery().processInstanceId(id).includeDeleted()
                .disableBinaryFetching().disableCustomObjectDeserialization()
                .orderByVariableName().asc().list().stream()
                .map(CockpitHistoryResource::variable).toList();
        String timeline = instance.getBusinessKey() == null ? null
                : contextPath + "/audit/" + URLEncoder.encode(instance.getBusinessKey(), StandardCharsets.UTF_8).replace("+", "%20");
        return new InstanceHistory(instance(instance), timeline, activities, operations, variables);
    }

    private HistoryService history() {
        return getProcessEngine().getHistoryService();
    }

    /**
     * Cockpit's security filter lets any user logged into the engine reach plugin APIs (a Tasklist user too); the
     * history is for users allowed into Cockpit.
     */
    private void requireCockpitUser() {
        Authentications authentications = Authentications.getCurrent();
        Authentication authentication = authentications == null ? null
                : authentications.getAuthenticationForProcessEngine(engineName);
        if (!(authentication instanceof UserAuthentication user)) {
            throw new RestException(Status.UNAUTHORIZED, "Log into Cockpit first");
        }
        if (!user.isAuthorizedForApp("cockpit")) {
            throw new RestException(Status.FORBIDDEN, "The process history is for Cockpit users");
        }
    }

    private Instance instance(HistoricProcessInstance instance) {
        return new Instance(instance.getId(), instance.getProcessDefinitionKey(), instance.getProcessDefinitionName(),
                instance.getProcessDefinitionVersion(), instance.getBusinessKey(), instance.getState(),
                time(instance.getStartTime()), time(instance.getEndTime()), instance.getDurationInMillis(),
                instance.getStartUserId(), startedBy(instance), instance.getSuperProcessInstanceId());
    }

    /**
     * The engine records a starting user only when a signed-in person starts an instance (Tasklist, engine REST). The
     * application's processes start otherwise: quote-to-order and order-handoff by the checkout's API call (a message,
     * no user), the others as a called step of their parent process.
     */
    private String startedBy(HistoricProcessInstance instance) {
        if (instance.getStartUserId() != null) {
            return instance.getStartUserId();
        }
        if (instance.getSuperProcessInstanceId() != null) {
            HistoricProcessInstance parent = history().createHistoricProcessInstanceQuery()
                    .processInstanceId(instance.getSuperProcessInstanceId()).singleResult();
            return "called by " + (parent != null ? parent.getProcessDefinitionKey() : "process " + instance.getSuperProcessInstanceId());
        }
        return CHECKOUT;
    }

    private static Activity activity(HistoricActivityInstance activity) {
        return new Activity(activity.getActivityId(), activity.getActivityName(), activity.getActivityType(),
                time(activity.getStartTime()), time(activity.getEndTime()), activity.getDurationInMillis(),
                activity.getAssignee(), activity.isCanceled(), activity.getCalledProcessInstanceId());
    }

    private static Operation operation(UserOperationLogEntry entry) {
        return new Operation(time(entry.getTimestamp()), entry.getUserId(), entry.getOperationType(),
                entry.getEntityType(), entry.getProperty(), entry.getOrgValue(), entry.getNewValue(), entry.getTaskId(),
                entry.getAnnotation());
    }

    private static Variable variable(HistoricVariableInstance variable) {
        return new Variable(variable.getName(), variable.getTypeName(), valueText(variable), variable.getState(),
                time(variable.getCreateTime()));
    }

    /** The value as an auditor reads it: serialized objects as stored, never deserialized; binaries by size only. */
    static String valueText(HistoricVariableInstance variable) {
        if (variable.getErrorMessage() != null) {
            return "(not readable: " + variable.getErrorMessage() + ")";
        }
        TypedValue typed = variable.getTypedValue();
        String text;
        if (typed == null) {
            text = "null";
        } else if (typed instanceof SerializableValue serializable && !serializable.isDeserialized()) {
            text = String.valueOf(serializable.getValueSerialized());
        } else if (typed instanceof FileValue file) {
            text = "(file " + file.getFilename() + (file.getMimeType() == null ? "" : ", " + file.getMimeType()) + ")";
        } else if (typed.getValue() instanceof byte[] bytes) {
            text = "(" + bytes.length + " bytes)";
        } else if (typed.getValue() == null) {
            text = "bytes".equalsIgnoreCase(variable.getTypeName()) ? "(binary)" : "null";
        } else if (typed.getValue() instanceof Date date) {
            text = date.toInstant().toString();
        } else {
            text = String.valueOf(typed.getValue());
        }
        return text.length() > MAX_VALUE_LENGTH ? text.substring(0, MAX_VALUE_LENGTH) + "…" : text;
    }

    private static String time(Date date) {
        return date == null ? null : date.toInstant().toString();
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
