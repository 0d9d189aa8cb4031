package io.orderflow.quote;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

/**
 * An immutable snapshot of a quote: version 1 is the original request, each offer adds one. A new one is inserted, not
 * merged: its id is given, so without {@link Persistable} it would be read first, and one stored again would pass.
 */
@Entity
@Table(name = "quote_version")
@IdClass(QuoteVersion.Key.class)
public class QuoteVersion implements Persistable<QuoteVersion.Key> {

    public enum Reason { REQUESTED, OFFERED }

    public record Key(String quoteCode, int version) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    @Id
    @Column(name = "quote_code")
    private String quoteCode;

    @Id
    private int version;

    @Column(nullable = false, updatable = false)
    private String reason;

    @Column(nullable = false, updatable = false)
    private String snapshot;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", updatable = false)
    private String createdBy;

    @Transient
    private boolean stored;

    protected QuoteVersion() {
    }

    QuoteVersion(String quoteCode, int version, Reason reason, String snapshot, Instant createdAt, String createdBy) {
        this.quoteCode = quoteCode;
        this.version = version;
        this.reason = reason.name();
        this.snapshot = snapshot;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    @Override
    public Key getId() {
        return new Key(quoteCode, version);
    }

    @Override
    public boolean isNew() {
        return !stored;
    }

    @PostLoad
    @PostPersist
    void stored() {
        stored = true;
    }

    public String getQuoteCode() {
        return quoteCode;
    }

    public int getVersion() {
        return version;
    }

    public String getReason() {
        return reason;
    }

    public String getSnapshot() {
        return snapshot;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }
}
