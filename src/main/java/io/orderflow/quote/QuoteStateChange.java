package io.orderflow.quote;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * Who moved a quote from which state to which, and when; its id is the event id of the live stream. Written by
 * {@link QuoteService} in SQL, read here.
 */
@Entity
@Immutable
@Table(name = "quote_state_change")
public class QuoteStateChange {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "quote_code", nullable = false, updatable = false)
    private String quoteCode;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_state", updatable = false)
    private QuoteState fromState;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_state", nullable = false, updatable = false)
    private QuoteState toState;

    @Column(nullable = false, updatable = false)
    private String actor;

    @Column(name = "changed_at", nullable = false, updatable = false)
    private Instant changedAt;

    @Column(nullable = false, updatable = false)
    private int version;

    protected QuoteStateChange() {
    }

    public Long getId() {
        return id;
    }

    public String getQuoteCode() {
        return quoteCode;
    }

    public QuoteState getFromState() {
        return fromState;
    }

    public QuoteState getToState() {
        return toState;
    }

    public String getActor() {
        return actor;
    }

    public Instant getChangedAt() {
        return changedAt;
    }

    public int getVersion() {
        return version;
    }
}
