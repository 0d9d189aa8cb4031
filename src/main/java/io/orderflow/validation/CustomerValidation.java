package io.orderflow.validation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * The state of one order's customer validation, kept across tasks, restarts and nodes: the KYC data as entered, the
 * Reltio request and its result, and the decisions taken.
 */
@Entity
@Table(name = "customer_validation")
public class CustomerValidation {

    @Id
    @Column(name = "order_request_id")
    private String orderRequestId;

    @Column(name = "commerce_order_code", nullable = false)
    private String commerceOrderCode;

    @Column(name = "process_instance_id", nullable = false)
    private String processInstanceId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ValidationState state;

    @Column(nullable = false)
    private String country;

    @Column(name = "details_source")
    private String detailsSource;

    @Column(name = "legal_name")
    private String legalName;

    @Column(name = "tax_id")
    private String taxId;

    @Column(name = "licence_number")
    private String licenceNumber;

    @Column(name = "address_line1")
    private String addressLine1;

    private String city;

    @Column(name = "postal_code")
    private String postalCode;

    private String region;

    @Column(name = "region_code")
    private String regionCode;

    @Column(name = "address_country")
    private String addressCountry;

    @Column(name = "request_count", nullable = false)
    private int requestCount;

    @Column(name = "request_id")
    private String requestId;

    @Column(name = "result_status")
    private String resultStatus;

    @Column(name = "entity_uri")
    private String entityUri;

    private String candidates;

    private String issues;

    @Column(name = "master_id")
    private String masterId;

    @Column(name = "decision_reason")
    private String decisionReason;

    @Column(name = "kyc_erased_at")
    private Instant kycErasedAt;

    @Column(name = "kyc_erased_by")
    private String kycErasedBy;

    @Column(name = "kyc_erasure_reason")
    private String kycErasureReason;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** None until stored: with its id given, this is how a new one is inserted rather than read first and merged. */
    @Version
    @Column(name = "row_version", nullable = false)
    private Long rowVersion;

    protected CustomerValidation() {
    }

    CustomerValidation(String orderRequestId, String commerceOrderCode, String processInstanceId, String country,
            Instant now) {
        this.orderRequestId = orderRequestId;
        this.commerceOrderCode = commerceOrderCode;
        this.processInstanceId = processInstanceId;
        this.country = country;
        this.state = ValidationState.COLLECTING_DETAILS;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** The KYC data; a region is kept as entered and as its ISO 3166-2 code. */
    public record KycData(String legalName, String taxId, String licenceNumber, String addressLine1, String city,
            String postalCode, String region, String country) {

        /** The values by the field names of the KYC form. */
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("legalName", legalName);
            fields.put("taxId", taxId);
            fields.put("licenceNumber", licenceNumber);
            fields.put("addressLine1", addressLine1);
            fields.put("city", city);
            fields.put("postalCode", postalCode);
            fields.put("region", region);
            fields.put("country", country);
            return fields;
        }
    }

    void details(KycData data, String regionIso, String source, Instant now) {
        legalName = data.legalName();
        taxId = data.taxId();
        licenceNumber = data.licenceNumber();
        addressLine1 = data.addressLine1();
        city = data.city();
        postalCode = data.postalCode();
        region = data.region();
        addressCountry = data.country();
        regionCode = regionIso;
        detailsSource = source;
        touch(now);
    }

    /**
     * The address commerce keeps for the customer's B2B unit, as the starting point of the KYC data: its region as its
     * ISO 3166-2 code, or as commerce spelled it when that is no region of the country ({@code regionIso} null), for
     * people to correct before anything goes to Reltio.
     */
    void addressFromCommerce(String line1, String newCity, String newPostalCode, String newRegion, String regionIso,
            String newCountry) {
        addressLine1 = line1;
        city = newCity;
        postalCode = newPostalCode;
        region = regionIso != null ? regionIso : newRegion;
        regionCode = regionIso;
        addressCountry = newCountry;
    }

    /** The reference sent with the next request: one per attempt, so a resubmission is a new request. */
    String nextReference() {
        return orderRequestId + "-" + (requestCount + 1);
    }

    void requested(String newRequestId, Instant now) {
        requestCount++;
        requestId = newRequestId;
        state = ValidationState.AWAITING_RESULT;
        resultStatus = null;
        touch(now);
    }

    void result(String status, String newEntityUri, String newCandidates, String newIssues, Instant now) {
        resultStatus = status;
        entityUri = newEntityUri;
        candidates = newCandidates;
        issues = newIssues;
        state = ValidationState.RESULT_RECEIVED;
        touch(now);
    }

    /**
     * Forgets the KYC data and Reltio's candidates and findings about it; the ISO region, the result, the master
     * record, the state and the reason stay.
     */
    void eraseKyc(String by, String reason, Instant now) {
        legalName = null;
        taxId = null;
        licenceNumber = null;
        addressLine1 = null;
        city = null;
        postalCode = null;
        region = null;
        candidates = null;
        issues = null;
        kycErasedAt = now;
        kycErasedBy = by;
        kycErasureReason = reason;
    }

    void moveTo(ValidationState next, Instant now) {
        state = next;
        touch(now);
    }

    void master(String newMasterId) {
        masterId = newMasterId;
    }

    void reason(String reason) {
        decisionReason = reason;
    }

    private void touch(Instant now) {
        updatedAt = now;
    }

    public KycData kycData() {
        return new KycData(legalName, taxId, licenceNumber, addressLine1, city, postalCode, region, addressCountry);
    }

    public String getOrderRequestId() {
        return orderRequestId;
    }

    public String getCommerceOrderCode() {
        return commerceOrderCode;
    }

    public String getProcessInstanceId() {
        return processInstanceId;
    }

    public ValidationState getState() {
        return state;
    }

    public String getCountry() {
        return country;
    }

    public String getDetailsSource() {
        return detailsSource;
    }

    public String getRegionCode() {
        return regionCode;
    }

    public int getRequestCount() {
        return requestCount;
    }

    public String getRequestId() {
        return requestId;
    }

    public String getResultStatus() {
        return resultStatus;
    }

    public String getEntityUri() {
        return entityUri;
    }

    public Instant getKycErasedAt() {
        return kycErasedAt;
    }

    public String getKycErasedBy() {
        return kycErasedBy;
    }

    public String getKycErasureReason() {
        return kycErasureReason;
    }

    public String getCandidates() {
        return candidates;
    }

    public String getIssues() {
        return issues;
    }

    public String getMasterId() {
        return masterId;
    }

    public String getDecisionReason() {
        return decisionReason;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
