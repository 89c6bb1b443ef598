package dev.circuit.spring.boot.actuate;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;

/**
 * Which requests are writes to the endpoint that its access refuses, and what they are answered. Boot does not
 * map the write operations of a read-only endpoint, so such a {@code POST /actuator/circuitbreakers/{name}}
 * would get a bare 405; the servlet and reactive filters answer the same 405 with what to set.
 */
public final class RefusedWrites {

    /** The body of the answer: JSON with one {@code error} member. */
    public static final String BODY = "{\"error\":\"Writes to the circuitbreakers endpoint are off: it is read-only"
        + " unless management.endpoint.circuitbreakers.access=unrestricted (grant it behind authentication: RESET,"
        + " FORCE_OPEN, DISABLE, CLOSE and retuning change how production traffic is handled).\"}";

    private final String path;
    private final EndpointAccessResolver access;

    /**
     * @param path   the endpoint's path below the context path, such as {@code /actuator/circuitbreakers}
     * @param access the application's endpoint access, read at each POST to the endpoint (it may be refreshed)
     */
    public RefusedWrites(String path, EndpointAccessResolver access) {
        this.path = path;
        this.access = access;
    }

    /**
     * @param method the request's method
     * @param within the request's path below the context path
     * @return whether the request is a write to the endpoint that its access refuses
     */
    public boolean refuses(String method, String within) {
        return "POST".equals(method) && (within.equals(path) || within.startsWith(path + "/"))
            && access.accessFor(EndpointId.of(CircuitBreakersEndpoint.ID), Access.READ_ONLY) != Access.UNRESTRICTED;
    }
}
