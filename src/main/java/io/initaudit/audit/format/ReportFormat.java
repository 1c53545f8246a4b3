package io.initaudit.audit.format;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The formats a report can be rendered in, by {@code format=} name or by media type.
 */
public enum ReportFormat {

	JSON("json", "application/json"),

	/** A table for logs: one row per parameter. */
	TEXT("text", "text/plain"),

	/** For PR comments. */
	MARKDOWN("markdown", "text/markdown"),

	/** SARIF 2.1.0: rule ids are finding codes. */
	SARIF("sarif", "application/sarif+json"),

	/** JUnit XML: one test case per parameter. */
	JUNIT("junit", "application/xml");

	private final String parameter;

	private final String mediaType;

	ReportFormat(String parameter, String mediaType) {
		this.parameter = parameter;
		this.mediaType = mediaType;
	}

	public String parameter() {
		return this.parameter;
	}

	public String mediaType() {
		return this.mediaType;
	}

	/** By {@code format=} value; {@code null} when it names no format. */
	public static @Nullable ReportFormat byParameter(String value) {
		String v = value.toLowerCase(Locale.ROOT);
		for (ReportFormat f : values()) {
			if (f.parameter.equals(v)) {
				return f;
			}
		}
		return null;
	}

	/** The first format an {@code Accept} header asks for (in its order), JSON when none matches. */
	public static ReportFormat byAccept(@Nullable String accept) {
		if (accept == null || accept.isBlank()) {
			return JSON;
		}
		for (String part : accept.split(",")) {
			String type = part.split(";")[0].strip().toLowerCase(Locale.ROOT);
			switch (type) {
				case "application/json", "application/problem+json" -> {
					return JSON;
				}
				case "text/plain" -> {
					return TEXT;
				}
				case "text/markdown" -> {
					return MARKDOWN;
				}
				case "application/sarif+json" -> {
					return SARIF;
				}
				case "application/xml", "text/xml", "application/junit+xml" -> {
					return JUNIT;
				}
				default -> {
				}
			}
		}
		return JSON;
	}

}
