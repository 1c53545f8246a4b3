package io.initaudit.sampling.config;

import io.initaudit.sampling.MeasurementSlots;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The measurement slots every instance shares between audits with {@code measure=true} and propagations.
 */
@Configuration(proxyBeanMethods = false)
class SamplingConfiguration {

	@Bean
	MeasurementSlots measurementSlots(MeasureSettings settings) {
		return new MeasurementSlots(settings.maxConcurrent(), settings.queueTimeoutSeconds());
	}

}
