package io.orderflow.integration.commerce;

/** Commerce answered 404: a business fact (the record does not exist), not a technical failure to retry. */
public class UnknownCommerceRecordException extends RuntimeException {

    private final String kind;
    private final String id;

    public UnknownCommerceRecordException(String kind, String id) {
        super("Commerce has no " + kind + " '" + id + "'");
        this.kind = kind;
        this.id = id;
    }

    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }
}
