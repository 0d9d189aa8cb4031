package io.orderflow.security;

import java.lang.reflect.Field;

/**
 * Reads fields of Camunda 7.24 commands and queries that have no getter. Resolved at start, so a Camunda upgrade that
 * renames one fails the start, not a refusal later.
 */
final class CamundaInternals {

    private CamundaInternals() {
    }

    static Field field(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("Camunda's " + type.getSimpleName() + " has no field " + name
                    + " any more; review the engine plugins of io.orderflow.security", e);
        }
    }

    static Object read(Field field, Object target) {
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
