package io.initaudit.core;

import java.util.Locale;

/**
 * Which fan a variance-scaling initializer divides by.
 */
public enum FanMode {

	FAN_IN("fan_in"),

	FAN_OUT("fan_out"),

	/** (fan_in + fan_out) / 2: Glorot &amp; Bengio 2010. */
	FAN_AVG("fan_avg"),

	/** √(fan_in · fan_out): JAX only. */
	FAN_GEO_AVG("fan_geo_avg");

	private final String jsonName;

	FanMode(String jsonName) {
		this.jsonName = jsonName;
	}

	public String jsonName() {
		return this.jsonName;
	}

	public double denominator(Fans fans) {
		return switch (this) {
			case FAN_IN -> fans.fanIn();
			case FAN_OUT -> fans.fanOut();
			case FAN_AVG -> 0.5 * (fans.fanIn() + fans.fanOut());
			case FAN_GEO_AVG -> Math.sqrt(fans.fanIn() * fans.fanOut());
		};
	}

	public boolean usesFanIn() {
		return this != FAN_OUT;
	}

	public boolean usesFanOut() {
		return this != FAN_IN;
	}

	/**
	 * Parses a mode as the frameworks spell it: {@code fan_in}, {@code FAN_IN}, {@code fanIn}, {@code fan_avg},
	 * {@code fan_geo_avg} … (case and underscores ignored).
	 *
	 * @throws IllegalArgumentException when the text names no mode, with the accepted spellings
	 */
	public static FanMode parse(String text) {
		String t = text.toLowerCase(Locale.ROOT).replace("_", "");
		for (FanMode m : values()) {
			if (m.jsonName.replace("_", "").equals(t)) {
				return m;
			}
		}
		throw new IllegalArgumentException("mode must be one of fan_in, fan_out, fan_avg, fan_geo_avg. Received: mode=" + text);
	}

}
