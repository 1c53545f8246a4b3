package io.initaudit.system;

/**
 * Thrown when a request body does not arrive within the read deadline (answered with 408): a slow client cannot
 * hold a request thread for longer than that.
 */
public class BodyTimeoutException extends RuntimeException {

	public BodyTimeoutException(long seconds) {
		super("The request body did not arrive within " + seconds + " s");
	}

}
