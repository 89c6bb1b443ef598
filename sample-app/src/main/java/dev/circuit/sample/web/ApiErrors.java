package dev.circuit.sample.web;

import dev.circuit.spring.boot.config.BreakerSettings;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bad request bodies answer 400 with a problem detail (RFC 9457) that names the field: a value that
 * breaks a constraint ({@code quantity: must be greater than or equal to 1}), a value that is not of the
 * field's type (a fraction, text or a number too large where a whole number is expected), and a field that
 * does not exist, with the closest one that does ({@code failureRat: unknown field; did you mean
 * 'failureRate'?}: {@code spring.jackson.deserialization.fail-on-unknown-properties} is on).
 */
@RestControllerAdvice
public class ApiErrors {

    /**
     * A value breaks a constraint.
     *
     * @param invalid the failed validation
     * @return 400 naming every invalid field
     */
    @ExceptionHandler(MethodArgumentNotValidException.class)
    public ProblemDetail invalid(MethodArgumentNotValidException invalid) {
        List<Map<String, String>> errors = invalid.getFieldErrors().stream()
            .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
            .toList();
        return problem(errors.stream().map(error -> error.get("field") + ": " + error.get("message"))
            .collect(Collectors.joining("; ")), errors);
    }

    /**
     * The body cannot be read as the request's type.
     *
     * @param unreadable the failure to read
     * @return 400 naming the field when there is one
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ProblemDetail unreadable(HttpMessageNotReadableException unreadable) {
        if (unreadable.getCause() instanceof UnrecognizedPropertyException unknown) {
            String field = unknown.getPropertyName();
            List<String> known = unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            String closest = BreakerSettings.closest(field, known);
            String message = "unknown field" + (closest == null ? "" : "; did you mean '" + closest + "'?")
                + " Known fields: " + known;
            return problem(field + ": " + message, List.of(Map.of("field", field, "message", message)));
        }
        if (unreadable.getCause() instanceof JacksonException json && !json.getPath().isEmpty()) {
            String field = json.getPath().stream().map(reference -> reference.getPropertyName() != null
                ? reference.getPropertyName() : "[" + reference.getIndex() + "]").collect(Collectors.joining("."));
            String message = field.isEmpty() ? "a value is not of the expected type" : "not a valid value of the expected type";
            return problem(field + ": " + message, List.of(Map.of("field", field, "message", message)));
        }
        return problem("the request body is not valid JSON", List.of());
    }

    private static ProblemDetail problem(String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }
}
