package io.initaudit.discovery.web;

import io.initaudit.discovery.FindingDocs;
import io.initaudit.system.NotFoundException;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Human-readable documentation of each finding code, the target of every finding's {@code help} link.
 */
@RestController
@Hidden
class FindingDocsController {

	private final FindingDocs docs;

	FindingDocsController(FindingDocs docs) {
		this.docs = docs;
	}

	@GetMapping(path = "/docs/findings", produces = MediaType.TEXT_HTML_VALUE)
	String all() {
		return this.docs.pageHtml();
	}

	@GetMapping(path = "/docs/findings/{code}", produces = MediaType.TEXT_HTML_VALUE)
	String one(@PathVariable String code) {
		return this.docs.html(code).orElseThrow(() -> new NotFoundException("No finding code '" + code + "'"));
	}

}
