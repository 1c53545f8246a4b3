package io.initaudit.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's title and description; paths and schemas come from the controllers.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String API_KEY = "apiKey";

	static final String BEARER = "bearer";

	@Bean
	OpenAPI initAuditOpenApi() {
		return new OpenAPI().info(new Info().title("InitAudit API")
			.version("v1")
			.description("Audits weight initialization of deep-learning models against each framework's real semantics: "
					+ "group-aware fans, what each declared initializer really writes, findings and corrected parameters. "
					+ "Errors are RFC 9457 problem details with a JSON Pointer to the offending field.")
			.license(new License().name("Apache-2.0").identifier("Apache-2.0")))
			// Relative, so that the committed document does not depend on the host or port it was generated on.
			.servers(List.of(new Server().url("/").description("This service")))
			// API keys (ApiKeyFilter): either header when the service has keys; the empty requirement says it may have none.
			.components(new Components()
				.addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("X-API-Key")
					.description("One of the keys in INITAUDIT_API_KEYS; needed only when the service has keys (else 401)"))
				.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
					.description("The same key as Authorization: Bearer")))
			.security(List.of(new SecurityRequirement().addList(API_KEY), new SecurityRequirement().addList(BEARER), new SecurityRequirement()));
	}

}
