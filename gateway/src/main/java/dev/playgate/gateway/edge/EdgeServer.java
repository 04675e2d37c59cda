package dev.playgate.gateway.edge;

import io.netty.channel.ChannelPipeline;
import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Puts the edge's connection handling into the public port's Reactor Netty server: the {@link ConnectionLimit} first,
 * each connection's {@link ConnectionGuard} around the HTTP codec, and its {@link HitPath} after the guard. A customizer of this context's factory only,
 * so the management port (a child context with its own factory) keeps answering probes when the public port is
 * full.
 */
final class EdgeServer implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory> {

	private final EdgeProperties properties;
	private final EdgeMetrics metrics;
	private final RefusalLog refusals;
	private final ConnectionLimit limit;
	private final EdgeConfiguration.EdgeHandlers handlers;

	EdgeServer(EdgeProperties properties, EdgeMetrics metrics, RefusalLog refusals,
			EdgeConfiguration.EdgeHandlers handlers) {
		this.properties = properties;
		this.handlers = handlers;
		this.metrics = metrics;
		this.refusals = refusals;
		this.limit = new ConnectionLimit(properties.maxConnections(), metrics, refusals);
		metrics.openConnections(limit::open);
	}

	@Override
	public void customize(NettyReactiveWebServerFactory factory) {
		factory.addServerCustomizers(
				server -> server.doOnChannelInit((observer, channel, address) -> install(channel.pipeline())));
	}

	private void install(ChannelPipeline pipeline) {
		if (pipeline.get(NettyPipeline.HttpCodec) == null) {
			return;
		}
		ConnectionGuard guard = new ConnectionGuard(properties, metrics, refusals);
		pipeline.addFirst(ConnectionLimit.NAME, limit);
		pipeline.addBefore(NettyPipeline.HttpCodec, ConnectionGuard.BYTES_NAME, guard.requestStart());
		pipeline.addAfter(NettyPipeline.HttpCodec, ConnectionGuard.NAME, guard);
		pipeline.addAfter(ConnectionGuard.NAME, HitPath.NAME, new HitPath(handlers.single(), handlers.log()));
	}
}
