package io.initaudit.trial;

/**
 * Thrown when a trial asks for a device that no worker of this instance has (a GPU where there is none) (answered with 422 naming
 * {@code /device}).
 */
public class DeviceUnavailableException extends RuntimeException {

	public DeviceUnavailableException(String message) {
		super(message);
	}

}
