package io.initaudit.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

import io.initaudit.model.InvalidModelException;
import io.initaudit.model.ModelSources;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads JSON request bodies with bounds: declared as JSON (or not declared), at most {@code maxBytes}, arrived
 * within {@code bodyReadTimeout}, nesting at most 64 deep, no duplicate keys.
 */
@Component
public class JsonBodies {

	/** Deepest JSON nesting accepted; a model description needs about 6. */
	static final int MAX_NESTING = 64;

	private final JsonMapper mapper;

	private final long maxBytes;

	private final Duration readTimeout;

	JsonBodies(Limits limits) {
		this.maxBytes = limits.maxBodyBytes();
		this.readTimeout = limits.bodyReadTimeout();
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).maxNumberLength(64).maxStringLength(1 << 20).build())
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build();
		this.mapper = JsonMapper.builder(factory).build();
	}

	/**
	 * Request limits ({@code initaudit.http.*}).
	 *
	 * @param maxBodyBytes largest body (413 beyond)
	 * @param bodyReadTimeout the whole body must arrive within this (408 beyond); each read also ends after
	 * {@code server.tomcat.connection-timeout} without a byte
	 */
	@ConfigurationProperties("initaudit.http")
	public record Limits(@DefaultValue("2097152") long maxBodyBytes, @DefaultValue("10s") Duration bodyReadTimeout) {
	}

	public long maxBytes() {
		return this.maxBytes;
	}

	/** The {@code source=} query parameter of the endpoints that take a model: what the body's model is. */
	public static ModelSources.Source source(String parameter) {
		ModelSources.Source parsed = ModelSources.Source.parse(parameter);
		if (parsed == null) {
			throw new BadRequestException("source", "source must be one of native, keras, torch. Received: " + parameter);
		}
		return parsed;
	}

	public JsonNode read(HttpServletRequest request) {
		return parse(readBytes(request));
	}

	/** The body's bytes, bounded in size and read time like {@link #read}, not parsed yet. */
	public byte[] readBytes(HttpServletRequest request) {
		requireJson(request.getContentType());
		if (request.getContentLengthLong() > this.maxBytes) {
			throw new BodyTooLargeException(this.maxBytes);
		}
		long deadline = System.nanoTime() + this.readTimeout.toNanos();
		try (InputStream in = request.getInputStream()) {
			return readBounded(in, deadline);
		}
		catch (IOException ex) {
			// A read that timed out (the connector's socket timeout) or a client that went away mid-body.
			if (System.nanoTime() - deadline > 0 || ex instanceof SocketTimeoutException || ex.getCause() instanceof SocketTimeoutException) {
				throw new BodyTimeoutException(this.readTimeout.toSeconds());
			}
			throw new InvalidModelException("", "The request body could not be read to its end (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/** A body declared as anything but JSON ({@code application/json}, {@code application/*+json}) is refused; none is taken as JSON. */
	static void requireJson(@Nullable String contentType) {
		if (contentType == null || contentType.isBlank()) {
			return;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			if (type.getType().equals("application") && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"))) {
				return;
			}
		}
		catch (InvalidMediaTypeException ex) {
			// Unparseable: refused below like any other type.
		}
		throw new UnsupportedBodyTypeException(contentType);
	}

	public JsonNode parse(byte[] body) {
		if (body.length == 0) {
			throw new InvalidModelException("", "The request body is empty; send a JSON document");
		}
		JsonNode tree;
		try {
			tree = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			var loc = ex.getLocation();
			String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
			throw new InvalidModelException("", "The body is not valid JSON" + where + ": " + ex.getOriginalMessage());
		}
		checkNumbers(tree, "");
		return tree;
	}

	/**
	 * Every number must fit what the readers hold: an integer within 64 bits, a decimal within double range (1e400
	 * would read as infinity). Checked once here so no reader meets an unconvertible number.
	 */
	private static void checkNumbers(JsonNode node, String pointer) {
		if (node.isObject()) {
			for (var e : node.properties()) {
				checkNumbers(e.getValue(), pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"));
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				checkNumbers(node.get(i), pointer + "/" + i);
			}
		}
		else if (node.isIntegralNumber() && !node.canConvertToLong()) {
			throw new InvalidModelException(pointer, "The integer " + node.asString() + " is out of range (at most 64 bits)");
		}
		else if (node.isNumber() && !Double.isFinite(node.asDouble())) {
			throw new InvalidModelException(pointer, "The number is out of the range of a double");
		}
	}

	private byte[] readBounded(InputStream in, long deadline) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		long total = 0;
		int n;
		while ((n = in.read(buffer)) > 0) {
			if (System.nanoTime() - deadline > 0) {
				throw new BodyTimeoutException(this.readTimeout.toSeconds());
			}
			total += n;
			if (total > this.maxBytes) {
				throw new BodyTooLargeException(this.maxBytes);
			}
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}

}
