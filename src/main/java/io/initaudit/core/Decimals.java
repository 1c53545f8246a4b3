package io.initaudit.core;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Numbers as reports and snippets print them: six significant digits, no trailing zeros, Python-style exponents.
 */
public final class Decimals {

	private static final MathContext SIX_DIGITS = new MathContext(6);

	/** Plain notation between these magnitudes, exponent notation outside. */
	private static final double PLAIN_MIN = 1e-4;

	private static final double PLAIN_MAX = 1e9;

	private Decimals() {
	}

	/** 0.202031, 64.0, 1e-6, -0.04; "nan"/"inf" for non-finite values. */
	public static String format(double value) {
		if (Double.isNaN(value)) {
			return "nan";
		}
		if (Double.isInfinite(value)) {
			return value > 0 ? "inf" : "-inf";
		}
		if (value == 0) {
			return "0.0";
		}
		BigDecimal d = new BigDecimal(value).round(SIX_DIGITS).stripTrailingZeros();
		double abs = Math.abs(value);
		if (abs >= PLAIN_MIN && abs < PLAIN_MAX) {
			String s = d.toPlainString();
			return s.indexOf('.') < 0 ? s + ".0" : s;
		}
		String digits = d.unscaledValue().abs().toString();
		int exponent = digits.length() - 1 - d.scale();
		String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
		return (value < 0 ? "-" : "") + mantissa + "e" + exponent;
	}

}
