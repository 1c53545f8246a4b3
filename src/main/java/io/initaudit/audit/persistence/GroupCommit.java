package io.initaudit.audit.persistence;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Writes the rows of concurrent callers in shared transactions, each caller returning only once its row is committed
 * (so nothing answered is lost). No thread of its own: the caller at the head of the queue leads — it takes up to
 * {@code maxBatch} rows (its own first), writes them in one transaction, hands the lead to the next waiting caller and
 * wakes the rest of its batch. A lone caller writes its own row at once; under load a transaction carries the rows of
 * every request that arrived while the previous one committed. A batch that fails is written again row by row, so
 * one bad row fails only its own caller.
 *
 * @param <T> a row
 */
final class GroupCommit<T> {

	private final int maxBatch;

	/** Writes rows in one transaction, committed when it returns; throws when it rolled back. */
	private final Consumer<List<T>> write;

	private final Object lock = new Object();

	private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();

	/** A caller holds the lead (invariant: the queue is empty when nobody does). */
	private boolean led;

	GroupCommit(int maxBatch, Consumer<List<T>> write) {
		this.maxBatch = maxBatch;
		this.write = write;
	}

	/** What a waiting caller is told: lead the next batch, or its row is committed, or it failed. */
	private static final class Pending<T> {

		final T row;

		final CompletableFuture<@Nullable RuntimeException> lead = new CompletableFuture<>();

		Pending(T row) {
			this.row = row;
		}

	}

	private static final RuntimeException LEAD = new RuntimeException("lead");

	/** Stores {@code row}; returns once it is committed. */
	void save(T row) {
		Pending<T> me = new Pending<>(row);
		synchronized (this.lock) {
			this.queue.add(me);
			if (!this.led) {
				this.led = true;
				me.lead.complete(LEAD);
			}
		}
		RuntimeException told;
		try {
			told = me.lead.join();
		}
		catch (CompletionException ex) {
			throw ex.getCause() instanceof RuntimeException r ? r : ex;
		}
		if (told == null) {
			return;
		}
		if (told != LEAD) {
			throw told;
		}
		lead(me);
	}

	private void lead(Pending<T> me) {
		List<Pending<T>> batch = new ArrayList<>();
		synchronized (this.lock) {
			while (!this.queue.isEmpty() && batch.size() < this.maxBatch) {
				batch.add(this.queue.poll());
			}
		}
		List<@Nullable RuntimeException> outcome = new ArrayList<>();
		try {
			outcome = writeAll(batch);
		}
		finally {
			synchronized (this.lock) {
				Pending<T> next = this.queue.peek();
				if (next == null) {
					this.led = false;
				}
				else {
					next.lead.complete(LEAD);
				}
			}
			for (int i = 0; i < batch.size(); i++) {
				Pending<T> p = batch.get(i);
				if (p != me) {
					RuntimeException failure = i < outcome.size() ? outcome.get(i) : new IllegalStateException("the batch was not written");
					p.lead.complete(failure);
				}
			}
		}
		RuntimeException mine = outcome.get(batch.indexOf(me));
		if (mine != null) {
			throw mine;
		}
	}

	/** One transaction for the batch; if it fails, one per row: the failure of each row, {@code null} when committed. */
	private List<@Nullable RuntimeException> writeAll(List<Pending<T>> batch) {
		List<@Nullable RuntimeException> outcome = new ArrayList<>();
		List<T> rows = new ArrayList<>();
		for (Pending<T> p : batch) {
			rows.add(p.row);
		}
		try {
			this.write.accept(rows);
			for (int i = 0; i < rows.size(); i++) {
				outcome.add(null);
			}
			return outcome;
		}
		catch (RuntimeException batchFailure) {
			if (rows.size() == 1) {
				outcome.add(batchFailure);
				return outcome;
			}
		}
		for (T row : rows) {
			try {
				this.write.accept(List.of(row));
				outcome.add(null);
			}
			catch (RuntimeException ex) {
				outcome.add(ex);
			}
		}
		return outcome;
	}

}
