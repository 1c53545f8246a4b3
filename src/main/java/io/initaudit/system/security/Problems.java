package io.initaudit.system.security;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the problem details of the security layer (401, 403, 429, 400 for rejected URLs) before any controller runs.
 */
final class Problems {

	private final JsonMapper json;

	Problems(JsonMapper json) {
		this.json = json;
	}

	void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		try {
			problem.setInstance(URI.create(request.getRequestURI()));
		}
		catch (IllegalArgumentException ex) {
			// Not a URI reference (a rejected request may hold anything): leave instance out rather than echo it.
		}
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter().write(this.json.writeValueAsString(problem));
	}

}
