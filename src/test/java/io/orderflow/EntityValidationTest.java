package io.orderflow;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import jakarta.validation.Validator;
import org.hibernate.boot.beanvalidation.BeanValidationEventListener;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Entities are stored without Hibernate checking them against Bean Validation constraints, because they declare none:
 * the check ran before every insert and update and found nothing. An entity that declares a constraint fails here,
 * as it would not be checked.
 */
class EntityValidationTest extends IntegrationTest {

    @Autowired
    EntityManagerFactory entityManagerFactory;
    @Autowired
    Validator validator;

    @Test
    void noEntityDeclaresAConstraintAndNoneIsCheckedOnItsWay() {
        assertThat(entityManagerFactory.getMetamodel().getEntities()).isNotEmpty().allSatisfy((EntityType<?> entity) ->
                assertThat(validator.getConstraintsForClass(entity.getJavaType()).isBeanConstrained())
                        .as(entity.getName()).isFalse());
        EventListenerRegistry listeners = entityManagerFactory.unwrap(SessionFactoryImplementor.class).getServiceRegistry()
                .requireService(EventListenerRegistry.class);
        for (EventType<?> type : new EventType<?>[] {EventType.PRE_INSERT, EventType.PRE_UPDATE, EventType.PRE_DELETE}) {
            assertThat(listeners.getEventListenerGroup(type).listeners()).as(type.eventName())
                    .noneMatch(BeanValidationEventListener.class::isInstance);
        }
    }
}
