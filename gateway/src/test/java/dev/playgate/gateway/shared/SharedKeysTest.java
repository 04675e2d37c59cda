package dev.playgate.gateway.shared;

import dev.playgate.gateway.credential.CredentialKey;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class SharedKeysTest {

	private final SharedKeys keys = new SharedKeys("playgate");

	private final CredentialKey key = Fleet.key("0123456789abcdefABCDEF0123456789");

	@Test
	void entryLeaseAndChannelShareOneClusterSlot() {
		assertThat(keys.entry(key))
			.isEqualTo("playgate:{play-auth:0123456789abcdefABCDEF0123456789?AuthInfoTimeout=3000}:entry");
		assertThat(SlotHash.getSlot(keys.lease(key))).isEqualTo(SlotHash.getSlot(keys.entry(key)))
			.isEqualTo(SlotHash.getSlot(keys.channel(key)));
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
	}

	@Test
	void patternMatchesEveryChannel() {
		assertThat(keys.channelPattern()).isEqualTo("playgate:{*}:filled");
	}
}
