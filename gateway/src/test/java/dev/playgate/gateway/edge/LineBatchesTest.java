package dev.playgate.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import dev.playgate.gateway.edge.LineBatches.Batch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines gathered per thread in pooled batches: when a batch is handed over, what a full pool does, recycling. */
final class LineBatchesTest {

	private static final long MAX_AGE = 20_000_000;

	private static AccessLine line(int i) {
		return AccessLineTest.line("r" + i, "fleet", "GET", "/v1/videos/v" + i + "/play-auth", 200, "HIT", null, i);
	}

	private static String text(AccessLine line) {
		byte[] bytes = new byte[line.maxLength()];
		return new String(bytes, 0, line.writeTo(bytes, 0), StandardCharsets.UTF_8);
	}

	private static List<String> lines(Batch batch) {
		String text = new String(batch.bytes, 0, batch.length, StandardCharsets.UTF_8);
		assertThat(text).endsWith("\n");
		return Arrays.stream(text.split("\n")).map(line -> line + "\n").toList();
	}

	@Test
	void aBatchStaysOpenWhileItHasRoomAndIsYoung() {
		LineBatches batches = new LineBatches(4096, 4, MAX_AGE);
		assertThat(batches.hasLines()).isFalse();
		assertThat(batches.append(line(1), 0)).as("news: a batch opened").isTrue();
		assertThat(batches.append(line(2), MAX_AGE - 1)).as("no news").isFalse();
		assertThat(batches.next()).isNull();
		assertThat(batches.hasLines()).isTrue();
		assertThat(batches.sweep(MAX_AGE - 1)).as("still open").isTrue();
	}

	@Test
	void aSweptBatchComesBeforeTheNextOneItsThreadAlreadyHandedOver() {
		LineBatches batches = new LineBatches(4096, 4, MAX_AGE);
		batches.append(line(0), 0);
		batches.sweep(MAX_AGE); // the writer takes the aged batch from the thread's slot, and before it writes it
		for (int i = 1; i <= 100; i++) {
			batches.append(line(i), MAX_AGE); // the thread opens the next batch and fills it: handed over first
		}

		Batch first = batches.next();
		Batch second = batches.next();
		assertThat(lines(first)).containsExactly(text(line(0)));
		assertThat(lines(second).get(0)).isEqualTo(text(line(1)));
	}

	@Test
	void aBatchTheNextLineMightNotFitIsHandedOverWithWholeLines() {
		LineBatches batches = new LineBatches(4096, 4, MAX_AGE);
		int appended = 0;
		Batch batch = null;
		while (batch == null) {
			batches.append(line(appended++), 0);
			batch = batches.next();
		}
		assertThat(lines(batch)).containsExactlyElementsOf(
				IntStream.range(0, appended - 1).mapToObj(i -> text(line(i))).toList());
		assertThat(batch.length).isLessThanOrEqualTo(4096);
		assertThat(batches.hasLines()).as("the last line, in a new batch").isTrue();
	}

	@Test
	void aBatchWhoseFirstLineIsOldIsHandedOverWithTheLineAppendedThen() {
		LineBatches batches = new LineBatches(4096, 4, MAX_AGE);
		batches.append(line(1), 1_000);
		assertThat(batches.append(line(2), 1_000 + MAX_AGE)).isTrue();
		assertThat(lines(batches.next())).containsExactly(text(line(1)), text(line(2)));
	}

	@Test
	void theSweepHandsOverOnlyOldBatches() {
		LineBatches batches = new LineBatches(4096, 4, MAX_AGE);
		batches.append(line(1), 1_000);
		assertThat(batches.sweep(MAX_AGE)).isTrue();
		assertThat(batches.next()).isNull();
		assertThat(batches.sweep(1_000 + MAX_AGE)).as("nothing left open").isFalse();
		assertThat(batches.hasLines()).isTrue();
		assertThat(lines(batches.next())).containsExactly(text(line(1)));
		assertThat(batches.next()).isNull();
		assertThat(batches.hasLines()).isFalse();
	}

	@Test
	void theLastSweepHandsOverEveryOpenBatch() {
		LineBatches batches = new LineBatches(4096, 4, MAX_AGE);
		batches.append(line(1), 0);
		batches.sweepAll();
		assertThat(lines(batches.next())).containsExactly(text(line(1)));
	}

	@Test
	void aLineNoBatchIsFreeForIsDroppedAndCountedUntilABatchIsRecycled() {
		LineBatches batches = new LineBatches(4096, 2, MAX_AGE);
		batches.append(line(1), 0);
		batches.sweepAll();
		batches.append(line(2), 0);
		batches.sweepAll();
		assertThat(batches.append(line(3), 0)).isFalse();
		assertThat(batches.dropped()).isOne();
		batches.sweepAll();
		assertThat(batches.next()).isNotNull();
		batches.recycle(batches.next());
		batches.append(line(4), 0);
		assertThat(batches.dropped()).isOne();
		batches.sweepAll();
		assertThat(lines(batches.next())).containsExactly(text(line(4)));
	}

	@Test
	void aRecycledBatchIsReusedEmpty() {
		LineBatches batches = new LineBatches(4096, 1, MAX_AGE);
		batches.append(line(1), 0);
		batches.sweepAll();
		Batch first = batches.next();
		batches.recycle(first);
		batches.append(line(2), 0);
		batches.sweepAll();
		Batch second = batches.next();
		assertThat(second).isSameAs(first);
		assertThat(lines(second)).containsExactly(text(line(2)));
	}

	@Test
	void aLineLongerThanABatchIsHandedOverInABatchOfItsOwn() {
		LineBatches batches = new LineBatches(512, 1, MAX_AGE);
		AccessLine big = AccessLineTest.line("r", "c".repeat(400), "GET", "/p", 200, "HIT", null, 1);
		assertThat(batches.append(big, 0)).isTrue();
		Batch own = batches.next();
		assertThat(lines(own)).containsExactly(text(big));
		batches.recycle(own);
		batches.append(line(1), 0);
		batches.sweepAll();
		assertThat(batches.next()).isNotSameAs(own);
	}

	@Test
	void everyLineOfManyThreadsIsHandedOverOnceInItsThreadsOrderOrCountedAsDropped() throws Exception {
		LineBatches batches = new LineBatches(4096, 8, MAX_AGE);
		int threads = 4;
		int perThread = 20_000;
		AccessLine[][] lines = new AccessLine[threads][perThread];
		for (int t = 0; t < threads; t++) {
			for (int i = 0; i < perThread; i++) {
				lines[t][i] = AccessLineTest.line("t" + t + "-" + i, "c", "GET", "/p", 200, "HIT", null, i);
			}
		}
		Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
		AtomicBoolean appending = new AtomicBoolean(true);
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> appenders = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			AccessLine[] mine = lines[t];
			Thread appender = new Thread(() -> {
				await(start);
				for (AccessLine line : mine) {
					batches.append(line, 0);
				}
			});
			appender.start();
			appenders.add(appender);
		}
		Thread writer = new Thread(() -> {
			while (appending.get()) {
				batches.sweep(MAX_AGE);
				drain(batches, seen);
			}
		});
		writer.start();
		start.countDown();
		for (Thread appender : appenders) {
			appender.join();
		}
		appending.set(false);
		writer.join();
		batches.sweepAll();
		drain(batches, seen);

		long expected = (long) threads * perThread - batches.dropped();
		assertThat(seen.values().stream().mapToLong(List::size).sum()).isEqualTo(expected);
		for (List<Integer> order : seen.values()) {
			assertThat(order).isSorted().doesNotHaveDuplicates();
		}
	}

	private static void drain(LineBatches batches, Map<String, List<Integer>> seen) {
		for (Batch batch = batches.next(); batch != null; batch = batches.next()) {
			for (String line : lines(batch)) {
				String id = line.substring(line.indexOf("\"t") + 1, line.indexOf('"', line.indexOf("\"t") + 1));
				String thread = id.substring(0, id.indexOf('-'));
				int index = Integer.parseInt(id.substring(id.indexOf('-') + 1));
				seen.computeIfAbsent(thread, key -> new ArrayList<>()).add(index);
			}
			batches.recycle(batch);
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
