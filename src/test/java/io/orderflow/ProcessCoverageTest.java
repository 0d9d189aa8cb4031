package io.orderflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import org.camunda.community.process_test_coverage.spring_test.common.ProcessEngineCoverageProperties;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageTestExecutionListener;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.TestPropertySource;

/**
 * A process test: the whole application like {@link IntegrationTest}, plus process test coverage. Each subclass
 * declares, in a nested {@code @TestConfiguration}, a primary {@link ProcessEngineCoverageProperties} bean from
 * {@link #fullCoverageExcept}: the class then fails when a flow node or sequence flow of its model is not covered
 * (report in {@code target/process-test-coverage}). That configuration gives each process test class an application
 * context, and so a server and an engine, of its own beside the shared one.
 */
@Import(ProcessEngineCoverageConfiguration.class)
@TestExecutionListeners(listeners = ProcessEngineCoverageTestExecutionListener.class,
        mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
@ContextConfiguration(initializers = ProcessCoverageTest.OwnPorts.class)
@TestPropertySource(properties = {
        "camunda.bpm.generate-unique-process-engine-name=true",
        "camunda.bpm.generate-unique-process-application-name=true"})
public abstract class ProcessCoverageTest extends IntegrationTest {

    /**
     * Declare it primary: the imported configuration declares default properties too, and the coverage listener
     * silently falls back to properties without any assertion when it finds two.
     *
     * @param otherProcesses processes this class runs but whose coverage other classes answer for
     */
    protected static ProcessEngineCoverageProperties fullCoverageExcept(String... otherProcesses) {
        return ProcessEngineCoverageProperties.builder()
                .assertClassCoverageAtLeast(1.0)
                .excludeProcessDefinitionKeys(otherProcesses)
                .build();
    }

    /**
     * Ports of its own for the extra context. (A {@code DynamicPropertySource} here would lose against the base
     * class's, which Spring applies after it.)
     */
    static class OwnPorts implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("process-test-ports",
                    Map.of("server.port", freePort(), "spring.mail.port", freePort())));
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
