package dev.playgate.gateway.shared;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.playgate.gateway.credential.CachedEntry;
import dev.playgate.gateway.credential.Credential;
import dev.playgate.gateway.credential.CredentialKey;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.redis.RedisLink;
import dev.playgate.gateway.redis.RedisScript;
import reactor.core.publisher.Mono;

/**
 * One video's L2 entries as a whole, each operation one script in the video's slot. {@code purge} advances the
 * video's generation (fills claimed before it will store nothing, entries filled before it no longer count) and
 * deletes the entries its index names; {@code list} reads the entries of the current generation for the operator.
 * Both fail with Redis's own exception when Redis does not answer; the caller decides what that means.
 */
final class SharedEntries {

	/** How long a generation counter outlives its last purge at least; longer than any L2 entry lives. */
	private static final long GENERATION_TTL_MILLIS = 7L * 24 * 3600 * 1000;

	private static final RedisScript PURGE = RedisScript.of("""
			local generation = redis.call('INCR', KEYS[1])
			local keep = math.max(tonumber(ARGV[2]), redis.call('PTTL', KEYS[2]))
			redis.call('PEXPIRE', KEYS[1], keep)
			local members = redis.call('SMEMBERS', KEYS[2])
			for _, member in ipairs(members) do
			  redis.call('DEL', ARGV[1] .. member .. ':entry')
			end
			redis.call('DEL', KEYS[2])
			return generation
			""");

	private static final RedisScript LIST = RedisScript.of("""
			local generation = redis.call('GET', KEYS[1]) or '0'
			local out = {generation}
			for _, member in ipairs(redis.call('SMEMBERS', KEYS[2])) do
			  local entry = redis.call('HMGET', ARGV[1] .. member .. ':entry', 'g', 'b')
			  if entry[2] and (entry[1] or '0') == generation then
			    table.insert(out, member)
			    table.insert(out, entry[2])
			  end
			end
			return out
			""");

	private final RedisLink link;
	private final SharedKeys keys;

	SharedEntries(RedisLink link, SharedKeys keys) {
		this.link = link;
		this.keys = keys;
	}

	/** Advances the video's generation and deletes its entries; the new generation. */
	Mono<Long> purge(VideoId videoId) {
		return link.evalInteger("purge", PURGE, names(videoId), RedisScript.arg(keys.videoStart(videoId)),
				RedisScript.arg(GENERATION_TTL_MILLIS));
	}

	/** The video's entries of the current generation, as the operator sees them. */
	Mono<List<CachedEntry>> list(VideoId videoId, String tier, Instant now) {
		return link.evalMulti("list", LIST, names(videoId), RedisScript.arg(keys.videoStart(videoId)))
			.map(answer -> {
				List<CachedEntry> held = new ArrayList<>();
				for (int i = 1; i + 1 < answer.size(); i += 2) {
					String canonical = new String((byte[]) answer.get(i), java.nio.charset.StandardCharsets.UTF_8);
					Credential credential = EntryCodec.decode(CredentialKey.parse(canonical), (byte[]) answer.get(i + 1),
							0);
					if (credential != null && credential.expiresAt().isAfter(now)) {
						held.add(CachedEntry.credential(tier, credential));
					}
				}
				return held;
			});
	}

	private String[] names(VideoId videoId) {
		return new String[] { keys.generation(videoId), keys.index(videoId) };
	}
}
