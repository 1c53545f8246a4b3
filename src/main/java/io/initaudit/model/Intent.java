package io.initaudit.model;

import java.util.Locale;

import io.initaudit.core.FanMode;
import org.jspecify.annotations.Nullable;

/**
 * What the user meant, when the call alone does not say it (design/api.md §1 {@code intent}).
 *
 * @param scheme he, xavier, lecun or fixed
 * @param mode the fan the scheme divides by; {@code null} for the scheme's usual one
 * @param gain the gain; {@code null} for the gain of the activation that follows (or the scheme's default)
 * @param std the intended std of the samples, for {@code fixed}
 */
public record Intent(Scheme scheme, @Nullable FanMode mode, @Nullable Double gain, @Nullable Double std) {

	/** The schemes a user can mean. */
	public enum Scheme {

		HE("he", FanMode.FAN_IN), XAVIER("xavier", FanMode.FAN_AVG), LECUN("lecun", FanMode.FAN_IN), FIXED("fixed", FanMode.FAN_IN);

		private final String jsonName;

		private final FanMode defaultMode;

		Scheme(String jsonName, FanMode defaultMode) {
			this.jsonName = jsonName;
			this.defaultMode = defaultMode;
		}

		public String jsonName() {
			return this.jsonName;
		}

		public FanMode defaultMode() {
			return this.defaultMode;
		}

		public static @Nullable Scheme fromName(String name) {
			for (Scheme s : values()) {
				if (s.jsonName.equalsIgnoreCase(name)) {
					return s;
				}
			}
			return switch (name.toLowerCase(Locale.ROOT)) {
				case "kaiming" -> HE;
				case "glorot" -> XAVIER;
				default -> null;
			};
		}

	}

}
