package io.orderflow;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/** Runs the due jobs of one process instance and the instances it called, as the job executor would. */
public class ProcessDriver {

    /** More jobs than any drain of a test needs: a process that keeps making jobs is stopped. */
    static final int MAX_JOBS = 100;

    private final ManagementService managementService;
    private final RuntimeService runtimeService;

    public ProcessDriver(ManagementService managementService, RuntimeService runtimeService) {
        this.managementService = managementService;
        this.runtimeService = runtimeService;
    }

    /** Executes due jobs of the tree under the instance with this business key until none is left. */
    public void drain(String processDefinitionKey, String businessKey) {
        ProcessInstance root = runtimeService.createProcessInstanceQuery().processDefinitionKey(processDefinitionKey)
                .processInstanceBusinessKey(businessKey).singleResult();
        if (root != null) {
            drain(root.getId());
        }
    }

    /**
     * One due job at a time, asking again after each: a job may remove others that were due with it (a timer
     * interrupting the activity another timer is attached to).
     */
    public void drain(String rootProcessInstanceId) {
        for (int executed = 0; ; executed++) {
            List<Job> due = dueJobs(rootProcessInstanceId);
            if (due.isEmpty()) {
                return;
            }
            if (executed == MAX_JOBS) {
                throw new IllegalStateException("Jobs of " + rootProcessInstanceId + " keep coming after " + MAX_JOBS);
            }
            managementService.executeJob(due.get(0).getId());
        }
    }

    /** Due jobs with retries left in the instance and everything it called. */
    public List<Job> dueJobs(String rootProcessInstanceId) {
        List<Job> jobs = new ArrayList<>();
        for (String instance : tree(rootProcessInstanceId)) {
            jobs.addAll(managementService.createJobQuery().processInstanceId(instance).executable().list());
        }
        return jobs;
    }

    public List<String> tree(String rootProcessInstanceId) {
        List<String> instances = new ArrayList<>(List.of(rootProcessInstanceId));
        for (int i = 0; i < instances.size(); i++) {
            runtimeService.createProcessInstanceQuery().superProcessInstanceId(instances.get(i)).list()
                    .forEach(called -> instances.add(called.getId()));
        }
        return instances;
    }
}
