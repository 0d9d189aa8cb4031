package io.orderflow.integration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.util.EntityUtils;
import org.camunda.connect.httpclient.HttpConnector;
import org.camunda.connect.spi.ConnectorConfigurator;
import org.camunda.connect.spi.ConnectorInvocation;
import org.camunda.connect.spi.ConnectorRequestInterceptor;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * The models' calls to neighbours (Camunda Connect's {@code http-connector}) take their credentials here, not from
 * the models' input parameters: set on the request as it leaves, so they never pass through Connect's own logging of
 * headers, and a 401 to a token is answered with a new token and one more try ({@link OutboundCredentials#send}).
 * <p>
 * Connect keeps its connectors in a registry of its own, for the whole JVM, and builds them anew whenever an engine
 * starts: its {@link Configurator} (a Connect service) gives every new {@code http-connector} the one interceptor,
 * which serves the neighbours of each running application ({@link #afterPropertiesSet()}).
 */
@Component
public class ConnectAuthentication implements InitializingBean, DisposableBean {

    private static final List<List<OutboundCredentials>> RUNNING = new CopyOnWriteArrayList<>();

    private final List<OutboundCredentials> neighbours;

    ConnectAuthentication(List<OutboundCredentials> neighbours) {
        this.neighbours = neighbours;
    }

    @Override
    public void afterPropertiesSet() {
        RUNNING.add(neighbours);
    }

    @Override
    public void destroy() {
        RUNNING.remove(neighbours);
    }

    /** Registered in {@code META-INF/services/org.camunda.connect.spi.ConnectorConfigurator}. */
    public static final class Configurator implements ConnectorConfigurator<HttpConnector> {

        private static final Interceptor INTERCEPTOR = new Interceptor();

        @Override
        public Class<HttpConnector> getConnectorClass() {
            return HttpConnector.class;
        }

        @Override
        public void configure(HttpConnector connector) {
            connector.addRequestInterceptor(INTERCEPTOR);
        }
    }

    private static final class Interceptor implements ConnectorRequestInterceptor {

        @Override
        public Object handleInvocation(ConnectorInvocation invocation) throws Exception {
            if (!(invocation.getTarget() instanceof HttpRequestBase request)) {
                return invocation.proceed();
            }
            String url = request.getURI().toString();
            OutboundCredentials neighbour = RUNNING.stream().flatMap(List::stream)
                    .filter(candidate -> candidate.serves(url)).findFirst().orElse(null);
            if (neighbour == null) {
                return invocation.proceed();
            }
            // Connect streams the payload once; a second try needs it again
            if (request instanceof HttpEntityEnclosingRequest enclosing && enclosing.getEntity() != null
                    && !enclosing.getEntity().isRepeatable()) {
                ByteArrayEntity repeatable = new ByteArrayEntity(EntityUtils.toByteArray(enclosing.getEntity()));
                repeatable.setContentType(enclosing.getEntity().getContentType());
                enclosing.setEntity(repeatable);
            }
            return neighbour.send(new OutboundCredentials.Exchange<CloseableHttpResponse>() {
                @Override
                public void header(String name, String value) {
                    request.setHeader(name, value);
                }

                @Override
                public CloseableHttpResponse send() throws Exception {
                    return (CloseableHttpResponse) invocation.proceed();
                }

                @Override
                public int status(CloseableHttpResponse response) {
                    return response.getStatusLine().getStatusCode();
                }

                @Override
                public void discard(CloseableHttpResponse response) throws Exception {
                    EntityUtils.consumeQuietly(response.getEntity());
                    response.close();
                }
            });
        }
    }
}
