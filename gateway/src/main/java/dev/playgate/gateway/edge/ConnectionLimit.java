package dev.playgate.gateway.edge;

import java.util.concurrent.atomic.AtomicInteger;

import dev.playgate.gateway.edge.EdgeMetrics.Closure;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The bound on open connections of the public port ({@code playgate.edge.max-connections}), shared by every
 * connection: a connection accepted beyond it is closed at once, before anything of it is read.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {

	static final String NAME = "playgate.connectionLimit";

	private final int max;
	private final EdgeMetrics metrics;
	private final RefusalLog refusals;
	private final AtomicInteger open = new AtomicInteger();

	ConnectionLimit(int max, EdgeMetrics metrics, RefusalLog refusals) {
		this.max = max;
		this.metrics = metrics;
		this.refusals = refusals;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		if (open.incrementAndGet() > max) {
			open.decrementAndGet();
			metrics.closed(Closure.CONNECTION_LIMIT);
			refusals.refused(Closure.CONNECTION_LIMIT.tag(), ctx.channel().remoteAddress());
			ctx.close();
			return;
		}
		ctx.channel().closeFuture().addListener(closed -> open.decrementAndGet());
		ctx.fireChannelActive();
	}

	/** Connections open now. */
	int open() {
		return open.get();
	}
}
