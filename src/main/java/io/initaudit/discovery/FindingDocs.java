package io.initaudit.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The per-code documentation of docs/findings.md, split into its {@code ## CODE} sections and rendered as HTML.
 */
@Component
public class FindingDocs {

	private final Map<String, String> sections = new LinkedHashMap<>();

	private final String page;

	FindingDocs() {
		String markdown;
		try (InputStream in = new ClassPathResource("docs/findings.md").getInputStream()) {
			markdown = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String current = null;
		StringBuilder body = new StringBuilder();
		for (String line : markdown.split("\n")) {
			if (line.startsWith("## ")) {
				if (current != null) {
					this.sections.put(current, body.toString());
				}
				current = line.substring(3).strip();
				body.setLength(0);
			}
			else if (current != null) {
				body.append(line).append('\n');
			}
		}
		if (current != null) {
			this.sections.put(current, body.toString());
		}
		this.page = Markdown.toHtml(markdown);
	}

	/** The codes documented, in document order. */
	public Iterable<String> codes() {
		return this.sections.keySet();
	}

	/** One code's section as a standalone HTML page. */
	public Optional<String> html(String code) {
		String section = this.sections.get(code);
		return section == null ? Optional.empty() : Optional.of(wrap(code, "<h1>" + code + "</h1>\n" + Markdown.toHtml(section)));
	}

	/** The whole document as an HTML page. */
	public String pageHtml() {
		return wrap("Finding codes", this.page);
	}

	private static String wrap(String title, String body) {
		return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Markdown.escape(title)
				+ " · InitAudit</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
				+ "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}"
				+ "code{background:rgba(127,127,127,.15);padding:0 .2em;border-radius:3px}"
				+ "@media (prefers-color-scheme: dark){body{background:#111;color:#ddd}a{color:#8ab4f8}}</style></head><body>"
				+ "<p><a href=\"/docs/findings\">All finding codes</a></p>" + body + "</body></html>";
	}

}
