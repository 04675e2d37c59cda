package dev.playgate.gateway.redis;

import io.lettuce.core.RedisException;

/** A command not sent because Redis is in an outage or not connected; cheap, as it is raised on every request. */
final class RedisSkippedException extends RedisException {

	static final RedisSkippedException INSTANCE = new RedisSkippedException();

	private RedisSkippedException() {
		super("Redis is unavailable; command skipped");
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}
}
