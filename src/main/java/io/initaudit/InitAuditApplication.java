package io.initaudit;

import io.initaudit.imports.ModelImports;
import io.initaudit.model.ModelSources;
import io.initaudit.nd4j.Nd4jRuntime;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Entry point of the InitAudit service.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class InitAuditApplication {

	/** Request bodies in every accepted source, read by the importers. */
	@Bean
	ModelSources modelSources() {
		return new ModelImports();
	}

	public static void main(String[] args) {
		Nd4jRuntime.configureDefaults();
		SpringApplication.run(InitAuditApplication.class, args);
	}

}
