package dev.playgate.emulator;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles the hot path before the jar says it is ready: a cold JVM answers a few hundred calls per second at most
 * (HMAC, JSON and URL signing run interpreted), so a load test that starts at full rate would first measure the JIT.
 * It runs signed calls through a private copy of the API, so the emulator's statistics and nonces stay untouched.
 */
final class Warmup {

	private static final String KEY_ID = "warmupAk";
	private static final String SECRET = "warmupSecret";

	private Warmup() {
	}

	static void run(EmulatorOptions options, int calls) {
		if (calls <= 0) {
			return;
		}
		EmulatorOptions isolated = options.withAccessKeys(List.of(AccessKey.of(KEY_ID, SECRET)))
				.withQps(EmulatorOptions.MAX_QPS).withNonceCapacity(calls + 1);
		Quotas quotas = new Quotas(isolated);
		Faults faults = new Faults(isolated, quotas, new HangGate());
		Authenticator authenticator = new Authenticator(isolated.accessKeys(), isolated.timestampTolerance(),
				new NonceStore(calls + 1));
		VodApi api = new VodApi(isolated, CdnOptions.defaults(), authenticator, quotas, faults, new Ledger(1000));
		for (int i = 0; i < calls; i++) {
			Reply reply = api.answer(call(i, options.clock().millis()));
			if (reply.status() != 200) {
				throw new IllegalStateException("warm-up call failed: " + reply.outcome());
			}
		}
	}

	private static RpcRequest call(int index, long now) {
		Map<String, String> parameters = new HashMap<>();
		String[] actions = { PlayInfoAction.NAME, PlayAuthAction.NAME, VideoInfoAction.NAME };
		parameters.put("Action", actions[index % actions.length]);
		parameters.put("Version", "2017-03-21");
		parameters.put("Format", "JSON");
		parameters.put("AccessKeyId", KEY_ID);
		parameters.put("SignatureMethod", SignatureV1.HMAC_SHA1);
		parameters.put("SignatureVersion", "1.0");
		parameters.put("SignatureNonce", "warmup-" + index);
		parameters.put("Timestamp", Authenticator.formatTimestamp(now));
		parameters.put("RegionId", "cn-shanghai");
		parameters.put("VideoId", String.format(Locale.ROOT, "warmup%026d", index % 500));
		parameters.put("Signature", SignatureV1.sign(SignatureV1.HMAC_SHA1, SECRET,
				SignatureV1.stringToSign("POST", parameters)));
		return new RpcRequest("POST", parameters, now);
	}
}
