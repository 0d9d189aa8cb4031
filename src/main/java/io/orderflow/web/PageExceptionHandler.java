package io.orderflow.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** Pages answer a failure the reader can understand (not found, not allowed now) with its status and a short page. */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageExceptionHandler {

    @ExceptionHandler(ApiException.class)
    String problem(ApiException e, Model model, HttpServletResponse response) {
        response.setStatus(e.problem().getStatus());
        model.addAttribute("problem", e.problem());
        return "problem";
    }
}
