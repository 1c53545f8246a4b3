package io.initaudit.model;

/**
 * One thing wrong with a request body: where (RFC 6901 JSON Pointer) and what.
 */
public record Violation(String pointer, String detail) {
}
