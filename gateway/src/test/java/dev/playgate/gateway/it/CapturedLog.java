package dev.playgate.gateway.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/** Every logback event of the JVM from the moment it is attached (after the gateway started: Boot resets logback). */
final class CapturedLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

	private CapturedLog() {
	}

	static CapturedLog attach() {
		CapturedLog log = new CapturedLog();
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		log.setContext(context);
		log.start();
		context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(log);
		return log;
	}

	@Override
	protected void append(ILoggingEvent event) {
		events.add(event);
	}

	List<ILoggingEvent> events() {
		return List.copyOf(events);
	}

	/** Events that carry a stack trace. */
	List<ILoggingEvent> withStackTraces() {
		return events.stream().filter(event -> event.getThrowableProxy() != null).toList();
	}

	void clear() {
		events.clear();
	}

	@Override
	public void close() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
		stop();
	}
}
