package dev.playgate.gateway.purge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.redis.RedisLink;
import dev.playgate.gateway.redis.RedisScript;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The fleet's purge log: a Redis Stream whose entry ids are a sequence number ({@code <seq>-1}), so a reader can tell
 * from the oldest retained entry whether it missed any. Its keys share the hash tag {@code {purges}}, so both scripts
 * run in one Cluster slot: {@code playgate:{purges}:stream}, {@code playgate:{purges}:seq}, and the wake-up channel
 * {@code playgate:{purges}:published} (a hint only; readers also poll).
 */
final class PurgeStream {

	/** The video field's value of a "drop everything" entry. */
	static final String ALL = "*";

	private static final RedisScript PUBLISH = RedisScript.of("""
			local seq = redis.call('INCR', KEYS[2])
			local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
			if #last > 0 then
			  local lastSeq = tonumber(string.match(last[1][1], '^(%d+)'))
			  if lastSeq >= seq then
			    seq = lastSeq + 1
			    redis.call('SET', KEYS[2], seq)
			  end
			end
			redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[4], seq .. '-1', 'v', ARGV[1], 'o', ARGV[2], 't', ARGV[3])
			redis.call('PUBLISH', ARGV[5], seq)
			return seq
			""");

	private static final RedisScript READ = RedisScript.of("""
			local current = tonumber(redis.call('GET', KEYS[2]) or '0')
			local oldest = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
			local first = -1
			if #oldest > 0 then
			  first = tonumber(string.match(oldest[1][1], '^(%d+)'))
			end
			local out = {current, first}
			for _, entry in ipairs(redis.call('XRANGE', KEYS[1], ARGV[1] .. '-0', '+', 'COUNT', ARGV[2])) do
			  table.insert(out, tonumber(string.match(entry[1], '^(%d+)')))
			  local fields = entry[2]
			  table.insert(out, fields[2])
			  table.insert(out, fields[4])
			  table.insert(out, fields[6])
			end
			return out
			""");

	private final RedisLink link;
	private final String[] keys;
	private final String channel;
	private final byte[] streamLength;

	PurgeStream(RedisLink link, int streamLength) {
		this.link = link;
		String start = link.properties().keyPrefix() + ":{purges}:";
		this.keys = new String[] { start + "stream", start + "seq" };
		this.channel = start + "published";
		this.streamLength = RedisScript.arg(streamLength);
	}

	/** The channel a message is published on after every entry. */
	String channel() {
		return channel;
	}

	/** Appends a purge of {@code videoId} ({@code null}: of everything); its sequence number. */
	Mono<Long> publish(@Nullable VideoId videoId, String origin, long publishedAtMillis) {
		return link.evalInteger("purge-publish", PUBLISH, keys, RedisScript.arg(videoId == null ? ALL : videoId.value()),
				RedisScript.arg(origin), RedisScript.arg(publishedAtMillis), streamLength, RedisScript.arg(channel));
	}

	/** Up to {@code count} entries after {@code lastSeq}, with the stream's newest and oldest sequence numbers. */
	Mono<Page> read(long lastSeq, int count) {
		return link.evalMulti("purge-read", READ, keys, RedisScript.arg(lastSeq + 1), RedisScript.arg(count))
			.map(PurgeStream::toPage);
	}

	private static Page toPage(List<Object> answer) {
		List<Notice> notices = new ArrayList<>((answer.size() - 2) / 4);
		for (int i = 2; i + 3 < answer.size(); i += 4) {
			notices.add(new Notice((Long) answer.get(i), text(answer.get(i + 1)), text(answer.get(i + 2)),
					Long.parseLong(text(answer.get(i + 3)))));
		}
		return new Page((Long) answer.get(0), (Long) answer.get(1), notices);
	}

	private static String text(Object value) {
		return new String((byte[]) value, StandardCharsets.UTF_8);
	}

	/**
	 * One read: the newest sequence number handed out ({@code current}), the oldest one retained ({@code -1} when the
	 * stream is empty), and the entries read.
	 */
	record Page(long current, long oldest, List<Notice> notices) {
	}

	/** One purge: its sequence number, the video ({@value #ALL} for everything), its origin and publication time. */
	record Notice(long seq, String video, String origin, long publishedAtMillis) {

		boolean isAll() {
			return ALL.equals(video);
		}
	}
}
