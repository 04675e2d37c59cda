package dev.playgate.gateway.edge;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.benmanes.caffeine.cache.Ticker;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log's appender and writer together: pure JSON lines, batched, written when idle and on close; whole
 * batches of bytes while the appender is the logger's only one, each line as an event to the logger otherwise.
 */
final class AccessLogAppenderTest {

	private final LoggerContext context = new LoggerContext();
	private final Output output = new Output();
	private final Logger logger = context.getLogger(AccessLogWriter.LOGGER);
	private final AccessLogAppender appender = new AccessLogAppender(() -> output);

	AccessLogAppenderTest() {
		logger.setLevel(Level.INFO);
		logger.setAdditive(false);
		appender.setContext(context);
		appender.start();
		logger.addAppender(appender);
	}

	private AccessLogWriter writer() {
		return new AccessLogWriter(logger, Ticker.systemTicker(), new LineBatches());
	}

	private static void write(AccessLogWriter writer, int i) {
		writer.write(accessLine(i), 0);
	}

	private static AccessLine accessLine(int i) {
		return AccessLineTest.line("r" + i, "fleet", "GET", "/v1/videos/caf\u00e9/play-auth?x=1", 200, "HIT", null, i);
	}

	/** The line as the writer writes it, without its newline. */
	private static String written(int i) {
		return "{\"requestId\":\"r" + i + "\",\"client\":\"fleet\",\"method\":\"GET\",\"path\":\"/v1/videos/caf\u00e9/play-auth\","
				+ "\"status\":200,\"cache\":\"HIT\",\"code\":null,\"durationMs\":0.00" + i + "}";
	}

	@AfterEach
	void stop() {
		context.stop();
	}

	private static String line(int i) {
		return "{\"requestId\":\"r" + i + "\",\"path\":\"/v1/videos/caf\u00e9/play-auth\",\"status\":200}";
	}

	@Test
	void eachEventIsWrittenAsItsMessageAndANewlineOnly() {
		logger.info(line(1));
		logger.info(line(2));
		appender.flush();
		assertThat(output.text()).isEqualTo(line(1) + "\n" + line(2) + "\n");
	}

	@Test
	void aLineWaitsInTheBufferUntilAFlushOrStop() {
		logger.info(line(1));
		assertThat(output.writes.get()).isZero();
		appender.stop();
		assertThat(output.text()).isEqualTo(line(1) + "\n");
	}

	@Test
	void aFullBufferIsWrittenInWholeLines() {
		String big = "{\"path\":\"" + "x".repeat(1000) + "\"}";
		IntStream.range(0, 200).forEach(i -> logger.info(big));
		assertThat(output.writes.get()).isPositive();
		assertThat(output.text()).endsWith("}\n");
		appender.flush();
		assertThat(output.text().split("\n", -1)).hasSize(201).endsWith("");
	}

	@Test
	void linesAreWrittenWhenTheWriterRunsIdle() {
		try (AccessLogWriter writer = writer()) {
			write(writer, 1);
			write(writer, 2);
			Awaitility.await("the lines written while idle").atMost(Duration.ofSeconds(20))
				.until(() -> output.text().equals(written(1) + "\n" + written(2) + "\n"));
		}
	}

	@Test
	void aLineAfterTheWriterParkedIsWritten() {
		try (AccessLogWriter writer = writer()) {
			write(writer, 1);
			Awaitility.await("the first line").atMost(Duration.ofSeconds(20))
				.until(() -> output.text().equals(written(1) + "\n"));
			Thread drainer = Thread.getAllStackTraces().keySet().stream()
				.filter(thread -> thread.getName().equals("playgate-access-log") && thread.isAlive()).findFirst()
				.orElseThrow();
			Awaitility.await("the writer parked").atMost(Duration.ofSeconds(20))
				.until(() -> drainer.getState() == Thread.State.TIMED_WAITING);
			write(writer, 2);
			Awaitility.await("the second line").atMost(Duration.ofSeconds(20))
				.until(() -> output.text().equals(written(1) + "\n" + written(2) + "\n"));
		}
	}

	@Test
	void aBusyWriterWritesManyLinesAtOnceInOrder() {
		int count = 10_000;
		try (AccessLogWriter writer = writer()) {
			IntStream.range(0, count).forEach(i -> write(writer, i % 10));
			Awaitility.await("every line written").atMost(Duration.ofSeconds(30))
				.until(() -> output.text().split("\n").length == count);
		}
		assertThat(output.text().split("\n")).containsExactlyElementsOf(IntStream.range(0, count)
			.mapToObj(i -> written(i % 10)).toList());
		assertThat(output.writes.get()).isLessThan(count / 100);
	}

	@Test
	void closeWritesEveryLineAppendedBeforeIt() {
		AccessLogWriter writer = writer();
		IntStream.range(0, 100).forEach(i -> write(writer, i % 10));
		writer.close();
		assertThat(output.text().split("\n")).hasSize(100);
		assertThat(writer.dropped()).isZero();
	}

	@Test
	void whileTheAppenderIsTheOnlyOneItIsTheSoleAppender() {
		assertThat(AccessLogAppender.soleOn(logger)).isSameAs(appender);
	}

	@Test
	void withAnotherAppenderOrAdditiveThereIsNoSoleAppender() {
		logger.setAdditive(true);
		assertThat(AccessLogAppender.soleOn(logger)).isNull();
		logger.setAdditive(false);
		ListAppender<ILoggingEvent> other = new ListAppender<>();
		logger.addAppender(other);
		assertThat(AccessLogAppender.soleOn(logger)).isNull();
		logger.detachAppender(appender);
		assertThat(AccessLogAppender.soleOn(logger)).isNull();
		assertThat(AccessLogAppender.soleOn(org.slf4j.helpers.NOPLogger.NOP_LOGGER)).isNull();
	}

	@Test
	void aLoggerWithAnotherAppenderGetsEachLineAsAnEventAndTheAppenderStillWritesIt() {
		ListAppender<ILoggingEvent> other = new ListAppender<>();
		other.start();
		logger.addAppender(other);
		AccessLogWriter writer = writer();
		write(writer, 1);
		write(writer, 2);
		writer.close();
		assertThat(other.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(written(1), written(2));
		assertThat(other.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.INFO);
		assertThat(output.text()).isEqualTo(written(1) + "\n" + written(2) + "\n");
	}

	@Test
	void anAdditiveLoggerGetsEachLineAsAnEventForTheRootsAppenders() {
		ListAppender<ILoggingEvent> root = new ListAppender<>();
		root.start();
		context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(root);
		logger.setAdditive(true);
		AccessLogWriter writer = writer();
		write(writer, 3);
		writer.close();
		assertThat(root.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(written(3));
		assertThat(output.text()).isEqualTo(written(3) + "\n");
	}

	@Test
	void aLoggerTheConfigurationRoutedKeepsItsAppenders() {
		LoggerContext configured = new LoggerContext();
		Logger routed = configured.getLogger(AccessLogWriter.LOGGER);
		ListAppender<ILoggingEvent> own = new ListAppender<>();
		routed.addAppender(own);
		AccessLogAppender.installOn(configured);
		assertThat(routed.getAppender(AccessLogAppender.NAME)).isNull();
		assertThat(routed.isAdditive()).isTrue();
	}

	@Test
	void anUnconfiguredLoggerGetsTheAppenderAndStopsAddingToTheRoot() {
		LoggerContext fresh = new LoggerContext();
		AccessLogAppender.installOn(fresh);
		AccessLogAppender.installOn(fresh);
		Logger access = fresh.getLogger(AccessLogWriter.LOGGER);
		assertThat(access.getAppender(AccessLogAppender.NAME)).isInstanceOf(AccessLogAppender.class);
		assertThat(access.isAdditive()).isFalse();
		int appenders = 0;
		for (var it = access.iteratorForAppenders(); it.hasNext(); it.next()) {
			appenders++;
		}
		assertThat(appenders).isOne();
		fresh.stop();
	}

	/** A stream that counts the writes it is given. */
	private static final class Output extends OutputStream {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final AtomicInteger writes = new AtomicInteger();

		@Override
		public synchronized void write(int b) {
			writes.incrementAndGet();
			bytes.write(b);
		}

		@Override
		public synchronized void write(byte[] b, int off, int len) {
			writes.incrementAndGet();
			bytes.write(b, off, len);
		}

		synchronized String text() {
			return bytes.toString(StandardCharsets.UTF_8);
		}
	}
}
