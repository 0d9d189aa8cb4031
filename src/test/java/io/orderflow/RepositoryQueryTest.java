package io.orderflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import io.orderflow.order.OrderService;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.support.Repositories;

/**
 * Every lookup a repository declares is a query string, whose plan Hibernate makes once and keeps; a query derived from
 * the method's name is a criteria query, which Hibernate 6.6 plans anew at every call (most of a lookup's time).
 */
class RepositoryQueryTest extends IntegrationTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    EntityManagerFactory entityManagerFactory;
    @Autowired
    OrderService orders;

    @Test
    void everyLookupARepositoryDeclaresHasItsQueryString() {
        Repositories repositories = new Repositories(context);
        List<String> derived = new ArrayList<>();
        int lookups = 0;
        for (Class<?> entity : repositories) {
            RepositoryInformation repository = repositories.getRepositoryInformationFor(entity).orElseThrow();
            if (!repository.getRepositoryInterface().getPackageName().startsWith("io.orderflow")) {
                continue;
            }
            for (Method lookup : repository.getQueryMethods()) {
                lookups++;
                if (!lookup.isAnnotationPresent(Query.class)) {
                    derived.add(repository.getRepositoryInterface().getSimpleName() + "." + lookup.getName());
                }
            }
        }
        assertThat(lookups).isGreaterThan(10);
        assertThat(derived).isEmpty();
    }

    @Test
    void aLookupAgainTakesItsPlanFromHibernatesCache() {
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        statistics.setStatisticsEnabled(true);
        try {
            // an unknown key is looked up by id, by commerce order code and by quote code
            assertThat(orders.taskSubject("no-such-order")).isEmpty();
            long hits = statistics.getQueryPlanCacheHitCount();
            long misses = statistics.getQueryPlanCacheMissCount();

            assertThat(orders.taskSubject("no-such-order")).isEmpty();

            // each of the two queries finds its interpretation and its plan in the cache; a derived one finds neither
            assertThat(statistics.getQueryPlanCacheHitCount() - hits).isEqualTo(4);
            assertThat(statistics.getQueryPlanCacheMissCount()).isEqualTo(misses);
        } finally {
            statistics.setStatisticsEnabled(false);
        }
    }
}
