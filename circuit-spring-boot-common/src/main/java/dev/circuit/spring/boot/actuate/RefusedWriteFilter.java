package dev.circuit.spring.boot.actuate;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** In a servlet application: answers a write that the endpoint's access refuses with how to allow it. */
public class RefusedWriteFilter extends OncePerRequestFilter {

    private final RefusedWrites refused;

    /** @param refused which writes are refused */
    public RefusedWriteFilter(RefusedWrites refused) {
        this.refused = refused;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !refused.refuses(request.getMethod(), request.getRequestURI().substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException {
        response.setStatus(HttpStatus.METHOD_NOT_ALLOWED.value());
        response.setHeader(HttpHeaders.ALLOW, "GET");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(RefusedWrites.BODY);
    }
}
