package io.initaudit;

import io.initaudit.nd4j.Nd4jRuntime;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the InitAudit service.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InitAuditApplication {

	public static void main(String[] args) {
		Nd4jRuntime.configureDefaults();
		SpringApplication.run(InitAuditApplication.class, args);
	}

}
