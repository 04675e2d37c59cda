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
import ch.qos.logback.core.read.ListAppender;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The access log's appender and writer together: pure JSON lines, batched, flushed when idle and on close. */
final class AccessLogAppenderTest {

	private final LoggerContext context = new LoggerContext();
	private final Output output = new Output();
	private final Logger logger = context.getLogger(AccessLogWriter.LOGGER);
	private final AccessLogAppender appender = new AccessLogAppender(() -> output);

	AccessLogAppenderTest() {
		logger.setLevel(Level.INFO);
		appender.setContext(context);
		appender.start();
		logger.addAppender(appender);
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
		try (AccessLogWriter writer = new AccessLogWriter(logger)) {
			writer.write(line(1));
			writer.write(line(2));
			Awaitility.await("the lines written while idle").atMost(Duration.ofSeconds(20))
				.until(() -> output.text().equals(line(1) + "\n" + line(2) + "\n"));
		}
	}

	@Test
	void aBusyWriterWritesManyLinesAtOnceInOrder() {
		int count = 10_000;
		try (AccessLogWriter writer = new AccessLogWriter(logger)) {
			IntStream.range(0, count).forEach(i -> writer.write(line(i)));
			Awaitility.await("every line written").atMost(Duration.ofSeconds(30))
				.until(() -> output.text().split("\n").length == count);
		}
		assertThat(output.text().split("\n")).containsExactlyElementsOf(IntStream.range(0, count)
			.mapToObj(AccessLogAppenderTest::line).toList());
		assertThat(output.writes.get()).isLessThan(count / 10);
	}

	@Test
	void closeWritesEveryQueuedLine() {
		AccessLogWriter writer = new AccessLogWriter(logger);
		IntStream.range(0, 100).forEach(i -> writer.write(line(i)));
		writer.close();
		assertThat(output.text().split("\n")).hasSize(100);
	}

	@Test
	void aLoggerTheConfigurationRoutedKeepsItsAppenders() {
		LoggerContext configured = new LoggerContext();
		Logger routed = configured.getLogger(AccessLogWriter.LOGGER);
		ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> own = new ListAppender<>();
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
