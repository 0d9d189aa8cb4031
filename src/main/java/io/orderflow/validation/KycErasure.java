package io.orderflow.validation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.order.OrderState;
import io.orderflow.retention.AgingOut;
import io.orderflow.retention.RetentionProperties;
import io.orderflow.validation.ValidationProcess.Variables;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricFormField;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases a customer validation's KYC data - legal name, tax id, licence and address - from the validation, from what
 * Reltio answered about it (its candidates and issues) and from the engine's history of the validation's process
 * (the variables the KYC forms filled and their updates), once its order finished longer ago than
 * {@code orderflow.retention.kyc-data}, or on an operator's request. What stays is the decision and who took it: the
 * validation's state, result, master record and reason, the process's steps, tasks and their assignees, and when, by
 * whom and why the data was erased (also in the audit timeline).
 */
@Component
public class KycErasure implements AgingOut {

    private static final Logger LOG = LoggerFactory.getLogger(KycErasure.class);
    static final String RETENTION = "retention";
    /** The size of customer_validation.kyc_erasure_reason. */
    static final int REASON_LENGTH = 500;
    private static final String FINISHED_ORDERS = OrderState.FINISHED.stream().map(state -> "'" + state + "'")
            .collect(Collectors.joining(", "));
    /** What is kept of Reltio's answer: the outcome and the master record, no names or findings. */
    private static final List<String> KEPT_OF_A_RESULT = List.of("requestId", "status", "entityUri");

    private final CustomerValidationRepository validations;
    private final ReltioCallbackRepository callbacks;
    private final HistoryService history;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    private final Clock clock;
    private final String historicDetails;

    KycErasure(CustomerValidationRepository validations, ReltioCallbackRepository callbacks, ProcessEngine engine,
            JdbcTemplate jdbc, TransactionTemplate transaction, ObjectMapper json, Clock clock) {
        this.validations = validations;
        this.callbacks = callbacks;
        this.history = engine.getHistoryService();
        this.historicDetails = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getDatabaseTablePrefix() + "ACT_HI_DETAIL";
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.json = json;
        this.clock = clock;
    }

    /** One customer's validations whose order has finished, or is still running (and keeps its data). */
    public record Request(String customerId, List<String> erased, List<String> running) {
    }

    @Override
    public String what() {
        return "KYC data of finished orders";
    }

    @Override
    public Duration keptFor(RetentionProperties retention) {
        return retention.kycData();
    }

    /** The order's state and last change are read beside the validation; the order package owns that table. */
    @Override
    public int removeBefore(Instant cutoff, int limit) {
        List<String> due = jdbc.queryForList("select v.order_request_id from customer_validation v"
                + " join order_request o on o.id = v.order_request_id"
                + " where v.kyc_erased_at is null and o.state in (" + FINISHED_ORDERS + ") and o.updated_at < ?"
                + " order by o.updated_at limit ?", String.class, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC), limit);
        due.forEach(orderRequestId -> erase(orderRequestId, null, RETENTION));
        return due.size();
    }

    /**
     * Erases the KYC data of every validation of this customer's finished orders, as this operator, for this reason;
     * validations of orders still running keep theirs (their process needs it) and are named.
     */
    public Request eraseCustomer(String customerId, String operator, String reason) {
        List<String> erased = new ArrayList<>();
        List<String> running = new ArrayList<>();
        for (var row : jdbc.queryForList("select v.order_request_id, o.state from customer_validation v"
                + " join order_request o on o.id = v.order_request_id where o.customer_id = ? and v.kyc_erased_at is null"
                + " order by v.order_request_id", customerId)) {
            String orderRequestId = (String) row.get("order_request_id");
            if (OrderState.FINISHED.contains(OrderState.valueOf((String) row.get("state")))) {
                erase(orderRequestId, operator, reason);
                erased.add(orderRequestId);
            } else {
                running.add(orderRequestId);
            }
        }
        LOG.info("KYC data of customer {} erased on request by {} ({}): validations {}, still running {}", customerId,
                operator, reason, erased, running);
        return new Request(customerId, erased, running);
    }

    /** All of one validation, in one transaction. */
    void erase(String orderRequestId, String operator, String reason) {
        transaction.executeWithoutResult(tx -> {
            CustomerValidation validation = validations.findById(orderRequestId).orElseThrow();
            Set<String> requestIds = requestIds(validation);
            validation.eraseKyc(operator == null ? RETENTION : operator, reason, clock.instant());
            requestIds.forEach(requestId -> callbacks.findByRequestId(requestId)
                    .ifPresent(callback -> jdbc.update("update reltio_callback set body = ? where id = ?",
                            keptOfResult(callback.getBody()), callback.getId())));
            for (HistoricVariableInstance variable : history.createHistoricVariableInstanceQuery()
                    .processInstanceId(validation.getProcessInstanceId())
                    .variableNameIn(ValidationService.KYC_FIELDS.toArray(String[]::new)).includeDeleted().list()) {
                history.deleteHistoricVariableInstance(variable.getId());
            }
            // what a form submitted is kept as form fields too, which Camunda offers no way to delete one by one
            history.createHistoricDetailQuery().processInstanceId(validation.getProcessInstanceId()).formFields().list()
                    .stream().map(HistoricFormField.class::cast)
                    .filter(field -> ValidationService.KYC_FIELDS.contains(field.getFieldId()))
                    .forEach(field -> jdbc.update("delete from " + historicDetails + " where ID_ = ?", field.getId()));
        });
        LOG.info("KYC data of validation {} erased ({})", orderRequestId, operator == null ? RETENTION : operator);
    }

    /** The latest erasures, newest first. */
    public List<Map<String, Object>> lately(int limit) {
        return jdbc.queryForList("select order_request_id, commerce_order_code, kyc_erased_at, kyc_erased_by,"
                + " kyc_erasure_reason from customer_validation where kyc_erased_at is not null"
                + " order by kyc_erased_at desc limit ?", limit);
    }

    /** The validation's request ids: the current one and those of earlier attempts, from the process's history. */
    private Set<String> requestIds(CustomerValidation validation) {
        Set<String> ids = new LinkedHashSet<>();
        history.createHistoricDetailQuery().processInstanceId(validation.getProcessInstanceId()).variableUpdates().list()
                .stream().map(HistoricVariableUpdate.class::cast)
                .filter(update -> Variables.VALIDATION_REQUEST_ID.equals(update.getVariableName()))
                .filter(update -> update.getValue() != null)
                .forEach(update -> ids.add(String.valueOf(update.getValue())));
        if (validation.getRequestId() != null) {
            ids.add(validation.getRequestId());
        }
        return ids;
    }

    private String keptOfResult(String body) {
        ObjectNode kept = json.createObjectNode();
        try {
            JsonNode result = json.readTree(body);
            KEPT_OF_A_RESULT.stream().filter(result::hasNonNull).forEach(field -> kept.set(field, result.get(field)));
        } catch (Exception e) {
            // not JSON: nothing of it is kept
        }
        return kept.toString();
    }
}
