package io.orderflow.reporting;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.orderflow.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The reports page for sales managers and auditors, and each of its tables as CSV with the same filters. Who may
 * read them is decided in the security configuration.
 */
@Controller
class ReportController {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final ReportService reports;

    ReportController(ReportService reports) {
        this.reports = reports;
    }

    /** Filters are read as text, so that a bad value is answered naming the parameter, never with a 500. */
    @GetMapping("/reports")
    String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String country, Model model, HttpServletResponse response) {
        model.addAttribute("countries", reports.countries());
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("country", country);
        try {
            ReportFilter filter = reports.filter(from, to, country);
            model.addAttribute("filter", filter);
            model.addAttribute("tables", reports.all(filter));
        } catch (ApiException e) {
            response.setStatus(e.problem().getStatus());
            model.addAttribute("problem", e.problem());
            model.addAttribute("tables", List.of());
        }
        return "reports/page";
    }

    @GetMapping("/reports/{table}.csv")
    ResponseEntity<String> csv(@PathVariable String table, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String country) {
        ReportFilter filter = reports.filter(from, to, country);
        ReportTable report = reports.table(table, filter).orElseThrow(() -> ApiException.notFound("Report", table));
        String name = report.id() + "_" + filter.from() + "_" + filter.to() + "_" + filter.countryParameter() + ".csv";
        return ResponseEntity.ok()
                .contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .body(Csv.of(report));
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> problem(ApiException e) {
        return ResponseEntity.status(e.problem().getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(e.problem());
    }
}
