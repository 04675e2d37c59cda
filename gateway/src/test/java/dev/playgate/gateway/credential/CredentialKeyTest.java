package dev.playgate.gateway.credential;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class CredentialKeyTest {

	private static final VideoId ID = VideoId.parse("0123456789abcdefABCDEFzyxwvuZYXW");

	@Test
	void canonicalTextNamesActionVideoAndSortedParameters() {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("StreamType", "video");
		parameters.put("AuthTimeout", "3600");
		parameters.put("Formats", "m3u8,mp4");
		CredentialKey key = CredentialKey.of(Action.PLAY_INFO, ID, parameters);
		assertThat(key.canonical()).isEqualTo(
				"play-info:0123456789abcdefABCDEFzyxwvuZYXW?AuthTimeout=3600&Formats=m3u8,mp4&StreamType=video");
		assertThat(key.canonicalLength()).isEqualTo(key.canonical().length());
		assertThat(key.toString()).isEqualTo(key.canonical());
	}

	@Test
	void hashIsTheHashOfTheCanonicalText() {
		CredentialKey key = CredentialKey.of(Action.PLAY_AUTH, ID, Map.of("AuthInfoTimeout", "3000"));
		CredentialKey bare = CredentialKey.of(Action.PLAY_INFO, ID, Map.of());
		assertThat(key.hashCode()).isEqualTo(key.canonical().hashCode());
		assertThat(bare.hashCode()).isEqualTo(bare.canonical().hashCode());
		assertThat(bare.canonical()).isEqualTo("play-info:" + ID.value());
	}

	@Test
	void keysAreEqualExactlyWhenTheirCanonicalTextIs() {
		Random random = new Random(14);
		Set<String> texts = new HashSet<>();
		Set<CredentialKey> keys = new HashSet<>();
		for (int i = 0; i < 2_000; i++) {
			CredentialKey key = randomKey(random);
			texts.add(key.canonical());
			keys.add(key);
			assertThat(CredentialKey.parse(key.canonical())).isEqualTo(key).hasSameHashCodeAs(key);
		}
		assertThat(keys).hasSameSizeAs(texts);
	}

	@Test
	void videoIdIsReadBackFromThePackedForm() {
		String every = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
		String rest = "WXYZabcdefghijklmnopqrstuvwxyzzz";
		for (String id : new String[] { every, rest, "z".repeat(32), "0".repeat(32) }) {
			CredentialKey key = CredentialKey.of(Action.PLAY_AUTH, VideoId.parse(id), Map.of());
			assertThat(key.videoId()).isEqualTo(VideoId.parse(id));
			assertThat(key.videoIdHash()).isEqualTo(id.hashCode());
		}
	}

	@Test
	void keysDifferingInOneIdCharacterOrOneParameterDiffer() {
		CredentialKey key = CredentialKey.of(Action.PLAY_AUTH, ID, Map.of("AuthInfoTimeout", "3000"));
		CredentialKey otherId = CredentialKey.of(Action.PLAY_AUTH, VideoId.parse("0123456789abcdefABCDEFzyxwvuZYXV"),
				Map.of("AuthInfoTimeout", "3000"));
		CredentialKey otherValue = CredentialKey.of(Action.PLAY_AUTH, ID, Map.of("AuthInfoTimeout", "300"));
		CredentialKey otherAction = CredentialKey.of(Action.PLAY_INFO, ID, Map.of("AuthInfoTimeout", "3000"));
		assertThat(key).isNotEqualTo(otherId).isNotEqualTo(otherValue).isNotEqualTo(otherAction);
		assertThat(key).isEqualTo(CredentialKey.of(Action.PLAY_AUTH, ID, new TreeMap<>(Map.of("AuthInfoTimeout",
				"3000"))));
	}

	@Test
	void parametersAreReadByName() {
		CredentialKey key = CredentialKey.of(Action.PLAY_INFO, ID, Map.of("Formats", "mp4", "AuthTimeout", "60"));
		assertThat(key.parameter("Formats")).isEqualTo("mp4");
		assertThat(key.parameter("Definition")).isNull();
		assertThat(key.parameters()).containsExactly(Map.entry("AuthTimeout", "60"), Map.entry("Formats", "mp4"));
	}

	@Test
	void forVideoMatchesEveryKeyOfThatVideoOnly() {
		CredentialKey auth = CredentialKey.of(Action.PLAY_AUTH, ID, Map.of("AuthInfoTimeout", "3000"));
		CredentialKey info = CredentialKey.of(Action.PLAY_INFO, ID, Map.of("Formats", "mp4"));
		CredentialKey other = CredentialKey.of(Action.PLAY_AUTH, VideoId.parse("1123456789abcdefABCDEFzyxwvuZYXW"),
				Map.of());
		assertThat(CredentialKey.forVideo(ID)).accepts(auth, info).rejects(other);
	}

	private static CredentialKey randomKey(Random random) {
		String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
		StringBuilder id = new StringBuilder();
		for (int i = 0; i < VideoId.LENGTH; i++) {
			// few distinct characters, so that equal ids occur
			id.append(alphabet.charAt(random.nextInt(3) * 30 + random.nextInt(2)));
		}
		Map<String, String> parameters = new TreeMap<>();
		if (random.nextBoolean()) {
			parameters.put("AuthTimeout", Integer.toString(random.nextInt(3)));
		}
		if (random.nextBoolean()) {
			parameters.put("Formats", random.nextBoolean() ? "mp4" : "m3u8,mp4");
		}
		Action action = random.nextBoolean() ? Action.PLAY_AUTH : Action.PLAY_INFO;
		return CredentialKey.of(action, VideoId.parse(id), parameters);
	}
}
