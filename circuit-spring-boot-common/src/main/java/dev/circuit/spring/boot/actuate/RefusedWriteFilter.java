package dev.circuit.spring.boot.actuate;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Says how to allow a write that the endpoint's access refuses. Boot does not map the write operations of an
 * endpoint that is read-only, so a {@code POST /actuator/circuitbreakers/{name}} would get a bare 405; this
 * answers the same 405 with what to set ({@code management.endpoint.circuitbreakers.access=unrestricted}).
 * Only POSTs to the endpoint's path are looked at, and only while its access is not unrestricted.
 */
public class RefusedWriteFilter extends OncePerRequestFilter {

    private static final String MESSAGE = "Writes to the circuitbreakers endpoint are off: it is read-only unless"
        + " management.endpoint.circuitbreakers.access=unrestricted (grant it behind authentication: RESET,"
        + " FORCE_OPEN, DISABLE, CLOSE and retuning change how production traffic is handled).";

    private final String path;
    private final EndpointAccessResolver access;

    /**
     * Creates the filter.
     *
     * @param path   the endpoint's path below the context path, such as {@code /actuator/circuitbreakers}
     * @param access the application's endpoint access, read at each refused request (it may be refreshed)
     */
    public RefusedWriteFilter(String path, EndpointAccessResolver access) {
        this.path = path;
        this.access = access;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String within = request.getRequestURI().substring(request.getContextPath().length());
        return !"POST".equals(request.getMethod()) || !(within.equals(path) || within.startsWith(path + "/"))
            || access.accessFor(EndpointId.of(CircuitBreakersEndpoint.ID), Access.READ_ONLY) == Access.UNRESTRICTED;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
        response.setStatus(HttpStatus.METHOD_NOT_ALLOWED.value());
        response.setHeader(HttpHeaders.ALLOW, "GET");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"error\":\"" + MESSAGE + "\"}");
    }
}
