import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Where a cache hit's CPU goes as the key count grows, in the local tier's Caffeine setup without the rest of the
 * gateway: an {@code AsyncCache} bounded by weight, maintenance on the calling thread, completed futures of an entry
 * holding a 970-byte body, keys of packed longs with a precomputed hash (as {@code CredentialKey}); {@code threads}
 * threads read random keys of {@code keys} for {@code seconds} after as long a warm-up. Prints the CPU per read of the
 * readers (each its own thread CPU time), of G1's refinement threads and of the GC threads (from
 * {@code /proc/self/task}, so it needs Linux).
 * {@code java -Xmx1g -cp <caffeine jar> bench/CaffeineReads.java KEYS variable|write|none|quiet|sampled [seconds] [threads]}:
 * {@code variable} is the local tier's {@code expireAfter} (each read keeps the entry's remaining time), {@code write}
 * a fixed {@code expireAfterWrite}, {@code none} no expiry, {@code quiet} the local tier's setup read through
 * {@code policy().getIfPresentQuietly} (no read recorded: no reordering, no frequency count), {@code sampled} as
 * {@code LocalTier.servedAtOnce} reads: 15 in 16 quiet, one recorded.
 */
public final class CaffeineReads {

	private record Key(long a, long b, long c, int d, int hash) {

		static Key of(long n) {
			long mixed = n * 0x9E3779B97F4A7C15L;
			return new Key(mixed, ~mixed, n, (int) n, Long.hashCode(mixed) * 31 + (int) n);
		}

		@Override
		public int hashCode() {
			return hash;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Key k && hash == k.hash && a == k.a && b == k.b && c == k.c && d == k.d;
		}
	}

	private record Entry(byte[] body, long refreshAt, long failedAt) {
	}

	/** CPU nanoseconds of the readers of the last run, each adding its own as it ends. */
	private static final LongAdder READER_CPU = new LongAdder();

	public static void main(String[] args) throws Exception {
		int keys = Integer.parseInt(args[0]);
		String mode = args[1];
		int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
		int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
		AsyncCache<Key, Entry> cache = cache(mode);
		ConcurrentMap<Key, CompletableFuture<Entry>> map = cache.asMap();
		for (int i = 0; i < keys; i++) {
			map.put(Key.of(i), CompletableFuture.completedFuture(new Entry(new byte[970], i, Long.MIN_VALUE)));
		}
		cache.synchronous().cleanUp();
		// quiet: every read; sampled: all but one in 16 (as LocalTier.servedAtOnce), that one recorded
		int quietOf16 = mode.equals("quiet") ? 16 : mode.equals("sampled") ? 15 : 0;
		read(map, cache, keys, threads, seconds, quietOf16);
		Map<String, Long> before = cpuByThreadKind();
		long reads = read(map, cache, keys, threads, seconds, quietOf16);
		Map<String, Long> after = cpuByThreadKind();
		after.put("readers", READER_CPU.sum());
		StringBuilder line = new StringBuilder(String.format("keys=%d mode=%s reads_per_s=%d", keys, mode,
				reads / seconds));
		after.forEach((kind, ns) -> line.append(String.format(" %s_ns_per_read=%.0f", kind,
				(ns - before.getOrDefault(kind, 0L)) / (double) reads)));
		System.out.println(line);
	}

	private static AsyncCache<Key, Entry> cache(String mode) {
		Caffeine<Key, Entry> builder = Caffeine.newBuilder()
			.executor(Runnable::run)
			.maximumWeight(Long.MAX_VALUE / 4)
			.weigher((Key key, Entry entry) -> entry.body().length + 376)
			.recordStats();
		return switch (mode) {
			case "variable", "quiet", "sampled" -> builder.expireAfter(new Expiry<Key, Entry>() {
				@Override
				public long expireAfterCreate(Key key, Entry entry, long currentTime) {
					return TimeUnit.MINUTES.toNanos(50);
				}

				@Override
				public long expireAfterUpdate(Key key, Entry entry, long currentTime, long currentDuration) {
					return expireAfterCreate(key, entry, currentTime);
				}

				@Override
				public long expireAfterRead(Key key, Entry entry, long currentTime, long currentDuration) {
					return currentDuration;
				}
			}).buildAsync();
			case "write" -> builder.expireAfterWrite(Duration.ofMinutes(50)).buildAsync();
			case "none" -> builder.buildAsync();
			default -> throw new IllegalArgumentException("mode: variable, write, none, quiet or sampled: " + mode);
		};
	}

	private static long read(ConcurrentMap<Key, CompletableFuture<Entry>> map, AsyncCache<Key, Entry> cache,
			int keys, int threads, int seconds, int quietOf16) throws InterruptedException {
		LongAdder reads = new LongAdder();
		LongAdder sink = new LongAdder();
		READER_CPU.reset();
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		Thread[] readers = new Thread[threads];
		for (int t = 0; t < threads; t++) {
			SplittableRandom random = new SplittableRandom(14 + t);
			readers[t] = new Thread(() -> {
				long n = 0;
				long bytes = 0;
				while ((n & 1023) != 0 || System.nanoTime() < end) {
					Key key = Key.of(random.nextInt(keys));
					Entry entry = (n & 15) < quietOf16 ? cache.synchronous().policy().getIfPresentQuietly(key)
							: map.get(key).getNow(null);
					bytes += entry.body()[(int) (n % 970)] + entry.refreshAt();
					n++;
				}
				reads.add(n);
				sink.add(bytes);
				READER_CPU.add(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
			}, "reader-" + t);
			readers[t].start();
		}
		for (Thread reader : readers) {
			reader.join();
		}
		return reads.sum() + (sink.sum() == Long.MIN_VALUE ? 1 : 0);
	}

	/** CPU nanoseconds of this process's threads so far, by kind: readers, G1 refinement, GC, other. */
	private static Map<String, Long> cpuByThreadKind() throws IOException {
		Map<String, Long> cpu = new TreeMap<>();
		long nanosPerTick = 1_000_000_000L / 100;
		try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
			for (Path task : (Iterable<Path>) tasks::iterator) {
				try {
					String name = Files.readString(task.resolve("comm")).strip();
					if (name.startsWith("reader-")) {
						continue;
					}
					String stat = Files.readString(task.resolve("stat"));
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
					cpu.merge(kind(name), ticks * nanosPerTick, Long::sum);
				}
				catch (IOException gone) {
					// a thread that ended between the listing and the read
				}
			}
		}
		return cpu;
	}

	private static String kind(String thread) {
		if (thread.startsWith("G1 Refine")) {
			return "refine";
		}
		if (thread.startsWith("GC Thread") || thread.startsWith("G1 Conc") || thread.startsWith("G1 Main")) {
			return "gc";
		}
		return "other";
	}
}
