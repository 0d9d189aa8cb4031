package io.orderflow.validation;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A validation result as Reltio sent it: stored before anything else happens, then correlated from here. */
@Entity
@Table(name = "reltio_callback")
public class ReltioCallback {

    public enum Status {
        /** Stored; to be correlated to the process waiting for it. */
        RECEIVED,
        /** Delivered to its process, exactly once. */
        CORRELATED,
        /** No current validation request has this id (never sent, or resubmitted meanwhile): kept for operators. */
        UNKNOWN,
        /** Never landed within the delivery's attempts: kept for operators. */
        FAILED
    }

    /** The size of the body column (V4__customer_validation.sql): a longer callback cannot be stored. */
    public static final int BODY_LENGTH = 100_000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "request_id", nullable = false, updatable = false)
    private String requestId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;

    @Column(nullable = false, updatable = false, length = BODY_LENGTH)
    private String body;

    @Column(name = "signed_at", nullable = false, updatable = false)
    private Instant signedAt;

    @Column(name = "received_at", nullable = false, updatable = false)
    private Instant receivedAt;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;

    @Column(name = "claimed_by")
    private String claimedBy;

    @Column(name = "claimed_until")
    private Instant claimedUntil;

    @Column(name = "correlated_at")
    private Instant correlatedAt;

    @Column(name = "last_error")
    private String lastError;

    protected ReltioCallback() {
    }

    ReltioCallback(String requestId, Status status, String body, Instant signedAt, Instant now) {
        this.requestId = requestId;
        this.status = status;
        this.body = body;
        this.signedAt = signedAt;
        this.receivedAt = now;
        this.nextAttemptAt = now;
    }

    /** A callback stored by the transaction that delivers it: one attempt, and it landed. */
    static ReltioCallback delivered(String requestId, String body, Instant signedAt, Instant now) {
        ReltioCallback callback = new ReltioCallback(requestId, Status.CORRELATED, body, signedAt, now);
        callback.attempts = 1;
        callback.correlatedAt = now;
        return callback;
    }

    public Long getId() {
        return id;
    }

    public String getRequestId() {
        return requestId;
    }

    public Status getStatus() {
        return status;
    }

    public String getBody() {
        return body;
    }

    public Instant getSignedAt() {
        return signedAt;
    }

    public Instant getReceivedAt() {
        return receivedAt;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getNextAttemptAt() {
        return nextAttemptAt;
    }

    public Instant getCorrelatedAt() {
        return correlatedAt;
    }

    public String getLastError() {
        return lastError;
    }
}
