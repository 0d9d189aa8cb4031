package io.orderflow.security;

import org.camunda.bpm.engine.impl.IdentityServiceImpl;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * The engine's identity service, whose {@code checkPassword} every login goes through: it reports the outcome for the
 * calling HTTP client to the {@link LoginThrottle} and tries no password while that client must wait.
 */
class ThrottledIdentityService extends IdentityServiceImpl {

    private final LoginThrottle throttle;

    ThrottledIdentityService(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    public boolean checkPassword(String userId, String password) {
        String client = LoginThrottle.currentClient();
        if (client == null || userId == null) {
            return super.checkPassword(userId, password);
        }
        if (throttle.waitBeforeLogin(client, userId).isPresent()) {
            return false;
        }
        boolean valid = super.checkPassword(userId, password);
        if (valid) {
            throttle.succeeded(client, userId);
        } else {
            throttle.failed(client, userId);
        }
        return valid;
    }

    /** Installs the service before the engine is built, so the engine, its REST API and the webapps all use it. */
    @Component
    static class Installer extends AbstractProcessEnginePlugin {

        private final LoginThrottle throttle;

        Installer(LoginThrottle throttle) {
            this.throttle = throttle;
        }

        @Override
        public void preInit(ProcessEngineConfigurationImpl configuration) {
            configuration.setIdentityService(new ThrottledIdentityService(throttle));
        }
    }
}
