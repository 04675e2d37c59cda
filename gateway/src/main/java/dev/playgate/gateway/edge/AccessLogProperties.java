package dev.playgate.gateway.edge;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The access log's settings ({@code playgate.access-log.*}).
 *
 * @param enabled whether each answered request writes one JSON line on the logger {@code playgate.access}
 */
@ConfigurationProperties("playgate.access-log")
public record AccessLogProperties(@DefaultValue("true") boolean enabled) {
}
