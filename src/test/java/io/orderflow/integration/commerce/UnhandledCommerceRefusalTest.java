package io.orderflow.integration.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.IntegrationTest;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A commerce refusal that no boundary event catches is a bug in a model: the engine must raise it (the step fails,
 * then an incident), never end the instance quietly as Camunda 7 does by default.
 */
class UnhandledCommerceRefusalTest extends IntegrationTest {

    static final String KEY = "unhandled-commerce-refusal";

    @Autowired
    RepositoryService repositoryService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    HistoryService historyService;

    Deployment deployment;

    @AfterEach
    void undeploy() {
        if (deployment != null) {
            repositoryService.deleteDeployment(deployment.getId(), true);
        }
    }

    @Test
    void refusalWithoutACatcherRaisesInsteadOfEndingTheInstance() {
        BpmnModelInstance model = Bpmn.createExecutableProcess(KEY).camundaHistoryTimeToLive(1)
                .startEvent("start")
                .serviceTask("callCommerce").camundaExpression("${commerceResponses.status('OR-UNCAUGHT', 422, 'refused')}")
                .endEvent("end")
                .done();
        deployment = repositoryService.createDeployment().addModelInstance(KEY + ".bpmn", model).deploy();

        assertThatThrownBy(() -> runtimeService.startProcessInstanceByKey(KEY, "OR-UNCAUGHT"))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining(CommerceResponses.REJECTED);

        assertThat(historyService.createHistoricProcessInstanceQuery().processDefinitionKey(KEY).count())
                .as("nothing started, nothing ended quietly").isZero();
    }
}
