package io.initaudit.sampling;

/**
 * Thrown when a network cannot be built or run within this instance's limits (answered with 422 naming the field).
 */
public class NetworkLimitException extends RuntimeException {

	private final String pointer;

	/**
	 * @param pointer JSON Pointer to the request field that the limit concerns
	 * @param message what is over which limit, and what to do
	 */
	public NetworkLimitException(String pointer, String message) {
		super(message);
		this.pointer = pointer;
	}

	public String pointer() {
		return this.pointer;
	}

}
