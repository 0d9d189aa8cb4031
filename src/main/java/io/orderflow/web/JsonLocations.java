package io.orderflow.web;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Jackson refuses a value beyond its reading limits (a number of thousands of digits) without saying where it stood;
 * the application's own types hand the parser on with the refusal, so that the problem can name the field.
 */
@Configuration
class JsonLocations {

    @Bean
    SimpleModule limitsWithLocation() {
        SimpleModule module = new SimpleModule("limits-with-location");
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                return description.getBeanClass().getPackageName().startsWith("io.orderflow")
                        ? new Located(deserializer) : deserializer;
            }
        });
        return module;
    }

    static final class Located extends DelegatingDeserializer {

        Located(JsonDeserializer<?> deserializer) {
            super(deserializer);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> deserializer) {
            return new Located(deserializer);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            try {
                return super.deserialize(parser, context);
            } catch (StreamConstraintsException e) {
                throw JsonMappingException.from(parser, e.getOriginalMessage(), e);
            }
        }
    }
}
