package dev.playgate.gateway.redis;

import java.util.concurrent.TimeUnit;

import dev.playgate.gateway.loop.ServerLoops;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;

/**
 * Lettuce's event loops are the HTTP server's (Reactor Netty's global resources, which Spring Boot's server runs on):
 * all of them, or one, for a connection that must live on that loop. A Redis reply then continues a request on a
 * loop the request may already be on, instead of on a thread of Lettuce's own that hands it back. Lettuce neither
 * owns nor shuts them down: releasing and shutting down are no-ops.
 */
final class LettuceOnServerLoops implements EventLoopGroupProvider {

	private final EventLoopGroup group;

	private LettuceOnServerLoops(EventLoopGroup group) {
		this.group = group;
	}

	/** Every loop of the server. */
	static LettuceOnServerLoops all(ServerLoops loops) {
		return new LettuceOnServerLoops(loops.group());
	}

	/** One loop of the server: every connection made with it lives there. */
	static LettuceOnServerLoops only(EventLoop loop) {
		return new LettuceOnServerLoops(loop);
	}
	@Override
	@SuppressWarnings("unchecked")
	public <T extends EventLoopGroup> T allocate(Class<T> type) {
		// Lettuce asks for its transport's group class and keeps the answer as an EventLoopGroup; the server's is of
		// the same transport (epoll where available, as Lettuce's is)
		return (T) group;
	}

	@Override
	public int threadPoolSize() {
		int loops = 0;
		for (EventExecutor loop : group) {
			loops++;
		}
		return loops;
	}

	@Override
	public Future<Boolean> release(EventExecutorGroup eventLoopGroup, long quietPeriod, long timeout, TimeUnit unit) {
		return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
	}

	@Override
	public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit timeUnit) {
		return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
	}
}
