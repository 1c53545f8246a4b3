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

	static final TrialJobs.Capability ND4J_CPU = new TrialJobs.Capability("nd4j", false);

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
					null, null, null, null, 0, false, "auto", "auto"), Integer.MAX_VALUE);
		}
		ExecutorService pool = Executors.newFixedThreadPool(2);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<List<String>>> consumers = new ArrayList<>();
		for (String owner : List.of("consumer-a", "consumer-b")) {
			consumers.add(pool.submit(() -> {
				go.await();
				List<String> taken = new ArrayList<>();
				Optional<TrialJob> j;
				while ((j = this.jobs.claimNext(owner, Instant.now(), Instant.now().plusSeconds(60), ND4J_CPU)).isPresent()) {
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
				null, 0, false, "auto", "auto"), Integer.MAX_VALUE);
		for (int attempt = 1; attempt <= 2; attempt++) {
			while (this.jobs.claimNext("w", past, past.plusSeconds(1), ND4J_CPU).map(j -> !j.id().equals(id)).orElse(false)) {
				// other rows of this schema may come first
			}
			assertThat(this.jobs.findById(id).orElseThrow().status()).isEqualTo(TrialStatus.RUNNING);
			this.jobs.recoverExpired(Instant.now(), 2);
			assertThat(this.jobs.findById(id).orElseThrow().status()).isEqualTo(attempt < 2 ? TrialStatus.QUEUED : TrialStatus.FAILED);
		}
		assertThat(this.jobs.findByIdempotencyKey("key-" + id)).isPresent();
	}

	@Test
	void workersLeaseOnlyWhatTheirEngineAndDeviceServe() {
		// A schema of its own rows: the oldest first, so each claim below can only take the row it is meant to.
		Instant t0 = Instant.now().minusSeconds(86_400);
		String torchGpu = insert(t0, "torch", "gpu");
		String nd4jOnly = insert(t0.plusMillis(1), "nd4j", "auto");
		String anyCpu = insert(t0.plusMillis(2), "auto", "cpu");
		TrialJobs.Capability torchOnGpu = new TrialJobs.Capability("torch", true);
		TrialJobs.Capability torchOnCpu = new TrialJobs.Capability("torch", false);
		Instant until = Instant.now().plusSeconds(60);
		// A CPU torch worker may take neither the GPU trial nor the nd4j one: the auto/cpu trial is its.
		assertThat(this.jobs.claimNext("torch-cpu", Instant.now(), until, torchOnCpu).map(TrialJob::id)).contains(anyCpu);
		assertThat(this.jobs.claimNext("torch-cpu", Instant.now(), until, torchOnCpu)).isEmpty();
		assertThat(this.jobs.claimNext("torch-gpu", Instant.now(), until, torchOnGpu).map(TrialJob::id)).contains(torchGpu);
		assertThat(this.jobs.claimNext("torch-gpu", Instant.now(), until, torchOnGpu)).isEmpty();
		assertThat(this.jobs.claimNext("nd4j", Instant.now(), until, ND4J_CPU).map(TrialJob::id)).contains(nd4jOnly);
		TrialJob leased = this.jobs.findById(torchGpu).orElseThrow();
		assertThat(leased.engine()).isEqualTo("torch");
		assertThat(leased.deviceRequest()).isEqualTo("gpu");
		assertThat(leased.leaseOwner()).isEqualTo("torch-gpu");
	}

	@Test
	void workersAreRememberedByCapability() {
		Instant now = Instant.now();
		TrialJobs.Capability gpu = new TrialJobs.Capability("torch", true);
		assertThat(this.jobs.workerSeen(gpu, now.minusSeconds(60))).isFalse();
		this.jobs.recordWorker("gpu-box-1", gpu, "cuda (NVIDIA H200, 139.8 GiB), torch worker", now);
		this.jobs.recordWorker("gpu-box-1", gpu, "cuda (NVIDIA H200, 139.8 GiB), torch worker", now.plusSeconds(1));
		assertThat(this.jobs.workerSeen(gpu, now.minusSeconds(60))).isTrue();
		assertThat(this.jobs.workerSeen(gpu, now.plusSeconds(5))).isFalse();
		assertThat(this.jobs.workerSeen(new TrialJobs.Capability("torch", false), now.minusSeconds(60))).isFalse();
	}

	private String insert(Instant created, String engine, String device) {
		String id = UUID.randomUUID().toString();
		this.jobs.insertWithin(new TrialJob(id, null, TrialStatus.QUEUED, "{}", "m", created, null, null, 0, 1, null, null, null, null, null, 0, false,
				engine, device), Integer.MAX_VALUE);
		return id;
	}

}
