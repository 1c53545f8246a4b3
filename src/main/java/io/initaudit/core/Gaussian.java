package io.initaudit.core;

/**
 * The standard normal density, distribution function and error function in double precision, and the
 * moments of the normal truncated to an interval.
 *
 * <p>erf is summed from its everywhere-positive series {@code erf(x) = 2/√π · e^{-x²} · Σ 2ⁿx^{2n+1}/(2n+1)!!}
 * (Abramowitz &amp; Stegun 7.1.6), which has no cancellation; erfc for x &gt; 3 comes from its continued
 * fraction (A&amp;S 7.1.14) evaluated with the modified Lentz algorithm. Both agree with scipy.special to
 * about 1e-15 relative.
 */
public final class Gaussian {

	/** √(2π). */
	private static final double SQRT_2PI = 2.5066282746310002;

	private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

	/** Past this |x| the series for erf needs too many terms; the continued fraction converges fast. */
	private static final double SERIES_LIMIT = 3.0;

	/** Past this x, erfc = 1 − erf would lose relative accuracy to cancellation: use the continued fraction. */
	private static final double ERFC_FRACTION_LIMIT = 2.0;

	/**
	 * Standard deviation of N(0, 1) truncated to (-2, 2). Keras, TensorFlow, JAX and timm divide by the same
	 * literal {@code .87962566103423978}; {@link #truncatedStd(double, double)} recomputes it.
	 */
	public static final double TRUNCATED_AT_TWO_SIGMA_STD = 0.87962566103423978;

	private Gaussian() {
	}

	public static double pdf(double x) {
		if (Double.isInfinite(x)) {
			return 0.0;
		}
		return Math.exp(-0.5 * x * x) / SQRT_2PI;
	}

	/** Φ(x) = P(Z ≤ x), accurate in both tails. */
	public static double cdf(double x) {
		if (x == Double.NEGATIVE_INFINITY) {
			return 0.0;
		}
		if (x == Double.POSITIVE_INFINITY) {
			return 1.0;
		}
		return 0.5 * erfc(-x / Math.sqrt(2.0));
	}

	/** P(a ≤ Z ≤ b), computed from the nearer tail so that far intervals keep their relative accuracy. */
	public static double mass(double a, double b) {
		if (a >= 0) {
			return cdf(-a) - cdf(-b);
		}
		return cdf(b) - cdf(a);
	}

	public static double erf(double x) {
		double ax = Math.abs(x);
		if (ax > SERIES_LIMIT) {
			return Math.copySign(1.0 - erfcContinuedFraction(ax), x);
		}
		return erfSeries(x);
	}

	public static double erfc(double x) {
		if (x > ERFC_FRACTION_LIMIT) {
			return erfcContinuedFraction(x);
		}
		if (x < -SERIES_LIMIT) {
			return 2.0 - erfcContinuedFraction(-x);
		}
		return 1.0 - erfSeries(x);
	}

	private static double erfSeries(double x) {
		double x2 = x * x;
		double term = x;
		double sum = x;
		for (int n = 1; n < 200; n++) {
			term *= 2.0 * x2 / (2 * n + 1);
			sum += term;
			if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
				break;
			}
		}
		return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
	}

	/** erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) for x &gt; 0. */
	private static double erfcContinuedFraction(double x) {
		if (x > 27.3) {
			return 0.0; // below the smallest subnormal double
		}
		double tiny = 1e-300;
		double f = x;
		double c = x;
		double d = 0.0;
		for (int n = 1; n < 2000; n++) {
			double an = n / 2.0;
			d = x + an * d;
			d = Math.abs(d) < tiny ? tiny : d;
			c = x + an / c;
			c = Math.abs(c) < tiny ? tiny : c;
			d = 1.0 / d;
			double delta = c * d;
			f *= delta;
			if (Math.abs(delta - 1.0) < 1e-16) {
				break;
			}
		}
		return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
	}

	/**
	 * Mean of N(0, 1) restricted to [alpha, beta] (either may be infinite): (φ(α) − φ(β)) / Z.
	 */
	public static double truncatedMean(double alpha, double beta) {
		return (pdf(alpha) - pdf(beta)) / mass(alpha, beta);
	}

	/**
	 * Standard deviation of N(0, 1) restricted to [alpha, beta]:
	 * √(1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²), Z = Φ(β) − Φ(α).
	 */
	public static double truncatedStd(double alpha, double beta) {
		if (!(alpha < beta)) {
			throw new IllegalArgumentException("Truncation interval must be non-empty. Received: [" + alpha + ", " + beta + "]");
		}
		double z = mass(alpha, beta);
		double aTerm = Double.isInfinite(alpha) ? 0.0 : alpha * pdf(alpha);
		double bTerm = Double.isInfinite(beta) ? 0.0 : beta * pdf(beta);
		double m = (pdf(alpha) - pdf(beta)) / z;
		return Math.sqrt(Math.max(0.0, 1.0 + (aTerm - bTerm) / z - m * m));
	}

	/**
	 * Φ⁻¹(p): Acklam's rational approximation (relative error 1.15e-9) refined by one Halley step on erfc, which
	 * brings it to about 1e-15 in the body.
	 */
	public static double inverseCdf(double p) {
		if (!(p > 0.0 && p < 1.0)) {
			if (p == 0.0) {
				return Double.NEGATIVE_INFINITY;
			}
			if (p == 1.0) {
				return Double.POSITIVE_INFINITY;
			}
			throw new IllegalArgumentException("p must be in [0, 1]. Received: p=" + p);
		}
		double q;
		double x;
		if (p < ACKLAM_LOW) {
			q = Math.sqrt(-2 * Math.log(p));
			x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
		}
		else if (p > 1 - ACKLAM_LOW) {
			q = Math.sqrt(-2 * Math.log(1 - p));
			x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
		}
		else {
			q = p - 0.5;
			double r = q * q;
			x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
					/ (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
		}
		double e = 0.5 * erfc(-x / Math.sqrt(2)) - p;
		double u = e * SQRT_2PI * Math.exp(x * x / 2);
		return x - u / (1 + x * u / 2);
	}

	/** Where Acklam's approximation switches from the central to the tail form. */
	private static final double ACKLAM_LOW = 0.02425;

	private static final double[] A = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
			-3.066479806614716e+01, 2.506628277459239e+00 };

	private static final double[] B = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
			-1.328068155288572e+01 };

	private static final double[] C = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
			4.374664141464968e+00, 2.938163982698783e+00 };

	private static final double[] D = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00 };

	/**
	 * ∫_a^b (z − c)^p φ(z) dz for p = 0 … 4, from the raw partial moments I_k = ∫_a^b z^k φ(z) dz, which satisfy
	 * I_0 = Φ(b) − Φ(a), I_1 = φ(a) − φ(b) and I_k = (k − 1)·I_{k−2} + a^{k−1}φ(a) − b^{k−1}φ(b) (integration by parts).
	 */
	static double shiftedMoment(double a, double b, double c, int p) {
		if (p < 0 || p > 4) {
			throw new IllegalArgumentException("p must be between 0 and 4. Received: p=" + p);
		}
		double[] raw = new double[p + 1];
		raw[0] = mass(a, b);
		if (p >= 1) {
			raw[1] = pdf(a) - pdf(b);
		}
		for (int k = 2; k <= p; k++) {
			raw[k] = (k - 1) * raw[k - 2] + boundaryTerm(a, k - 1) - boundaryTerm(b, k - 1);
		}
		double sum = 0.0;
		double binomial = 1.0;
		for (int j = p; j >= 0; j--) {
			sum += binomial * raw[j] * Math.pow(-c, p - j);
			binomial = binomial * j / (p - j + 1);
		}
		return sum;
	}

	/** x^k φ(x), 0 at ±∞. */
	private static double boundaryTerm(double x, int k) {
		return Double.isInfinite(x) ? 0.0 : Math.pow(x, k) * pdf(x);
	}

}
