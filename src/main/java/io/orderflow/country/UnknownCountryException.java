package io.orderflow.country;

public class UnknownCountryException extends RuntimeException {

    private final String code;

    public UnknownCountryException(String code) {
        super("Unknown country '" + code + "': no orderflow.countries." + code + " configured");
        this.code = code;
    }

    public String code() {
        return code;
    }
}
