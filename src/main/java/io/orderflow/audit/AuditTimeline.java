package io.orderflow.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.orderflow.notification.NotificationService;
import io.orderflow.notification.OutboxMessage;
import io.orderflow.order.OrderRequest;
import io.orderflow.order.OrderService;
import io.orderflow.quote.Quote;
import io.orderflow.quote.QuoteService;
import io.orderflow.quote.QuoteStateChange;
import io.orderflow.validation.CallbackInbox;
import io.orderflow.validation.CustomerValidation;
import io.orderflow.validation.ValidationService;
import io.orderflow.validation.ReltioCallback;
import io.orderflow.validation.ValidationProcess;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricIncident;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One timeline across a quote, its order and the order's customer validation: every activity of their processes,
 * who completed each human step with which decision, state changes, mails, Reltio callbacks, incidents and retries.
 * Built from Camunda's history and the application's own tables; reads only.
 */
@Service
public class AuditTimeline {

    public enum Kind { STATE, ACTIVITY, DECISION, MAIL, CALLBACK, INCIDENT, OPERATION }

    /** Within one moment (one transaction), the cause before its consequences. */
    private static final List<Kind> SAME_MOMENT = List.of(Kind.DECISION, Kind.CALLBACK, Kind.OPERATION, Kind.STATE,
            Kind.ACTIVITY, Kind.INCIDENT, Kind.MAIL);

    /** @param detailAt a second moment the detail speaks of (a mail sent, a task open since, an incident resolved) */
    public record Entry(Instant at, Kind kind, String process, String what, String actor, String detail, Instant detailAt) {

        Entry(Instant at, Kind kind, String process, String what, String actor, String detail) {
            this(at, kind, process, what, actor, detail, null);
        }
    }

    /** @param businessKeys the quote code, order request id and commerce order code the timeline spans */
    public record Timeline(String key, Optional<Quote> quote, Optional<OrderRequest> order, List<String> businessKeys,
            List<Entry> entries) {
    }

    public record Found(String key, String kind, String customerId, String state, Instant createdAt) {
    }

    private final QuoteService quotes;
    private final OrderService orders;
    private final ValidationService validations;
    private final CallbackInbox callbacks;
    private final NotificationService notifications;
    private final HistoryService history;
    private final RepositoryService repository;
    private final FormLabels labels;
    private final Map<String, String> formRefs = new java.util.concurrent.ConcurrentHashMap<>();

    AuditTimeline(QuoteService quotes, OrderService orders, ValidationService validations, CallbackInbox callbacks,
            NotificationService notifications, HistoryService history, RepositoryService repository, FormLabels labels) {
        this.repository = repository;
        this.labels = labels;
        this.quotes = quotes;
        this.orders = orders;
        this.validations = validations;
        this.callbacks = callbacks;
        this.notifications = notifications;
        this.history = history;
    }

    /** Quotes and orders by quote code, order request id, commerce order code or customer id. */
    @Transactional(readOnly = true)
    public List<Found> search(String term) {
        List<Found> found = new ArrayList<>();
        quotes.find(term).ifPresent(quote -> found.add(found(quote)));
        orders.find(term).ifPresent(order -> found.add(found(order)));
        quotes.ofCustomer(term).forEach(quote -> found.add(found(quote)));
        orders.ofCustomer(term).forEach(order -> found.add(found(order)));
        return found.stream().distinct().toList();
    }

    @Transactional(readOnly = true)
    public Optional<Timeline> of(String key) {
        Optional<Quote> quoteByKey = quotes.find(key);
        Optional<OrderRequest> order = orders.find(key).or(() -> quoteByKey.flatMap(q -> orders.find(q.getCode())));
        Optional<Quote> quote = quoteByKey.or(() -> order.map(OrderRequest::getQuoteCode).flatMap(quotes::find));
        if (quote.isEmpty() && order.isEmpty()) {
            return Optional.empty();
        }
        List<String> keys = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        quote.ifPresent(q -> {
            keys.add(q.getCode());
            quotes.history(q.getCode()).forEach(change -> entries.add(state("quote", change)));
        });
        order.ifPresent(o -> {
            keys.add(o.getId());
            if (o.getCommerceOrderCode() != null) {
                keys.add(o.getCommerceOrderCode());
            }
            validations.find(o.getId()).filter(validation -> validation.getKycErasedAt() != null)
                    .ifPresent(validation -> entries.add(new Entry(validation.getKycErasedAt(), Kind.OPERATION,
                            "customer-validation", "KYC data erased", validation.getKycErasedBy(),
                            validation.getKycErasureReason())));
            validations.find(o.getId()).map(CustomerValidation::getRequestId).flatMap(callbacks::received)
                    .ifPresent(callback -> entries.add(new Entry(callback.getReceivedAt(), Kind.CALLBACK,
                            "customer-validation", "Reltio result received", "Reltio",
                            validations.resultSummary(callback.getBody()) + " (" + delivery(callback.getStatus()) + ")")));
        });
        for (String businessKey : keys) {
            notifications.messagesOf(businessKey).forEach(mail -> entries.add(mail(mail)));
            history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(businessKey).list()
                    .forEach(instance -> addProcess(instance, order.map(OrderRequest::getId).orElse(null), entries));
        }
        entries.sort(Comparator.comparing(Entry::at, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(entry -> SAME_MOMENT.indexOf(entry.kind())));
        return Optional.of(new Timeline(key, quote, order, keys, entries));
    }

    private void addProcess(HistoricProcessInstance instance, String orderRequestId, List<Entry> entries) {
        String process = instance.getProcessDefinitionKey();
        Map<String, List<HistoricVariableUpdate>> updatesByActivity = history.createHistoricDetailQuery()
                .processInstanceId(instance.getId()).variableUpdates().orderPartiallyByOccurrence().asc().list().stream()
                .map(HistoricVariableUpdate.class::cast)
                .filter(update -> update.getActivityInstanceId() != null)
                .collect(Collectors.groupingBy(HistoricDetail::getActivityInstanceId, LinkedHashMap::new, Collectors.toList()));
        Map<String, HistoricTaskInstance> tasks = history.createHistoricTaskInstanceQuery()
                .processInstanceId(instance.getId()).list().stream()
                .collect(Collectors.toMap(HistoricTaskInstance::getActivityInstanceId, task -> task, (a, b) -> a));
        for (HistoricActivityInstance activity : history.createHistoricActivityInstanceQuery()
                .processInstanceId(instance.getId()).orderByHistoricActivityInstanceStartTime().asc().list()) {
            if (activity.getActivityName() == null || activity.getActivityType().endsWith("Gateway")) {
                continue;
            }
            HistoricTaskInstance task = tasks.get(activity.getId());
            if (task == null) {
                entries.add(new Entry(instant(activity.getStartTime()), Kind.ACTIVITY, process, activity.getActivityName(),
                        null, activity.isCanceled() ? "cancelled" : activity.getEndTime() == null ? "running" : null));
                continue;
            }
            String completedBy = history.createUserOperationLogQuery().taskId(task.getId())
                    .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list().stream()
                    .map(UserOperationLogEntry::getUserId).findFirst().orElse(task.getAssignee());
            // the last value of each field: a listener removing a field after it was stored is no decision
            Map<String, Object> submitted = new LinkedHashMap<>();
            updatesByActivity.getOrDefault(activity.getId(), List.of()).stream()
                    .filter(update -> task.getEndTime() != null && isDecision(update, task.getEndTime()))
                    .filter(update -> update.getValue() != null)
                    .forEach(update -> submitted.put(update.getVariableName(), update.getValue()));
            String formRef = formRef(instance.getProcessDefinitionId(), task.getTaskDefinitionKey());
            String decision = submitted.entrySet().stream()
                    .map(value -> decision(formRef, value.getKey(), value.getValue(), orderRequestId))
                    .collect(Collectors.joining(", "));
            // the step's name from the model: the timeline is of one quote or order, the task's name repeats it
            entries.add(new Entry(instant(task.getEndTime() != null ? task.getEndTime() : task.getStartTime()),
                    Kind.DECISION, process, activity.getActivityName(), completedBy,
                    task.getEndTime() == null ? "open since" : decision, task.getEndTime() == null ? instant(task.getStartTime()) : null));
        }
        for (HistoricIncident incident : history.createHistoricIncidentQuery().processInstanceId(instance.getId()).list()) {
            entries.add(new Entry(instant(incident.getCreateTime()), Kind.INCIDENT, process,
                    "Incident at " + incident.getActivityId(), null,
                    incident.getIncidentMessage() + (incident.isResolved() ? " — resolved" : ""),
                    incident.isResolved() ? instant(incident.getEndTime()) : null));
        }
        for (UserOperationLogEntry operation : history.createUserOperationLogQuery().processInstanceId(instance.getId())
                .operationType(UserOperationLogEntry.OPERATION_TYPE_SET_JOB_RETRIES).list()) {
            entries.add(new Entry(instant(operation.getTimestamp()), Kind.OPERATION, process, "Job retried",
                    operation.getUserId(), operation.getProperty() + " " + operation.getOrgValue() + " → " + operation.getNewValue()));
        }
    }

    /** A submitted field as the form named it; a chosen master record with the name of the candidate. */
    private String decision(String formRef, String key, Object value, String orderRequestId) {
        if (ValidationProcess.Variables.CHOSEN_MASTER.equals(key) && orderRequestId != null) {
            return labels.describe(formRef, key, validations.candidateName(orderRequestId, String.valueOf(value))
                    .orElse(String.valueOf(value)));
        }
        return labels.describe(formRef, key, value);
    }

    private String formRef(String processDefinitionId, String taskDefinitionKey) {
        return formRefs.computeIfAbsent(processDefinitionId + "#" + taskDefinitionKey, key -> {
            UserTask task = repository.getBpmnModelInstance(processDefinitionId).getModelElementById(taskDefinitionKey);
            return task == null || task.getCamundaFormRef() == null ? "" : task.getCamundaFormRef();
        });
    }

    private static String delivery(ReltioCallback.Status status) {
        return switch (status) {
            case CORRELATED -> "delivered to the process";
            case RECEIVED -> "waiting for the process";
            default -> status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }

    /** What the user submitted: set on the process (not the task's display values) as the task was completed. */
    private static boolean isDecision(HistoricVariableUpdate update, Date completedAt) {
        return update.getTaskId() == null && update.getVariableName() != null && !(update.getValue() instanceof Date)
                && update.getTime() != null && update.getTime().getTime() >= completedAt.getTime() - 1000;
    }

    private static Entry state(String what, QuoteStateChange change) {
        return new Entry(change.getChangedAt(), Kind.STATE, "quote-to-order", what + " " + change.getToState(),
                change.getActor(), (change.getFromState() == null ? "created" : "from " + change.getFromState())
                        + ", version " + change.getVersion());
    }

    /** At the moment the process wrote it (in its own transaction); when it went out is in the detail. */
    private static Entry mail(OutboxMessage mail) {
        return new Entry(mail.getCreatedAt(), Kind.MAIL, mail.getBusinessKey(), mail.getSubject(), null,
                mail.getStatus() + " to " + mail.getRecipient() + " (" + mail.getMessageType() + ", " + mail.getLocale()
                        + ", attempts " + mail.getAttempts() + ")" + (mail.getSentAt() != null ? ", sent" : ""),
                mail.getSentAt());
    }

    private static Found found(Quote quote) {
        return new Found(quote.getCode(), "quote", quote.getCustomerId(), quote.getState().name(), quote.getCreatedAt());
    }

    private static Found found(OrderRequest order) {
        return new Found(order.getId(), "order", order.getCustomerId(), order.getState().name(), order.getCreatedAt());
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
