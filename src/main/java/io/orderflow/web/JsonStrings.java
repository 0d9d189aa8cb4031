package io.orderflow.web;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A NUL character is valid JSON but no text a person means, and PostgreSQL cannot store it: a request string holding
 * one is refused as an invalid value of its field, on every database alike.
 */
@Configuration
class JsonStrings {

    /** Spring Boot registers every Jackson module bean with the application's object mapper. */
    @Bean
    SimpleModule stringsWithoutNul() {
        SimpleModule module = new SimpleModule("strings-without-nul");
        module.addDeserializer(String.class, new NoNul());
        return module;
    }

    static final class NoNul extends StdScalarDeserializer<String> {

        NoNul() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && value.indexOf('\u0000') >= 0) {
                throw InvalidFormatException.from(parser, "contains a NUL character", value, String.class);
            }
            return value;
        }
    }
}
