package io.orderflow.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

/**
 * Every user task of every process is named after its step and what it is about, so that rows in Tasklist can be told
 * apart: "Review quote request · Q-2026-00042 · Dr. Anna Schmidt (DE-UNIKLINIK) · 36.900,00 €". The model's element name
 * stays the first part; the rest comes from the business data when the task is created.
 */
@Configuration
class TaskNames {

    @Bean
    ProcessEnginePlugin userTasksAreNamedAfterTheirSubject(ObjectProvider<TaskSubject> subjects) {
        // looked up when the first task is named, not while the engine is built, and then kept
        Supplier<List<TaskSubject>> ordered = SingletonSupplier.of(() -> subjects.orderedStream().toList());
        return new AbstractProcessEnginePlugin() {
            @Override
            public void preInit(ProcessEngineConfigurationImpl configuration) {
                if (configuration.getCustomPostBPMNParseListeners() == null) {
                    configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
                }
                configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
                    @Override
                    public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
                        String processKey = ((ProcessDefinitionEntity) activity.getProcessDefinition()).getKey();
                        ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition()
                                .addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE,
                                        task -> name(task, processKey, ordered.get()));
                    }
                });
            }
        };
    }

    static void name(DelegateTask task, String processKey, List<TaskSubject> subjects) {
        String businessKey = task.getExecution().getProcessBusinessKey();
        if (businessKey == null) {
            return;
        }
        subjects.stream().map(subject -> subject.describe(processKey, businessKey)).flatMap(Optional::stream)
                .findFirst().ifPresent(subject -> task.setName(task.getName() == null ? subject
                        : TaskSubject.join(task.getName(), subject)));
    }
}
