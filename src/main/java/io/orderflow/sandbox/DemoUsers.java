package io.orderflow.sandbox;

import java.util.List;

import io.orderflow.integration.OutboundAuth;
import io.orderflow.integration.commerce.CommerceProperties;
import io.orderflow.integration.reltio.ReltioProperties;
import io.orderflow.security.Groups;
import io.orderflow.security.IdentitySetup;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * One user per working role, so every step can be tried as the person who does it; and the user, without groups, as
 * which the application calls the simulated commerce and Reltio (their {@code auth} in the sandbox profile).
 */
@Component
@Profile("sandbox")
@Order(IdentitySetup.ORDER + 1)
class DemoUsers implements ApplicationRunner {

    record DemoUser(String id, String firstName, String lastName, String group) {
    }

    static final List<DemoUser> USERS = List.of(
            new DemoUser("sara", "Sara", "Sales", Groups.SALES),
            new DemoUser("mike", "Mike", "Manager", Groups.SALES_MANAGERS),
            new DemoUser("dora", "Dora", "Director", Groups.SALES_DIRECTORS),
            new DemoUser("bob", "Bob", "Backoffice", Groups.BACKOFFICE),
            new DemoUser("olga", "Olga", "Approver", Groups.ORDER_APPROVERS),
            new DemoUser("audrey", "Audrey", "Auditor", Groups.AUDITORS));

    static String groupOf(String userId) {
        return USERS.stream().filter(user -> user.id().equals(userId)).findFirst().orElseThrow().group();
    }

    private final IdentitySetup identity;
    private final String password;
    private final List<OutboundAuth> applicationLogins;

    DemoUsers(IdentitySetup identity, @Value("${orderflow.sandbox.users-password}") String password,
            CommerceProperties commerce, ReltioProperties reltio) {
        this.identity = identity;
        this.password = password;
        this.applicationLogins = List.of(commerce.auth(), reltio.auth());
    }

    @Override
    public void run(ApplicationArguments args) {
        for (DemoUser user : USERS) {
            identity.ensureUser(user.id(), user.firstName(), user.lastName(), user.id() + "@orderflow.example", password,
                    List.of(user.group()));
        }
        for (OutboundAuth login : applicationLogins) {
            if (login.type() == OutboundAuth.Type.BASIC) {
                identity.ensureUser(login.username(), "Sandbox", "Integration", null, login.password(), List.of());
            }
        }
    }
}
