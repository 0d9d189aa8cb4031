package io.orderflow;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageTestExecutionListener;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application as the sandbox runs it (simulators, embedded SMTP, demo users), on the test database, with
 * the job executor and the mail schedule off so tests decide when jobs run and mails go out. All subclasses share one
 * application context, with process test coverage (see {@link FullCoverageOf}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "test"})
@Import({ProcessEngineCoverageConfiguration.class, ProcessCoverageRules.class})
@TestExecutionListeners(listeners = {ProcessCoverageRules.CurrentTestClass.class,
        ProcessEngineCoverageTestExecutionListener.class}, mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
public abstract class IntegrationTest {

    protected static final String PASSWORD = "demo";
    private static final int SMTP_PORT = TestPorts.free();
    /** A known port rather than a random one, because the sandbox's base URLs (simulators, links) name it. */
    private static final int HTTP_PORT = TestPorts.free();

    /** The port of this test's server; classes with a context of their own have their own. */
    @Value("${local.server.port}")
    protected int port;

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("server.port", () -> HTTP_PORT);
    }

    @Autowired
    void trackForDatabaseCleanup(ConfigurableApplicationContext context) {
        TestDatabase.track(context);
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

}
