package io.orderflow.sandbox;

import java.time.Duration;

import io.orderflow.security.IdentitySetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Five months of quotes and orders on the first start of a sandbox (while no quote exists), so that the reports,
 * the audit timelines and Cockpit's history show something: played by {@link DemoWorld} through the real processes
 * before the application reports itself ready. Not in tests ({@code orderflow.sandbox.demo-data}).
 */
@Component
@Profile("sandbox")
@ConditionalOnProperty(name = "orderflow.sandbox.demo-data", havingValue = "true")
@Order(IdentitySetup.ORDER + 2)
class DemoData implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    /** The same demo on every first start. */
    private static final long SEED = 20250101L;

    private final DemoWorld world;
    private final JdbcTemplate jdbc;
    private final DemoWorld.Plan plan;

    DemoData(DemoWorld world, JdbcTemplate jdbc, @Value("${orderflow.sandbox.demo.quotes}") int quotes,
            @Value("${orderflow.sandbox.demo.orders-without-quote}") int ordersWithoutQuote,
            @Value("${orderflow.sandbox.demo.span}") Duration span) {
        this.world = world;
        this.jdbc = jdbc;
        this.plan = new DemoWorld.Plan(quotes, ordersWithoutQuote, span, SEED);
    }

    @Override
    public void run(ApplicationArguments args) {
        Long quotes = jdbc.queryForObject("select count(*) from quote", Long.class);
        if (quotes != null && quotes > 0) {
            return;
        }
        LOG.info("First start: playing {} days of demo quotes and orders through the processes", plan.span().toDays());
        long started = System.nanoTime();
        DemoWorld.Played played = world.play(plan);
        LOG.info("Demo data: {} quotes and {} orders, {} steps by people and {} jobs, in {} ms", played.quoteCodes().size(),
                played.orderRequestIds().size(), played.actions(), played.jobs(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }
}
