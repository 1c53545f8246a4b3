package io.initaudit.system;

/**
 * Thrown when a request body is declared as something other than JSON (answered with 415).
 */
public class UnsupportedBodyTypeException extends RuntimeException {

	public UnsupportedBodyTypeException(String contentType) {
		super("The body must be JSON (Content-Type: application/json). Received: Content-Type " + abbreviate(contentType));
	}

	private static String abbreviate(String s) {
		return s.length() > 100 ? s.substring(0, 100) + "…" : s;
	}

}
