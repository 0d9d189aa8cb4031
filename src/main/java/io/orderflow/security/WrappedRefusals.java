package io.orderflow.security;

import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.InvalidRequestException;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;

/**
 * Some resources of the Camunda 7.24 engine REST (creating a comment or an attachment) turn any engine exception into
 * a 400 with a message of their own ("Task id is null"), so a refusal for lack of permission would reach the caller as
 * a bad request and the reason of a refused request would be lost. Here a refusal wrapped in such a 400 is answered as
 * the engine REST answers it everywhere else: an {@link AuthorizationException} with 403, a
 * {@link BadUserRequestException} with 400, each with its own type and message. (Deleting an attachment answers any
 * refusal with a 404 that does not keep the refusal; that stays.) Jersey registers it in each of
 * its applications, the engine REST and the webapps' engine API alike ({@link Registration}).
 */
@Provider
public class WrappedRefusals implements ExceptionMapper<InvalidRequestException> {

    @Override
    public Response toResponse(InvalidRequestException exception) {
        Throwable cause = exception.getCause();
        boolean refusal = exception.getStatus() == Response.Status.BAD_REQUEST
                && (cause instanceof AuthorizationException || cause instanceof BadUserRequestException);
        return ExceptionHandlerHelper.getInstance().getResponse(refusal ? cause : exception);
    }

    /**
     * Found by Jersey through {@code META-INF/services}; the webapps' Jersey applications are classes of Camunda's
     * that take no providers from the Spring context.
     */
    public static class Registration implements AutoDiscoverable {

        @Override
        public void configure(FeatureContext context) {
            if (!context.getConfiguration().isRegistered(WrappedRefusals.class)) {
                context.register(WrappedRefusals.class);
            }
        }
    }
}
