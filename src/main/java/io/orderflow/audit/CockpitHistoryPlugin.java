package io.orderflow.audit;

import java.util.Set;

import org.camunda.bpm.cockpit.plugin.spi.impl.AbstractCockpitPlugin;

/**
 * Cockpit plugin {@value #ID}: the process history that Community Cockpit does not show, for auditors. Found by
 * Cockpit through {@code META-INF/services/org.camunda.bpm.cockpit.plugin.spi.CockpitPlugin} (a {@link java.util.ServiceLoader},
 * not a Spring bean); its REST API is {@link CockpitHistoryRootResource} under {@code /camunda/api/cockpit/plugin/audit-history},
 * its script {@code plugin-webapp/audit-history/app/plugin.js} on the class path.
 */
public class CockpitHistoryPlugin extends AbstractCockpitPlugin {

    public static final String ID = "audit-history";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Set<Class<?>> getResourceClasses() {
        return Set.of(CockpitHistoryRootResource.class);
    }
}
