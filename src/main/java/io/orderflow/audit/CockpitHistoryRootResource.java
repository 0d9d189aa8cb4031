package io.orderflow.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import org.camunda.bpm.cockpit.plugin.resource.AbstractCockpitPluginRootResource;

/**
 * {@code /camunda/api/cockpit/plugin/audit-history}: {@code static/app/plugin.js} (served by the base class) and
 * {@code {engine}/process-instance/**} ({@link CockpitHistoryResource}). Cockpit's security filter lets only users
 * logged into the engine reach the engine paths.
 */
@Path("plugin/" + CockpitHistoryPlugin.ID)
public class CockpitHistoryRootResource extends AbstractCockpitPluginRootResource {

    public CockpitHistoryRootResource() {
        super(CockpitHistoryPlugin.ID);
    }

    @Path("{engine}/process-instance")
    public CockpitHistoryResource processInstances(@PathParam("engine") String engine, @Context HttpServletRequest request) {
        return subResource(new CockpitHistoryResource(engine, request.getContextPath()), engine);
    }
}
