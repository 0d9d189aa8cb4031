package io.orderflow.country;

public class UnknownRegionException extends RuntimeException {

    private final String country;
    private final String value;

    public UnknownRegionException(String country, String value) {
        super("Unknown region '" + value + "' for country " + country);
        this.country = country;
        this.value = value;
    }

    public String country() {
        return country;
    }

    public String value() {
        return value;
    }
}
