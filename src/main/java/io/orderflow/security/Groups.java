package io.orderflow.security;

import java.util.List;

/** Camunda identity groups: the working roles of the application. */
public final class Groups {

    public static final String SALES = "sales";
    public static final String SALES_MANAGERS = "sales-managers";
    public static final String SALES_DIRECTORS = "sales-directors";
    public static final String BACKOFFICE = "backoffice";
    public static final String ORDER_APPROVERS = "order-approvers";
    public static final String AUDITORS = "auditors";
    public static final String CAMUNDA_ADMIN = "camunda-admin";

    /** Groups that work on tasks in Tasklist. */
    public static final List<String> WORKING = List.of(SALES, SALES_MANAGERS, SALES_DIRECTORS, BACKOFFICE, ORDER_APPROVERS);

    /** Spring Security authority of a group member, e.g. {@code GROUP_auditors}. */
    public static String authority(String group) {
        return "GROUP_" + group;
    }

    private Groups() {
    }
}
