package io.initaudit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests that a client library would normalise or refuse to send: raw paths
 * (";", percent-encoding, "//", ".."), bodies that arrive a byte at a time.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/** A response's status code and body. */
	public record Response(int status, String head, String body) {
	}

	/** Sends {@code method target} exactly as given, with the headers and body, and reads the whole response. */
	public static Response send(int port, String method, String target, Map<String, String> headers, String body) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(20_000);
			byte[] payload = body.getBytes(StandardCharsets.UTF_8);
			StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
			headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
			if (!body.isEmpty() || method.equals("POST")) {
				request.append("Content-Length: ").append(payload.length).append("\r\n");
			}
			request.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(payload);
			out.flush();
			return read(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Reads a response to its end (the server closes the connection: {@code Connection: close}). */
	public static Response read(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		in.transferTo(all);
		String text = all.toString(StandardCharsets.UTF_8);
		int split = text.indexOf("\r\n\r\n");
		String head = split < 0 ? text : text.substring(0, split);
		String rest = split < 0 ? "" : text.substring(split + 4);
		int status = head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
		return new Response(status, head, rest);
	}

}
