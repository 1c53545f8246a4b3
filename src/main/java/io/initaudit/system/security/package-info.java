/**
 * Access to the service, by the book: Spring Security with deny-by-default on the API, API and worker keys, rate
 * and concurrency limits per client and per key, security headers and CORS. docs/security.md says what is
 * protected, how, and what an operator must put in front.
 */
@NullMarked
package io.initaudit.system.security;

import org.jspecify.annotations.NullMarked;
