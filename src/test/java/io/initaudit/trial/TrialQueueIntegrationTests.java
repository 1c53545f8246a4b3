package io.initaudit.trial;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.initaudit.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trial queue on a real PostgreSQL (Testcontainers where a Docker engine runs, else 127.0.0.1:5432): two
 * consumers taking trials at the same time never take the same one. Workers of this context are off.
 */
@SpringBootTest(properties = "initaudit.trial.worker-enabled=false")
class TrialQueueIntegrationTests {

	static final String SCHEMA = PostgresDatabase.newSchema("initaudit_q_");

	static final PostgresDatabase DB = PostgresDatabase.get();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		DB.register(registry, SCHEMA);
	}

	@Autowired
	TrialJobs jobs;

	@AfterAll
	static void dropSchema() throws Exception {
		DB.dropSchema(SCHEMA);
	}

	@Test
	void twoConsumersNeverTakeTheSameTrial() throws Exception {
		int n = 40;
		Instant t0 = Instant.now();
		for (int i = 0; i < n; i++) {
			this.jobs.insertWithin(new TrialJob(UUID.randomUUID().toString(), null, TrialStatus.QUEUED, "{}", "m", t0.plusMillis(i), null, null, 0, 1, null,
					null, null, null, null, 0, false), Integer.MAX_VALUE);
		}
		ExecutorService pool = Executors.newFixedThreadPool(2);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<List<String>>> consumers = new ArrayList<>();
		for (String owner : List.of("consumer-a", "consumer-b")) {
			consumers.add(pool.submit(() -> {
				go.await();
				List<String> taken = new ArrayList<>();
				Optional<TrialJob> j;
				while ((j = this.jobs.claimNext(owner, Instant.now(), Instant.now().plusSeconds(60))).isPresent()) {
					taken.add(j.get().id());
					assertThat(j.get().leaseOwner()).isEqualTo(owner);
					assertThat(j.get().status()).isEqualTo(TrialStatus.RUNNING);
				}
				return taken;
			}));
		}
		go.countDown();
		List<String> all = new ArrayList<>();
		for (Future<List<String>> f : consumers) {
			all.addAll(f.get());
		}
		pool.shutdown();
		assertThat(all).hasSize(n).doesNotHaveDuplicates();
		assertThat(Collections.frequency(all, all.get(0))).isEqualTo(1);
		assertThat(this.jobs.countActive()).isEqualTo(n);
	}

	@Test
	void aLostLeaseIsRequeuedThenFailedAfterMaxAttempts() {
		String id = UUID.randomUUID().toString();
		Instant past = Instant.now().minusSeconds(3600);
		this.jobs.insertWithin(new TrialJob(id, "key-" + id, TrialStatus.QUEUED, "{}", "m", past.minusSeconds(3600), null, null, 0, 1, null, null, null, null,
				null, 0, false), Integer.MAX_VALUE);
		for (int attempt = 1; attempt <= 2; attempt++) {
			while (this.jobs.claimNext("w", past, past.plusSeconds(1)).map(j -> !j.id().equals(id)).orElse(false)) {
				// other rows of this schema may come first
			}
			assertThat(this.jobs.findById(id).orElseThrow().status()).isEqualTo(TrialStatus.RUNNING);
			this.jobs.recoverExpired(Instant.now(), 2);
			assertThat(this.jobs.findById(id).orElseThrow().status()).isEqualTo(attempt < 2 ? TrialStatus.QUEUED : TrialStatus.FAILED);
		}
		assertThat(this.jobs.findByIdempotencyKey("key-" + id)).isPresent();
	}

}
