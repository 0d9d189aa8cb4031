package io.orderflow.integration.commerce;

import java.util.List;

public record CommerceCustomer(String id, String email, String name, String locale, List<String> b2bUnitIds,
        String validationStatus, String masterId) {

    public boolean belongsTo(String b2bUnitId) {
        return b2bUnitIds != null && b2bUnitIds.contains(b2bUnitId);
    }
}
