package io.initaudit.audit.persistence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Concurrent callers share transactions, and none returns before its row is committed. */
class GroupCommitTests {

	@Test
	void everyRowIsWrittenOnceAndCommittedBeforeItsCallerReturns() throws Exception {
		Set<Integer> committed = ConcurrentHashMap.newKeySet();
		List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
		GroupCommit<Integer> commit = new GroupCommit<>(8, rows -> {
			sleep(2); // a commit takes time: callers arriving meanwhile queue up for the next batch
			batchSizes.add(rows.size());
			for (int r : rows) {
				assertThat(committed.add(r)).as("row %d written twice", r).isTrue();
			}
		});
		ExecutorService pool = Executors.newFixedThreadPool(16);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> calls = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			int row = i;
			calls.add(pool.submit(() -> {
				start.await();
				commit.save(row);
				assertThat(committed).as("row %d answered before its commit", row).contains(row);
				return null;
			}));
		}
		start.countDown();
		for (Future<?> f : calls) {
			f.get(30, TimeUnit.SECONDS);
		}
		pool.shutdown();
		assertThat(committed).hasSize(400);
		assertThat(batchSizes).allSatisfy(n -> assertThat(n).isBetween(1, 8));
		// 16 callers against a 2 ms commit: rows share transactions.
		assertThat(batchSizes.size()).isLessThan(400);
	}

	@Test
	void aBadRowFailsOnlyItsOwnCaller() throws Exception {
		Set<Integer> committed = ConcurrentHashMap.newKeySet();
		GroupCommit<Integer> commit = new GroupCommit<>(8, rows -> {
			sleep(2);
			if (rows.contains(13)) {
				throw new IllegalArgumentException("row 13 is refused");
			}
			committed.addAll(rows);
		});
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Future<?>> calls = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			int row = i;
			calls.add(pool.submit(() -> {
				commit.save(row);
				return null;
			}));
		}
		for (int i = 0; i < 40; i++) {
			if (i == 13) {
				Future<?> bad = calls.get(i);
				assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class);
			}
			else {
				calls.get(i).get(30, TimeUnit.SECONDS);
			}
		}
		pool.shutdown();
		assertThat(committed).hasSize(39).doesNotContain(13);
		// The queue goes on after a failure: a later lone caller is written at once.
		commit.save(100);
		assertThat(committed).contains(100);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
