package io.orderflow;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.community.process_test_coverage.spring_test.common.ProcessEngineCoverageProperties;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Scope;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Process test coverage in the one application context all integration tests share. The coverage listener asks the
 * context for its properties before each test class; this prototype bean answers for the class at hand: a class
 * annotated {@link FullCoverageOf} must cover its processes completely, the others only report.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ProcessCoverageRules {

    private static volatile Class<?> currentTestClass;

    @Bean
    @Primary
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    ProcessEngineCoverageProperties processEngineCoverageProperties(RepositoryService repositoryService) {
        Class<?> testClass = currentTestClass;
        FullCoverageOf covered = testClass == null ? null : testClass.getAnnotation(FullCoverageOf.class);
        if (covered == null) {
            return ProcessEngineCoverageProperties.builder().build();
        }
        List<String> others = new ArrayList<>();
        repositoryService.createProcessDefinitionQuery().latestVersion().list().forEach(definition -> {
            if (!List.of(covered.value()).contains(definition.getKey())) {
                others.add(definition.getKey());
            }
        });
        return ProcessEngineCoverageProperties.builder()
                .assertClassCoverageAtLeast(1.0)
                .excludeProcessDefinitionKeys(others.toArray(String[]::new))
                .build();
    }

    /** Tells the bean above which test class is about to run; registered before the coverage listener. */
    public static class CurrentTestClass implements TestExecutionListener, Ordered {

        @Override
        public void beforeTestClass(TestContext testContext) {
            currentTestClass = testContext.getTestClass();
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
