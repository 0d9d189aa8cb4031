package io.orderflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The test helper that runs due jobs as the job executor would, on models of its own (removed afterwards). */
class ProcessDriverTest extends IntegrationTest {

    private static final String TWO_DEADLINES = "process-driver-two-deadlines";
    private static final String WAIT = "waitForAnswer";
    private static final String FIRST_DEADLINE = "firstDeadline";
    private static final String SECOND_DEADLINE = "secondDeadline";
    private static final String ANSWERED = "answered";
    private static final String FIRST_DEADLINE_PASSED = "firstDeadlinePassed";
    private static final String SECOND_DEADLINE_PASSED = "secondDeadlinePassed";
    private static final Duration DEADLINE = Duration.ofHours(1);

    private static final String ENDLESS = "process-driver-endless";
    private static final String AGAIN = "again";

    @Autowired
    ProcessEngine processEngine;
    @Autowired
    RepositoryService repositoryService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    HistoryService historyService;

    ProcessDriver driver;
    String deploymentId;

    @BeforeEach
    void deployModelsAndStopTheClock() {
        BpmnAwareTests.init(processEngine);
        driver = new ProcessDriver(managementService, runtimeService);
        ClockUtil.setCurrentTime(Date.from(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        BpmnModelInstance twoDeadlines = Bpmn.createExecutableProcess(TWO_DEADLINES).camundaHistoryTimeToLive(1)
                .startEvent()
                .userTask(WAIT)
                .boundaryEvent(FIRST_DEADLINE).timerWithDuration(DEADLINE.toString()).endEvent(FIRST_DEADLINE_PASSED)
                .moveToActivity(WAIT).boundaryEvent(SECOND_DEADLINE).timerWithDuration(DEADLINE.toString())
                .endEvent(SECOND_DEADLINE_PASSED)
                .moveToActivity(WAIT).endEvent(ANSWERED)
                .done();
        BpmnModelInstance endless = Bpmn.createExecutableProcess(ENDLESS).camundaHistoryTimeToLive(1)
                .startEvent()
                .manualTask(AGAIN).camundaAsyncBefore()
                .connectTo(AGAIN)
                .done();
        deploymentId = repositoryService.createDeployment().name(ProcessDriverTest.class.getSimpleName())
                .addModelInstance(TWO_DEADLINES + ".bpmn", twoDeadlines)
                .addModelInstance(ENDLESS + ".bpmn", endless)
                .deploy().getId();
    }

    @AfterEach
    void removeModelsAndRestoreTheClock() {
        repositoryService.deleteDeployment(deploymentId, true);
        ClockUtil.reset();
    }

    @Test
    void timerThatRemovesAnotherDueTimerLeavesItAlone() {
        ProcessInstance pi = runtimeService.startProcessInstanceByKey(TWO_DEADLINES);
        assertThat(managementService.createJobQuery().processInstanceId(pi.getId()).timers().count()).isEqualTo(2);

        ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(DEADLINE)));
        assertThat(driver.dueJobs(pi.getId())).hasSize(2);
        driver.drain(pi.getId());

        assertThat(pi).isEnded().hasNotPassed(ANSWERED);
        long passed = historyService.createHistoricActivityInstanceQuery().processInstanceId(pi.getId())
                .activityType("noneEndEvent").list().stream()
                .filter(end -> List.of(FIRST_DEADLINE_PASSED, SECOND_DEADLINE_PASSED).contains(end.getActivityId()))
                .count();
        assertThat(passed).as("whichever deadline fired, it interrupted the wait and removed the other").isEqualTo(1);
    }

    @Test
    void jobsThatKeepComingStopTheDrainAfterAHundred() {
        ProcessInstance pi = runtimeService.startProcessInstanceByKey(ENDLESS);

        assertThatThrownBy(() -> driver.drain(pi.getId())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keep coming");

        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(pi.getId()).activityId(AGAIN)
                .finished().count()).isEqualTo(ProcessDriver.MAX_JOBS);
        assertThat(driver.dueJobs(pi.getId())).hasSize(1);
    }
}
