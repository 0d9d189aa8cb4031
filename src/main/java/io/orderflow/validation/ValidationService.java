package io.orderflow.validation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.orderflow.country.CountrySettings;
import io.orderflow.country.RegionNormalizer;
import io.orderflow.country.UnknownRegionException;
import io.orderflow.integration.commerce.CommerceB2bUnit;
import io.orderflow.integration.commerce.CommerceClient;
import io.orderflow.integration.commerce.UnknownCommerceRecordException;
import io.orderflow.integration.reltio.ReltioValidationRequest;
import io.orderflow.integration.reltio.ReltioValidationSource;
import io.orderflow.notification.Formats;
import io.orderflow.notification.Notification;
import io.orderflow.notification.NotificationService;
import io.orderflow.order.OrderRequest;
import io.orderflow.order.OrderService;
import io.orderflow.sales.SalesEvents;
import io.orderflow.security.SignedLinks;
import io.orderflow.validation.ValidationProcess.Elements;
import io.orderflow.validation.ValidationProcess.Messages;
import io.orderflow.validation.ValidationProcess.Variables;
import io.orderflow.web.ApiException;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.spin.plugin.variable.SpinValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Post-order customer validation: the KYC data, the request to Reltio, its result and the decisions on it. */
@Service
public class ValidationService implements ReltioValidationSource {

    private static final Logger LOG = LoggerFactory.getLogger(ValidationService.class);

    static final String LINK_KIND = "details";
    static final String DETAILS_REQUEST_MAIL = "customer-details-request";
    static final String DETAILS_REMINDER_MAIL = "customer-details-reminder";
    static final String NEW_MASTER = "new";
    /** The KYC fields of the forms, named as on the validation. */
    static final List<String> KYC_FIELDS = List.of("legalName", "taxId", "licenceNumber", "addressLine1", "city",
            "postalCode", "region", "country");

    private final CustomerValidationRepository validations;
    private final OrderService orders;
    private final CountrySettings countries;
    private final RegionNormalizer regions;
    private final NotificationService notifications;
    private final SignedLinks links;
    private final ValidationProperties properties;
    private final RuntimeService runtimeService;
    private final ObjectMapper json;
    private final SalesEvents sales;
    private final CommerceClient commerce;
    private final Clock clock;
    private final String publicBaseUrl;

    ValidationService(CustomerValidationRepository validations, OrderService orders, CountrySettings countries,
            RegionNormalizer regions, NotificationService notifications, SignedLinks links,
            ValidationProperties properties, RuntimeService runtimeService, ObjectMapper json, SalesEvents sales,
            CommerceClient commerce, Clock clock,
            @Value("${orderflow.public-base-url}") String publicBaseUrl) {
        this.validations = validations;
        this.orders = orders;
        this.countries = countries;
        this.regions = regions;
        this.notifications = notifications;
        this.links = links;
        this.properties = properties;
        this.runtimeService = runtimeService;
        this.json = json;
        this.sales = sales;
        this.commerce = commerce;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl;
    }

    /**
     * Opens the validation of the order, its address taken from the one commerce keeps for the order's B2B unit, the
     * region normalized to ISO 3166-2 on the way in. A region commerce spells in a way that names no region of the
     * country is kept as it came, named in the validation's summary as commerce's, and refused if submitted unchanged.
     */
    @Transactional
    public CustomerValidation open(String orderRequestId, String commerceOrderCode, String processInstanceId) {
        Optional<CustomerValidation> opened = validations.findById(orderRequestId);
        if (opened.isPresent()) {
            return opened.get();
        }
        OrderRequest order = orders.get(orderRequestId);
        CustomerValidation validation = new CustomerValidation(orderRequestId, commerceOrderCode, processInstanceId,
                order.getCountry(), clock.instant());
        unitAddress(order.getB2bUnitId()).ifPresent(address -> validation.addressFromCommerce(address.line1(),
                address.city(), address.postalCode(), address.region(), regionCode(address), address.country()));
        return validations.save(validation);
    }

    private Optional<CommerceB2bUnit.Address> unitAddress(String b2bUnitId) {
        try {
            return Optional.ofNullable(commerce.b2bUnit(b2bUnitId).address());
        } catch (UnknownCommerceRecordException e) {
            return Optional.empty();
        }
    }

    /** The ISO 3166-2 code of the address's region; null if it names none of its country's. */
    private String regionCode(CommerceB2bUnit.Address address) {
        if (address.region() == null || address.country() == null) {
            return null;
        }
        try {
            return regions.normalize(address.country(), address.region());
        } catch (UnknownRegionException e) {
            LOG.warn("Commerce gives the region of a B2B unit as '{}', which is no region of {}", e.value(), e.country());
            return null;
        }
    }

    @Transactional(readOnly = true)
    public Optional<CustomerValidation> find(String orderRequestId) {
        return validations.findById(orderRequestId);
    }

    @Transactional(readOnly = true)
    public CustomerValidation get(String orderRequestId) {
        return validations.findById(orderRequestId)
                .orElseThrow(() -> ApiException.notFound("Customer validation", orderRequestId));
    }

    /** Due date of the validation's human steps, from the country settings. */
    @Transactional(readOnly = true)
    public Instant taskDueAt(String orderRequestId) {
        return clock.instant().plus(countries.country(get(orderRequestId).getCountry()).reviewDue());
    }

    // --- collecting the details -----------------------------------------------------------------------------

    @Transactional
    public void askBuyerForDetails(String orderRequestId, boolean reminder) {
        OrderRequest order = orders.get(orderRequestId);
        String token = links.sign(LINK_KIND, orderRequestId, clock.instant().plus(properties.detailsLinkValidity()));
        Map<String, Object> model = new HashMap<>();
        model.put("buyerName", order.getBuyerName() != null ? order.getBuyerName() : order.getCustomerId());
        model.put("orderCode", order.getCommerceOrderCode());
        model.put("detailsLink", publicBaseUrl + "/d/" + token);
        notifications.enqueue(new Notification(reminder ? DETAILS_REMINDER_MAIL : DETAILS_REQUEST_MAIL,
                buyerLocale(order), order.getBuyerEmail(), orderRequestId, model));
    }

    /**
     * Stores the KYC data with its region normalized to ISO 3166-2; a region that cannot be resolved is refused
     * naming the value, and nothing is stored.
     */
    @Transactional
    public void submitDetails(String orderRequestId, CustomerValidation.KycData data, String source) {
        CustomerValidation validation = get(orderRequestId);
        String regionCode = regions.normalize(data.country(), data.region());
        validation.details(data, regionCode, source, clock.instant());
        validation.moveTo(ValidationState.READY_TO_REQUEST, clock.instant());
    }

    /** Whether the validation still collects the customer's details (the buyer's form is open). */
    @Transactional(readOnly = true)
    public boolean collectingDetails(String orderRequestId) {
        return get(orderRequestId).getState() == ValidationState.COLLECTING_DETAILS;
    }

    /**
     * The buyer's form: stored, then the waiting process continues; if it no longer waits, back office has it. Once the
     * details are no longer collected, a (re)submission changes nothing and is refused.
     */
    @Transactional
    public void submitDetailsByBuyer(String orderRequestId, CustomerValidation.KycData data) {
        CustomerValidation validation = get(orderRequestId);
        if (validation.getState() != ValidationState.COLLECTING_DETAILS) {
            throw ApiException.wrongState("Customer validation", orderRequestId, validation.getState().name(),
                    "submit details");
        }
        submitDetails(orderRequestId, data, "buyer");
        try {
            runtimeService.createMessageCorrelation(Messages.CUSTOMER_DETAILS_SUBMITTED)
                    .processInstanceId(get(orderRequestId).getProcessInstanceId())
                    .correlateWithResult();
        } catch (MismatchingMessageCorrelationException followUpAlreadyStarted) {
            // the data is stored on the validation; the follow-up task shows it to back office
        }
    }

    public static String regionProblem(UnknownRegionException e) {
        return "'" + e.value() + "' is not a region of " + e.country() + " we know";
    }

    // --- the request to Reltio ------------------------------------------------------------------------------

    @Override
    @Transactional(readOnly = true)
    public ReltioValidationRequest validationRequest(String orderRequestId) {
        CustomerValidation validation = get(orderRequestId);
        CustomerValidation.KycData data = validation.kycData();
        return new ReltioValidationRequest(validation.nextReference(), data.legalName(), data.taxId(),
                data.licenceNumber(), new ReltioValidationRequest.Address(data.addressLine1(), data.city(),
                data.postalCode(), validation.getRegionCode(), data.country()));
    }

    @Transactional
    public void requested(String orderRequestId, String requestId) {
        get(orderRequestId).requested(requestId, clock.instant());
    }

    /**
     * Did a validation get between "data complete" and "request id known" since then? Then an unknown id may be its
     * answer. One that stays there longer (its request in an incident) no longer vouches for unknown ids. Nothing
     * changes a validation in that state but getting there again, so its update time is when it got there.
     */
    @Transactional(readOnly = true)
    public boolean requestInFlightSince(Instant since) {
        return validations.existsByStateAndUpdatedAtGreaterThanEqual(ValidationState.READY_TO_REQUEST, since);
    }

    @Transactional(readOnly = true)
    public Optional<CustomerValidation> byRequestId(String requestId) {
        return validations.findByRequestId(requestId);
    }

    /**
     * Hands Reltio's result to the waiting process and records it on the validation, in one transaction. False if no
     * validation has the request id (yet); if its process does not wait for the result now (not yet, or back office
     * chases it), nothing changes and the caller tries again later.
     */
    @Transactional
    public boolean deliverResult(String requestId, JsonNode result) {
        Optional<CustomerValidation> requested = validations.findByRequestId(requestId);
        if (requested.isEmpty()) {
            return false;
        }
        CustomerValidation validation = requested.get();
        String status = result.path("status").asText();
        // correlated to all that wait: none is an expected wait, where correlating to one would be an engine error
        if (runtimeService.createMessageCorrelation(Messages.VALIDATION_COMPLETED)
                .processInstanceId(validation.getProcessInstanceId())
                .setVariable(Variables.VALIDATION_STATUS, status)
                .correlateAllWithResult().isEmpty()) {
            throw new MismatchingMessageCorrelationException(Messages.VALIDATION_COMPLETED,
                    "process instance " + validation.getProcessInstanceId() + " does not wait for it now");
        }
        validation.result(status, text(result, "entityUri"), write(result.path("candidates")),
                write(result.path("issues")), clock.instant());
        tell(validation, "result-received");
        return true;
    }

    // --- decisions --------------------------------------------------------------------------------------------

    /**
     * @param chosen the number of a candidate as listed to back office (best score first), or {@value #NEW_MASTER}
     *               for the new record Reltio proposed
     */
    @Transactional
    public void chooseMaster(String orderRequestId, String chosen) {
        CustomerValidation validation = get(orderRequestId);
        if (NEW_MASTER.equals(chosen)) {
            validation.master(validation.getEntityUri());
            return;
        }
        List<JsonNode> candidates = candidates(validation);
        int number;
        try {
            number = Integer.parseInt(chosen);
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1 || number > candidates.size()) {
            throw new org.camunda.bpm.engine.BadUserRequestException("chosenMaster: choose a candidate from 1 to "
                    + candidates.size() + " or 'new'");
        }
        validation.master(candidates.get(number - 1).path("entityUri").asText());
    }

    /** The name of a candidate as numbered to back office on their form (best score first), if it is one. */
    @Transactional(readOnly = true)
    public Optional<String> candidateName(String orderRequestId, String chosen) {
        List<JsonNode> candidates = validations.findById(orderRequestId).map(this::candidates).orElse(List.of());
        try {
            int number = Integer.parseInt(chosen);
            return number < 1 || number > candidates.size() ? Optional.empty()
                    : Optional.of(candidates.get(number - 1).path("name").asText());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Reltio's result as people read it: the outcome, and the master record, the candidates or the issues. */
    public String resultSummary(String body) {
        JsonNode result;
        try {
            result = json.readTree(body);
        } catch (JsonProcessingException e) {
            return "unreadable result";
        }
        String entity = text(result, "entityUri");
        return switch (result.path("status").asText()) {
            case "MATCH" -> "Match: customer master record " + entity;
            case "NO_MATCH" -> "No match: new customer master record " + entity;
            case "POTENTIAL_MATCHES" -> {
                List<String> names = new ArrayList<>();
                for (JsonNode candidate : result.path("candidates")) {
                    names.add(candidate.path("name").asText() + " ("
                            + Math.round(candidate.path("score").asDouble() * 100) + " %)");
                }
                yield "Potential matches: " + String.join(", ", names);
            }
            case "INVALID" -> {
                List<String> issues = new ArrayList<>();
                for (JsonNode issue : result.path("issues")) {
                    issues.add(issue.path("field").asText() + ": " + issue.path("message").asText());
                }
                yield "Invalid: " + String.join("; ", issues);
            }
            default -> "Status " + result.path("status").asText("unknown");
        };
    }

    private List<JsonNode> candidates(CustomerValidation validation) {
        List<JsonNode> candidates = new ArrayList<>();
        read(validation.getCandidates()).forEach(candidates::add);
        candidates.sort(java.util.Comparator.comparingDouble((JsonNode c) -> c.path("score").asDouble()).reversed());
        return candidates;
    }

    @Transactional
    public void customerLinked(String orderRequestId) {
        get(orderRequestId).moveTo(ValidationState.CUSTOMER_LINKED, clock.instant());
    }

    /** Commerce refused the customer master link; back office decides whether to link again or give up. */
    @Transactional
    public void linkRefused(String orderRequestId) {
        get(orderRequestId).moveTo(ValidationState.LINK_REFUSED, clock.instant());
    }

    /** Back office sends the link again: the validation has its result, as before the refusal. */
    @Transactional
    public void linkRetried(String orderRequestId) {
        get(orderRequestId).moveTo(ValidationState.RESULT_RECEIVED, clock.instant());
    }

    @Transactional(readOnly = true)
    public String linkRefusalSummary(String orderRequestId, String answer) {
        return summary(orderRequestId) + "\n\nRefused call: link the customer master record " + masterId(orderRequestId)
                + "\nCommerce answered: " + (answer == null ? "(nothing)" : answer);
    }

    @Transactional
    public void finish(String orderRequestId, boolean approved, String reason) {
        CustomerValidation validation = get(orderRequestId);
        validation.moveTo(approved ? ValidationState.APPROVED : ValidationState.REJECTED, clock.instant());
        if (reason != null) {
            validation.reason(reason);
        }
        tell(validation, approved ? "approved" : "rejected");
        orders.validated(orderRequestId, approved ? ValidationProcess.APPROVED : ValidationProcess.REJECTED,
                validation.getDecisionReason());
    }

    @Transactional
    public void reason(String orderRequestId, String reason) {
        get(orderRequestId).reason(reason);
    }

    @Override
    @Transactional(readOnly = true)
    public String masterId(String orderRequestId) {
        CustomerValidation validation = get(orderRequestId);
        return validation.getMasterId() != null ? validation.getMasterId() : validation.getEntityUri();
    }

    // --- what the tasks show -----------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public String summary(String orderRequestId) {
        OrderRequest order = orders.get(orderRequestId);
        CustomerValidation validation = get(orderRequestId);
        StringBuilder summary = new StringBuilder();
        Locale locale = countries.country(order.getCountry()).locale();
        summary.append("Commerce order ").append(order.getCommerceOrderCode()).append(" for ")
                .append(order.getBuyerName() != null ? order.getBuyerName() + " (" + order.getCustomerId() + ")" : order.getCustomerId())
                .append(", B2B unit ").append(order.getB2bUnitId()).append(", ").append(order.getCountry()).append('\n');
        order.getLines().forEach(line -> summary.append(line.getQuantity()).append(" × ").append(countries.country(order.getCountry()).productName(line.getSku()))
                .append(" (").append(line.getSku()).append(") at ")
                .append(Formats.money(line.getUnitPrice(), order.getCurrency(), locale)).append('\n'));
        summary.append("Order value: ").append(Formats.money(order.value(), order.getCurrency(), locale)).append('\n');
        summary.append("KYC required: ").append(order.getKycRequired()).append(", business approval required: ")
                .append(order.getApprovalRequired()).append('\n');
        CustomerValidation.KycData data = validation.kycData();
        if (data.region() != null && validation.getRegionCode() == null) {
            summary.append("\nCommerce gives the region of B2B unit ").append(order.getB2bUnitId()).append(" as '")
                    .append(data.region()).append("', which is no region of ").append(data.country())
                    .append(": enter the region before the data goes to Reltio.\n");
        }
        if (data.legalName() != null) {
            summary.append("\nKYC data (").append(validation.getDetailsSource()).append("): ").append(data.legalName())
                    .append(", tax id ").append(data.taxId()).append(", licence ").append(data.licenceNumber())
                    .append("\n").append(data.addressLine1()).append(", ").append(data.postalCode()).append(' ')
                    .append(data.city()).append(", ").append(validation.getRegionCode()).append('\n');
        }
        if (validation.getRequestId() != null) {
            summary.append("\nReltio request ").append(validation.getRequestId()).append(" (attempt ")
                    .append(validation.getRequestCount()).append("): ")
                    .append(validation.getResultStatus() == null ? "awaiting result" : validation.getResultStatus()).append('\n');
        }
        if (validation.getMasterId() != null) {
            summary.append("Customer master record: ").append(validation.getMasterId()).append('\n');
        }
        return summary.toString().strip();
    }

    /**
     * The values the form of {@code step} shows or starts from, and no others: every step shows the validation so far;
     * the KYC step its issues and the data entered so far, the failure review the issues, the match the candidates.
     */
    @Transactional(readOnly = true)
    public Map<String, Object> formValues(String orderRequestId, String step) {
        CustomerValidation validation = get(orderRequestId);
        Map<String, Object> values = new HashMap<>();
        values.put(Variables.VALIDATION_SUMMARY, summary(orderRequestId));
        switch (step) {
            case Elements.SUBMIT_KYC_DATA -> {
                values.put(Variables.VALIDATION_ISSUES, issuesText(validation));
                CustomerValidation.KycData data = validation.kycData();
                values.putAll(data.fields());
                values.put("country", data.country() != null ? data.country() : validation.getCountry());
            }
            case Elements.REVIEW_VALIDATION_FAILURE -> values.put(Variables.VALIDATION_ISSUES, issuesText(validation));
            case Elements.RESOLVE_CUSTOMER_MATCH -> {
                StringBuilder candidates = new StringBuilder();
                ArrayNode options = json.createArrayNode();
                int number = 0;
                for (JsonNode candidate : candidates(validation)) {
                    String label = candidate.path("name").asText() + " — score " + candidate.path("score").asText();
                    candidates.append(++number).append(". ").append(label).append(" (")
                            .append(candidate.path("entityUri").asText()).append(")\n");
                    options.addObject().put("label", label).put("value", String.valueOf(number));
                }
                options.addObject().put("label", "None of these: create a new customer record").put("value", NEW_MASTER);
                // Tasklist lists the choices by name only from a Json variable
                values.put(Variables.MATCH_OPTIONS, SpinValues.jsonValue(options.toString()).create());
                values.put(Variables.MATCH_CANDIDATES, candidates.toString().strip());
            }
            default -> {
            }
        }
        return values;
    }

    private String issuesText(CustomerValidation validation) {
        StringBuilder issues = new StringBuilder();
        for (JsonNode issue : read(validation.getIssues())) {
            issues.append(issue.path("field").asText()).append(": ").append(issue.path("message").asText())
                    .append(" (").append(issue.path("code").asText()).append(")\n");
        }
        return issues.toString().strip();
    }

    private Locale buyerLocale(OrderRequest order) {
        return order.getBuyerLocale() != null ? Locale.forLanguageTag(order.getBuyerLocale())
                : countries.country(order.getCountry()).locale();
    }

    private JsonNode read(String stored) {
        try {
            return stored == null ? json.createArrayNode() : json.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable stored Reltio data", e);
        }
    }

    private String write(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    /** The validation as the sales system sees it: its outcome and the customer's region, no personal data. */
    private void tell(CustomerValidation validation, String event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderRequestId", validation.getOrderRequestId());
        data.put("commerceOrderCode", validation.getCommerceOrderCode());
        data.put("state", validation.getState().name());
        data.put("country", validation.getCountry());
        data.put("region", validation.getRegionCode());
        data.put("resultStatus", validation.getResultStatus());
        data.put("masterId", validation.getMasterId());
        data.put("decisionReason", validation.getDecisionReason());
        data.values().removeIf(Objects::isNull);
        sales.record(SalesEvents.VALIDATION, event, validation.getOrderRequestId(), data, validation.getUpdatedAt());
    }
}
