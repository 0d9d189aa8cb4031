package io.orderflow.security;

import static io.orderflow.HttpCalls.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import io.orderflow.HttpCalls;
import io.orderflow.IntegrationTest;
import io.orderflow.audit.AuditFixture;
import io.orderflow.order.OrderProcess;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The engine turns a stored object variable back into an object only of a type the application stores (it stores
 * none: its variables are strings, numbers, booleans and dates). Whoever may write a variable (an operator, or a
 * stolen operator's session) cannot make a later reader build an object of any class on the class path.
 */
class ObjectVariableTest extends IntegrationTest {

    private static final String ADMIN = basic("admin", PASSWORD);
    private static final String VARIABLE = "viewer";
    /** The refusal of the engine's deserialization type validation, the cause of the engine's error. */
    private static final String TYPE_REFUSED = "not whitelisted for deserialization";

    @Autowired
    ApplicationContext context;
    @Autowired
    RuntimeService runtimeService;

    String instance;

    @BeforeEach
    void runningOrder() {
        AuditFixture fixture = new AuditFixture(context);
        instance = fixture.instanceId(OrderProcess.KEY, fixture.placeOrder());
    }

    @AfterEach
    void removeInstance() {
        runtimeService.deleteProcessInstance(instance, "test over");
    }

    @Test
    void swingComponentStoredAsJsonIsNotDeserializedOnRead() {
        HttpResponse<String> write = setObjectVariable("javax.swing.JEditorPane", "{\\\"text\\\":\\\"Quarterly price list\\\"}");
        HttpResponse<String> read = read("/variables/" + VARIABLE + "?deserializeValue=true");
        HttpResponse<String> readAll = read("/variables?deserializeValues=true");

        assertThat(write.statusCode()).isEqualTo(204);
        assertThat(List.of(read, readAll)).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("Cannot deserialize object in variable 'viewer'");
        });
        // Jackson refuses this well-known gadget class itself as well; the engine refuses it first
        assertThatThrownBy(() -> runtimeService.getVariable(instance, VARIABLE)).isInstanceOf(ProcessEngineException.class)
                .rootCause().hasMessageContaining(TYPE_REFUSED).hasMessageContaining("javax.swing.JEditorPane");
    }

    @Test
    void objectOfAClassTheApplicationNeverStoresIsNotDeserialized() {
        // Jackson refuses a few known gadget classes itself; the engine's validation refuses every class not allowed
        setObjectVariable("java.io.File", "\\\"/etc/hostname\\\"");
        HttpResponse<String> read = read("/variables/" + VARIABLE + "?deserializeValue=true");

        assertThat(read.statusCode()).as(read.body()).isEqualTo(500);
        assertThat(read.body()).contains("Cannot deserialize object in variable 'viewer'");
        assertThatThrownBy(() -> runtimeService.getVariable(instance, VARIABLE)).isInstanceOf(ProcessEngineException.class)
                .rootCause().hasMessageContaining(TYPE_REFUSED).hasMessageContaining("java.io.File");
        ObjectValue stored = runtimeService.getVariableTyped(instance, VARIABLE, false);
        assertThat(stored.getObjectTypeName()).as("still readable as stored, and deletable").isEqualTo("java.io.File");
    }

    private HttpResponse<String> read(String path) {
        return HttpCalls.get(url("/engine-rest/process-instance/" + instance + path), "Authorization", ADMIN);
    }

    private HttpResponse<String> setObjectVariable(String type, String serializedJson) {
        return HttpCalls.send(HttpRequest.newBuilder(URI.create(url("/engine-rest/process-instance/" + instance
                        + "/variables/" + VARIABLE)))
                .header("Authorization", ADMIN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"type\":\"Object\",\"value\":\"" + serializedJson + "\","
                        + "\"valueInfo\":{\"objectTypeName\":\"" + type + "\",\"serializationDataFormat\":\"application/json\"}}")));
    }
}
