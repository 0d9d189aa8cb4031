package io.orderflow.sandbox;

import java.util.Map;

import io.orderflow.web.LoginNote;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Where a newcomer finds the sandbox's users: named on the login page, where they are first needed. */
@Component
@Profile("sandbox")
class SandboxLoginNote implements LoginNote {

    @Override
    public String template() {
        return "sandbox/login";
    }

    @Override
    public Map<String, Object> model() {
        return Map.of("users", DemoUsers.USERS);
    }
}
