package io.orderflow.quote;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live quote events. Every node reads the state-change table, so a change committed on any node reaches the
 * subscribers of every node; the change id is the event id, so {@code Last-Event-ID} resumes without gaps.
 */
@Component
public class QuoteEventStream {

    static final String EVENT = "quote";
    private static final long TIMEOUT_MILLIS = 30 * 60 * 1000L;

    public record QuoteEvent(String quoteCode, String state, String previousState, int version, String actor, Instant at) {
    }

    private final QuoteStateChangeRepository changes;
    private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private volatile long cursor = -1;

    QuoteEventStream(QuoteStateChangeRepository changes) {
        this.changes = changes;
    }

    /** Sends the changes after {@code lastEventId} (all of them without one), then every new one. */
    public SseEmitter subscribe(String quoteCode, Long lastEventId) {
        return open(quoteCode, lastEventId == null ? 0 : lastEventId);
    }

    /**
     * For a page that shows the quote: its current state (the latest change) first, or the changes after
     * {@code lastEventId} on a reconnect, then every new one. Its history would tell the page of states long gone.
     */
    public SseEmitter subscribeFromCurrentState(String quoteCode, Long lastEventId) {
        return open(quoteCode, lastEventId != null ? lastEventId
                : changes.findFirstByQuoteCodeOrderByIdDesc(quoteCode).map(latest -> latest.getId() - 1).orElse(0L));
    }

    private SseEmitter open(String quoteCode, long after) {
        Set<Subscriber> ofQuote = subscribers.computeIfAbsent(quoteCode, code -> ConcurrentHashMap.newKeySet());
        Subscriber subscriber = new Subscriber(new SseEmitter(TIMEOUT_MILLIS), after, ofQuote::remove);
        ofQuote.add(subscriber);
        Runnable remove = () -> ofQuote.remove(subscriber);
        subscriber.emitter.onCompletion(remove);
        subscriber.emitter.onTimeout(remove);
        subscriber.emitter.onError(error -> remove.run());
        subscriber.greet();
        changes.findByQuoteCodeAndIdGreaterThanOrderByIdAsc(quoteCode, subscriber.lastSent).forEach(subscriber::send);
        return subscriber.emitter;
    }

    int subscriberCount(String quoteCode) {
        return subscribers.getOrDefault(quoteCode, Set.of()).size();
    }

    @Scheduled(fixedDelayString = "${orderflow.quote.events.poll-interval:1s}")
    void poll() {
        if (cursor < 0) {
            cursor = changes.maxId();
            return;
        }
        List<QuoteStateChange> batch;
        do {
            batch = changes.findByIdGreaterThanOrderByIdAsc(cursor, PageRequest.of(0, 500));
            for (QuoteStateChange change : batch) {
                subscribers.getOrDefault(change.getQuoteCode(), Set.of()).forEach(subscriber -> subscriber.send(change));
                cursor = change.getId();
            }
        } while (batch.size() == 500);
    }

    /**
     * Open streams would hold graceful shutdown up for its whole grace period; ended now, clients reconnect with
     * {@code Last-Event-ID} to another node.
     */
    @EventListener(ContextClosedEvent.class)
    void completeAll() {
        subscribers.values().forEach(ofQuote -> ofQuote.forEach(subscriber -> subscriber.emitter.complete()));
    }

    private static final class Subscriber {

        final SseEmitter emitter;
        long lastSent;
        private final java.util.function.Consumer<Subscriber> gone;

        Subscriber(SseEmitter emitter, long lastSent, java.util.function.Consumer<Subscriber> gone) {
            this.emitter = emitter;
            this.lastSent = lastSent;
            this.gone = gone;
        }

        /**
         * A comment line, so the answer's headers go out at once even when there is nothing to send yet (a reconnect
         * that missed nothing): clients and proxies waiting for them would give up otherwise.
         */
        synchronized void greet() {
            try {
                emitter.send(SseEmitter.event().comment("subscribed"));
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
            }
        }

        synchronized void send(QuoteStateChange change) {
            if (change.getId() <= lastSent) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().id(String.valueOf(change.getId())).name(EVENT)
                        .data(new QuoteEvent(change.getQuoteCode(), change.getToState().name(),
                                change.getFromState() == null ? null : change.getFromState().name(), change.getVersion(),
                                change.getActor(), change.getChangedAt()), MediaType.APPLICATION_JSON));
                lastSent = change.getId();
            } catch (IOException | IllegalStateException e) {
                // The client went away: a checkout closing its stream is normal. The container ends the request
                // itself (completing it from here would use an AsyncContext that is no longer ours); this
                // subscriber only has to stop being written to.
                gone.accept(this);
            }
        }
    }
}
