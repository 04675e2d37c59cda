package dev.playgate.gateway.shared;

import dev.playgate.gateway.credential.CredentialKey;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class SharedKeysTest {

	private final SharedKeys keys = new SharedKeys("playgate");

	private final CredentialKey key = Fleet.key("0123456789abcdefABCDEF0123456789");

	@Test
	void everyKeyOfAVideoSharesOneClusterSlot() {
		assertThat(keys.entry(key)).isEqualTo("playgate:{0123456789abcdefABCDEF0123456789}:"
				+ "play-auth:0123456789abcdefABCDEF0123456789?AuthInfoTimeout=3000:entry");
		int slot = SlotHash.getSlot(keys.entry(key));
		assertThat(SlotHash.getSlot(keys.lease(key))).isEqualTo(slot);
		assertThat(SlotHash.getSlot(keys.channel(key))).isEqualTo(slot);
		assertThat(SlotHash.getSlot(keys.generation(key.videoId()))).isEqualTo(slot);
		assertThat(SlotHash.getSlot(keys.index(key.videoId()))).isEqualTo(slot);
		assertThat(SlotHash.getSlot(keys.videoStart(key.videoId()) + key.canonical() + ":entry")).isEqualTo(slot);
	}

	@Test
	void channelNamesItsCanonicalKey() {
		assertThat(keys.canonicalOf(keys.channel(key))).isEqualTo(key.canonical());
		assertThat(CredentialKey.parse(keys.canonicalOf(keys.channel(key)))).isEqualTo(key);
	}

	@Test
	void otherChannelsNameNoKey() {
		assertThat(keys.canonicalOf("other:{x}:filled")).isNull();
		assertThat(keys.canonicalOf("playgate:{x}:entry")).isNull();
		assertThat(keys.canonicalOf("playgate:{}:filled")).isNull();
		assertThat(keys.canonicalOf("playgate:{purges}:published")).isNull();
		assertThat(keys.canonicalOf("playgate:{0123456789abcdefABCDEF0123456789x:filled")).isNull();
	}

	@Test
	void patternMatchesEveryChannel() {
		assertThat(keys.channelPattern()).isEqualTo("playgate:{*:filled");
	}
}
