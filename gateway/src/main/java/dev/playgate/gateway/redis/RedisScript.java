package dev.playgate.gateway.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Mono;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), sent in full only when a Redis node does not know it yet. Keys and
 * arguments are passed separately so that Redis Cluster routes the script to the slot of its keys.
 */
public final class RedisScript {

	private final String source;
	private final String sha;

	private RedisScript(String source) {
		this.source = source;
		this.sha = sha1(source);
	}

	/** A script from its Lua source. */
	public static RedisScript of(String source) {
		return new RedisScript(source);
	}

	/** A number as a script argument (its decimal text, as Lua's {@code tonumber} reads it). */
	public static byte[] arg(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

	/** A text as a script argument. */
	public static byte[] arg(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	<T> Mono<T> run(RedisClusterReactiveCommands<String, byte[]> commands, ScriptOutputType type, String[] keys,
			byte[][] args) {
		return commands.<T>evalsha(sha, type, keys, args)
			.next()
			.onErrorResume(RedisNoScriptException.class, missing -> commands.<T>eval(source, type, keys, args).next());
	}

	private static String sha1(String source) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime provides SHA-1", ex);
		}
	}

	@Override
	public String toString() {
		return "RedisScript[" + sha + "]";
	}
}
