package dev.playgate.gateway.edge;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Puts a {@link ManagementGuard} into each connection of the management port's own Reactor Netty server, the child
 * context's factory (the public port's {@link EdgeServer} does not reach it). Imported into that child context only,
 * through {@code META-INF/spring/...ManagementContextConfiguration.imports}, never by the application's component
 * scan; when management shares the public port, the public port's guard already serves it.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ManagementEdgeConfiguration {

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> playgateManagementGuard(Ticker ticker) {
		RefusalLog refusals = new RefusalLog(ticker);
		return factory -> factory.addServerCustomizers(server -> server
			.doOnChannelInit((observer, channel, address) -> ManagementGuard.install(channel.pipeline(), refusals)));
	}
}
