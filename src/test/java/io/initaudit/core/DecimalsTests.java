package io.initaudit.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DecimalsTests {

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource({ "0.20203050891044216, 0.202031", "64, 64.0", "0.02, 0.02", "-0.04, -0.04", "1e-6, 1e-6", "0.0000123456789, 1.23457e-5",
			"0.00001234, 1.234e-5", "0.000123, 0.000123", "123456789, 123457000.0", "2.5e12, 2.5e12", "0, 0.0", "-3.75e-7, -3.75e-7" })
	void printsSixSignificantDigits(double value, String expected) {
		assertThat(Decimals.format(value)).isEqualTo(expected);
	}

}
