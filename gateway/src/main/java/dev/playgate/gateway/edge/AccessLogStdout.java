package dev.playgate.gateway.edge;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Gives the logger {@value AccessLogWriter#LOGGER} its {@link AccessLogAppender} (pure JSON lines on stdout, not
 * additive) right after Spring Boot has configured logging, each time it does. Boot's own configuration is untouched:
 * every other logger keeps its console (and file) output and every {@code logging.*} property. A configuration that
 * gives {@value AccessLogWriter#LOGGER} an appender or makes it not additive (a {@code logback-spring.xml}) is left
 * as it is. Registered in {@code META-INF/spring.factories}, so it runs before any bean exists.
 */
final class AccessLogStdout implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
			AccessLogAppender.installOn(context);
		}
	}

	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}
}
