package dev.playgate.gateway.edge;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;

import dev.playgate.gateway.edge.RequestReader.RequestDefaults;
import dev.playgate.gateway.events.EventReceiver;
import dev.playgate.gateway.local.CacheProperties;
import dev.playgate.gateway.pipeline.Pipeline;
import dev.playgate.gateway.playauth.PlayAuthProperties;
import dev.playgate.gateway.playinfo.PlayInfoProperties;
import dev.playgate.gateway.security.ClientGate;
import dev.playgate.gateway.upstream.VodProperties;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Configuration;

/** Registers the public routes with Reactor Netty, and the edge's connection handling with the public server. */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

	@Bean
	EdgeMetrics edgeMetrics(MeterRegistry registry) {
		return new EdgeMetrics(registry);
	}

	@Bean
	EdgeServer edgeServer(EdgeProperties properties, EdgeMetrics metrics, Ticker ticker, EdgeHandlers handlers) {
		return new EdgeServer(properties, metrics, new RefusalLog(ticker), handlers);
	}

	@Bean
	EdgeHandlers playgateEdgeHandlers(Pipeline pipeline, ClientGate gate, Clock clock, EdgeMetrics metrics,
			JsonMapper json, PlayAuthProperties playAuth, PlayInfoProperties playInfo, CacheProperties cache,
			VodProperties vod, AccessLogProperties accessLog, Ticker ticker, ObjectProvider<AccessLogWriter> writer) {
		RequestReader reader = new RequestReader(new RequestDefaults(playAuth.authInfoTimeout(), playInfo.authTimeout(),
				cache.minValidity(), vod.clockSkew()));
		CredentialEndpoints single = new CredentialEndpoints(pipeline, reader, gate, clock, metrics);
		BatchEndpoint batch = new BatchEndpoint(pipeline, reader, gate, clock, metrics, json);
		AccessLog log = accessLog.enabled() ? new AccessLog(writer.getObject(), ticker) : null;
		return new EdgeHandlers(single, batch, log);
	}

	@Bean
	NettyRouteProvider playgateRoutes(EdgeHandlers handlers, EventReceiver events) {
		return Routes.of(handlers.single(), handlers.batch(), new EventsEndpoint(events), handlers.log());
	}

	/**
	 * What answers the public routes: the routes' handlers and the access log ({@code null} when it is off), shared
	 * by the routes and by each connection's {@link HitPath}.
	 */
	record EdgeHandlers(CredentialEndpoints single, BatchEndpoint batch, @Nullable AccessLog log) {
	}

	@Bean(destroyMethod = "close")
	@Lazy
	AccessLogWriter playgateAccessLogWriter(Ticker ticker, MeterRegistry registry) {
		AccessLogWriter writer = new AccessLogWriter(ticker);
		FunctionCounter.builder("playgate.access.log.dropped.lines", writer, AccessLogWriter::dropped)
			.description("Access-log lines dropped because every batch was in flight to the writer")
			.register(registry);
		return writer;
	}
}
