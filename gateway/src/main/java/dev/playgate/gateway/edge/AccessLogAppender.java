package dev.playgate.gateway.edge;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.Supplier;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import org.jspecify.annotations.Nullable;

/**
 * The access log's own Logback appender: each event is written as its message and a newline, nothing else (the
 * message is already a JSON object), in UTF-8, to standard output. Lines are gathered in a buffer and written when it
 * fills or when {@link #flush(org.slf4j.Logger)} is called (the {@link AccessLogWriter} calls it after it logged
 * lines as events), and on {@link #stop()}; so a busy server makes one {@code write(2)} for many lines. While it is
 * the logger's only appender ({@link #soleOn}) the writer skips the events and hands it whole batches of lines as
 * bytes ({@link #write(byte[], int, int)}).
 *
 * <p>
 * Each write hands whole lines to {@code System.out} in one call, under the print stream's lock, which Spring Boot's
 * console appender writes through too: its lines and these never interleave mid-line. {@code System.out} is read at
 * every write, so a stream swapped in later (a test's output capture) receives the lines.
 */
final class AccessLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	/** The appender's name in the Logback configuration. */
	static final String NAME = "PLAYGATE_ACCESS_JSON";
	private static final int CAPACITY = 64 * 1024;

	private final Supplier<OutputStream> target;
	private final Object lock = new Object();
	private byte[] buffer = new byte[CAPACITY];
	private int length;

	/** An appender to standard output. */
	AccessLogAppender() {
		this(() -> System.out);
	}

	/** An appender to the stream {@code target} gives at each write. */
	AccessLogAppender(Supplier<OutputStream> target) {
		this.target = target;
		setName(NAME);
	}

	/**
	 * Gives the logger {@value AccessLogWriter#LOGGER} of {@code context} this appender, not additive, unless the
	 * configuration already gave it an appender of its own or made it not additive (the operator routed it).
	 */
	static void installOn(LoggerContext context) {
		Logger logger = context.getLogger(AccessLogWriter.LOGGER);
		if (!logger.isAdditive() || logger.iteratorForAppenders().hasNext()) {
			return;
		}
		AccessLogAppender appender = new AccessLogAppender();
		appender.setContext(context);
		appender.start();
		logger.addAppender(appender);
		logger.setAdditive(false);
	}

	/**
	 * The appender of this kind when it is the only one an event of {@code logger} reaches (the logger's only
	 * appender, and not additive), else {@code null}.
	 */
	static @Nullable AccessLogAppender soleOn(org.slf4j.Logger logger) {
		if (!(logger instanceof Logger logback) || logback.isAdditive()) {
			return null;
		}
		Iterator<Appender<ILoggingEvent>> it = logback.iteratorForAppenders();
		if (!it.hasNext() || !(it.next() instanceof AccessLogAppender appender)) {
			return null;
		}
		return it.hasNext() ? null : appender;
	}

	/** Writes what the appenders of this kind on {@code logger} hold; nothing when the logger is not Logback's. */
	static void flush(org.slf4j.Logger logger) {
		if (!(logger instanceof Logger logback)) {
			return;
		}
		for (Iterator<Appender<ILoggingEvent>> it = logback.iteratorForAppenders(); it.hasNext();) {
			if (it.next() instanceof AccessLogAppender appender) {
				appender.flush();
			}
		}
	}

	@Override
	protected void append(ILoggingEvent event) {
		byte[] line = event.getFormattedMessage().getBytes(StandardCharsets.UTF_8);
		synchronized (lock) {
			if (length + line.length + 1 > buffer.length) {
				writeBuffer();
			}
			if (line.length + 1 > buffer.length) {
				buffer = new byte[line.length + 1];
			}
			System.arraycopy(line, 0, buffer, length, line.length);
			length += line.length;
			buffer[length++] = '\n';
		}
	}

	/** Writes whole lines, each ending with a newline, after the buffered ones, in one write to the stream. */
	void write(byte[] lines, int offset, int count) {
		synchronized (lock) {
			writeBuffer();
			writeOut(lines, offset, count);
		}
	}

	/** Writes the buffered lines, if any. */
	void flush() {
		synchronized (lock) {
			writeBuffer();
			if (buffer.length > CAPACITY) {
				buffer = new byte[CAPACITY];
			}
		}
	}

	@Override
	public void stop() {
		flush();
		super.stop();
	}

	private void writeBuffer() {
		if (length == 0) {
			return;
		}
		try {
			writeOut(buffer, 0, length);
		}
		finally {
			length = 0;
		}
	}

	private void writeOut(byte[] bytes, int offset, int count) {
		try {
			OutputStream out = target.get();
			out.write(bytes, offset, count);
			out.flush();
		}
		catch (IOException ex) {
			addError("could not write " + count + " bytes of access-log lines", ex);
		}
	}
}
