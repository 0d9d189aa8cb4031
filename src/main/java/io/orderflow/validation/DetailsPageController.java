package io.orderflow.validation;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.orderflow.country.UnknownRegionException;
import io.orderflow.order.OrderRequest;
import io.orderflow.order.OrderService;
import io.orderflow.security.SignedLinks;
import io.orderflow.web.ApiException;
import io.orderflow.web.PageLocale;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** The buyer's customer-details form behind the signed link in the details-request mail, in the buyer's language. */
@Controller
class DetailsPageController {

    /** What the buyer types; also what the page shows back when something is wrong. */
    record DetailsForm(String legalName, String taxId, String licenceNumber, String addressLine1, String city,
            String postalCode, String region, String country) {

        CustomerValidation.KycData toKycData() {
            return new CustomerValidation.KycData(trim(legalName), trim(taxId), trim(licenceNumber), trim(addressLine1),
                    trim(city), trim(postalCode), trim(region), trim(country));
        }

        private static String trim(String value) {
            return value == null ? null : value.strip();
        }
    }

    private static final Map<String, Integer> LIMITS = Map.of("legalName", 200, "taxId", 50, "licenceNumber", 50,
            "addressLine1", 200, "city", 100, "postalCode", 20, "region", 100, "country", 2);

    private final ValidationService validations;
    private final OrderService orders;
    private final SignedLinks links;
    private final MessageSource messages;
    private final Clock clock;

    DetailsPageController(ValidationService validations, OrderService orders, SignedLinks links, MessageSource messages,
            Clock clock) {
        this.validations = validations;
        this.orders = orders;
        this.links = links;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/d/{token}")
    String page(@PathVariable String token, Model model, HttpServletRequest request, HttpServletResponse response) {
        String orderRequestId = links.verify(ValidationService.LINK_KIND, token, clock.instant()).orElse(null);
        if (orderRequestId == null) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return "invalid-link";
        }
        if (!validations.collectingDetails(orderRequestId)) {
            return closed(model, request, token, orderRequestId);
        }
        CustomerValidation.KycData stored = validations.get(orderRequestId).kycData();
        DetailsForm form = new DetailsForm(stored.legalName(), stored.taxId(), stored.licenceNumber(),
                stored.addressLine1(), stored.city(), stored.postalCode(), stored.region(),
                stored.country() != null ? stored.country() : orders.get(orderRequestId).getCountry());
        return render(model, request, token, orderRequestId, form, Map.of(), false);
    }

    @PostMapping("/d/{token}")
    String submit(@PathVariable String token, @ModelAttribute DetailsForm form, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        String orderRequestId = links.verify(ValidationService.LINK_KIND, token, clock.instant()).orElse(null);
        if (orderRequestId == null) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return "invalid-link";
        }
        Locale locale = locale(orderRequestId);
        Map<String, String> errors = check(form, locale);
        if (errors.isEmpty()) {
            try {
                validations.submitDetailsByBuyer(orderRequestId, form.toKycData());
                return render(model, request, token, orderRequestId, form, Map.of(), true);
            } catch (UnknownRegionException e) {
                errors.put("region", messages.getMessage("details.error.region", new Object[] {e.value()}, locale));
            } catch (ApiException detailsClosed) {
                response.setStatus(HttpServletResponse.SC_CONFLICT);
                return closed(model, request, token, orderRequestId);
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return render(model, request, token, orderRequestId, form, errors, false);
    }

    private Map<String, String> check(DetailsForm form, Locale locale) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("legalName", form.legalName());
        values.put("taxId", form.taxId());
        values.put("licenceNumber", form.licenceNumber());
        values.put("addressLine1", form.addressLine1());
        values.put("city", form.city());
        values.put("postalCode", form.postalCode());
        values.put("region", form.region());
        values.put("country", form.country());
        values.forEach((field, value) -> {
            boolean optional = field.equals("licenceNumber");
            if ((value == null || value.isBlank()) && !optional) {
                errors.put(field, messages.getMessage("details.error.required", null, locale));
            } else if (value != null && value.strip().length() > LIMITS.get(field)) {
                errors.put(field, messages.getMessage("details.error.tooLong", new Object[] {LIMITS.get(field)}, locale));
            }
        });
        if (!errors.containsKey("country") && !form.country().strip().matches("[A-Z]{2}")) {
            errors.put("country", messages.getMessage("details.error.country", null, locale));
        }
        return errors;
    }

    private String render(Model model, HttpServletRequest request, String token, String orderRequestId, DetailsForm form,
            Map<String, String> errors, boolean submitted) {
        Locale locale = locale(orderRequestId);
        PageLocale.use(request, locale);
        model.addAttribute("token", token);
        model.addAttribute("locale", locale);
        model.addAttribute("orderCode", validations.get(orderRequestId).getCommerceOrderCode());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("submitted", submitted);
        return "validation/details";
    }

    /** The details were received (or the order decided) meanwhile: the page says so and takes nothing. */
    private String closed(Model model, HttpServletRequest request, String token, String orderRequestId) {
        model.addAttribute("closed", true);
        return render(model, request, token, orderRequestId, null, Map.of(), false);
    }

    private Locale locale(String orderRequestId) {
        OrderRequest order = orders.get(orderRequestId);
        return order.getBuyerLocale() != null ? Locale.forLanguageTag(order.getBuyerLocale()) : Locale.ENGLISH;
    }
}
