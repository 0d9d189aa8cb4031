package io.orderflow.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Failed logins counted per client address and user id. After {@code attempts} failures within {@code window} the
 * client waits before it may try that user again; the wait doubles with each further block, up to
 * {@code max-backoff}; a successful login starts afresh. Camunda's own per-user lock is off (see application.yaml):
 * a per-user lock lets anybody lock out an operator, a per-client wait only slows the client that guesses.
 *
 * <p>Two places take part, because neither alone sees both the caller and the outcome:
 * <ul>
 * <li>{@link LoginThrottleFilter}, in front of every servlet, knows the client address. It answers 429 before any
 * password is checked when the client must wait for the user its request names (HTTP Basic anywhere, the page form
 * login, the Camunda webapps' login), and it binds the client address to the request thread.</li>
 * <li>{@link ThrottledIdentityService}, the engine's {@code IdentityService}, is where every password is checked:
 * Spring Security's Basic and form login (through {@link CamundaIdentityAuthenticationProvider}), Camunda's engine
 * REST Basic filter, the webapps' login and the engine REST's {@code /identity/verify} all call its
 * {@code checkPassword}. It counts the real outcome there, rather than guessing it from a status code that differs
 * between the security chains, and while the client waits it refuses without trying the password, so a login path
 * the filter does not know (such as {@code /identity/verify}) is throttled as well.</li>
 * </ul>
 * A password checked outside an HTTP request has no client and is not throttled. The counts live in this node's
 * memory: with several nodes behind a balancer a client gets {@code attempts} per node.
 */
@Component
public class LoginThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
    private static final ThreadLocal<String> CURRENT_CLIENT = new ThreadLocal<>();

    private final SecurityProperties.LoginThrottleSettings settings;
    private final Clock clock;
    private final Map<Key, Entry> entries;

    LoginThrottle(SecurityProperties properties, Clock clock) {
        this.settings = properties.loginThrottle();
        this.clock = clock;
        int maxTracked = settings.maxTracked();
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > maxTracked;
            }
        };
    }

    /** How long the client must still wait before a login as this user is tried, or empty if it may try now. */
    public synchronized Optional<Duration> waitBeforeLogin(String client, String userId) {
        Instant now = clock.instant();
        Entry entry = current(new Key(client, userId), now);
        if (entry == null || !now.isBefore(entry.blockedUntil)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, entry.blockedUntil));
    }

    public synchronized void failed(String client, String userId) {
        Instant now = clock.instant();
        Key key = new Key(client, userId);
        Entry entry = current(key, now);
        if (entry == null) {
            entry = new Entry();
            entries.put(key, entry);
        }
        entry.failures.addLast(now);
        if (entry.failures.size() >= settings.attempts()) {
            entry.blocks++;
            Duration backoff = backoff(entry.blocks);
            entry.blockedUntil = now.plus(backoff);
            LOG.warn("{} failed logins as user '{}' from {} within {}: that client waits {} before its next try",
                    entry.failures.size(), userId, client, settings.window(), backoff);
        }
    }

    public synchronized void succeeded(String client, String userId) {
        entries.remove(new Key(client, userId));
    }

    Duration backoff(int block) {
        Duration max = settings.maxBackoff();
        Duration backoff = settings.initialBackoff();
        for (int i = 1; i < block && backoff.compareTo(max) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(max) > 0 ? max : backoff;
    }

    /** The entry with its failures outside the window dropped; null (and forgotten) once nothing of it counts. */
    private Entry current(Key key, Instant now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        Instant windowStart = now.minus(settings.window());
        while (!entry.failures.isEmpty() && !entry.failures.peekFirst().isAfter(windowStart)) {
            entry.failures.removeFirst();
        }
        // the number of blocks (and so the next wait) is remembered for one window after the last block ended
        if (entry.failures.isEmpty() && !entry.blockedUntil.isAfter(windowStart)) {
            entries.remove(key);
            return null;
        }
        return entry;
    }

    /** The client address of the HTTP request this thread serves, or null outside a request. */
    static String currentClient() {
        return CURRENT_CLIENT.get();
    }

    static void bindClient(String client) {
        CURRENT_CLIENT.set(client);
    }

    static void unbindClient() {
        CURRENT_CLIENT.remove();
    }

    /** User ids are compared without case and surrounding blanks, so no spelling of a user escapes its count. */
    private record Key(String client, String userId) {
        Key {
            userId = userId.strip().toLowerCase(Locale.ROOT);
        }
    }

    private static final class Entry {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant blockedUntil = Instant.MIN;
        int blocks;
    }
}
