package io.orderflow.sales;

/** Where events for the sales system go. */
interface SalesTarget {

    /** Whether events of {@code kind} ({@code quote}, {@code order}, {@code validation}) are sent at all. */
    boolean accepts(String kind);

    /** Delivers one event; an exception is a failed attempt, tried again later. */
    void deliver(SalesEvent event) throws Exception;
}
