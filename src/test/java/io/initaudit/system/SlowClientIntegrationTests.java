package io.initaudit.system;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.initaudit.ApiIntegrationTests;
import io.initaudit.HttpIntegrationTest;
import io.initaudit.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow bodies cannot take the service down: 60 connections that send their body a byte every 300 ms (the slowloris
 * of issue #13, scaled to the test) hold at most {@code client-max-in-flight} request threads, each for at most the
 * body-read deadline; meanwhile health answers at once, and afterwards the API serves as before. Bounds: health
 * within 1 s (it answers in milliseconds when threads are free); every slow request refused with 408 or 429.
 */
@TestPropertySource(properties = { "initaudit.trial.worker-enabled=false", "initaudit.rate-limit.client-max-in-flight=4",
		"initaudit.http.body-read-timeout=2s", "server.tomcat.connection-timeout=1s", "server.tomcat.threads.max=16",
		"spring.datasource.url=jdbc:h2:mem:slow;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1" })
class SlowClientIntegrationTests extends HttpIntegrationTest {

	static final int CONNECTIONS = 60;

	@Test
	void slowBodiesDoNotStarveHealthOrTheApi() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
		List<Future<Integer>> slow = new ArrayList<>();
		for (int i = 0; i < CONNECTIONS; i++) {
			slow.add(pool.submit(this::slowAudit));
		}
		Thread.sleep(500);
		long worst = 0;
		long end = System.currentTimeMillis() + 4_000;
		while (System.currentTimeMillis() < end) {
			long t = System.nanoTime();
			assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
			worst = Math.max(worst, (System.nanoTime() - t) / 1_000_000);
			Thread.sleep(100);
		}
		assertThat(worst).as("slowest health answer, ms").isLessThan(1_000);
		for (Future<Integer> f : slow) {
			assertThat(f.get(30, TimeUnit.SECONDS)).isIn(408, 429, -1);
		}
		pool.shutdownNow();
		assertThat(post("/api/v1/audits", ApiIntegrationTests.DEPTHWISE_BUG).statusCode()).isEqualTo(201);
	}

	/** An audit whose body trickles in a byte every 300 ms; its status, or -1 when the server closed the connection first. */
	private int slowAudit() throws IOException {
		byte[] body = ApiIntegrationTests.DEPTHWISE_BUG.getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/v1/audits HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
					+ body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			try {
				for (byte b : body) {
					out.write(b);
					out.flush();
					Thread.sleep(300);
					if (socket.getInputStream().available() > 0) {
						break;
					}
				}
			}
			catch (IOException ex) {
				// The server answered and closed while the body was still coming: read what it said.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			try {
				return RawHttp.read(socket.getInputStream()).status();
			}
			catch (IOException ex) {
				return -1;
			}
		}
	}

}
