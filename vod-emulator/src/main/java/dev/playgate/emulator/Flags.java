package dev.playgate.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

/**
 * The command line of the runnable jar: every flag, its help text, and how it changes the {@link EmulatorOptions}
 * and the initial {@link Faults}. Flags take {@code --name value} or {@code --name=value}.
 */
final class Flags {

	private final Map<String, Flag> flags = new LinkedHashMap<>();

	private EmulatorOptions options;
	private String accessKeyId = EmulatorOptions.DEFAULT_ACCESS_KEY_ID;
	private String accessKeySecret = EmulatorOptions.DEFAULT_ACCESS_KEY_SECRET;
	private @Nullable String securityToken;
	private String current = "";
	private final List<AccessKey> extraKeys = new ArrayList<>();
	private final Map<String, String> faults = new LinkedHashMap<>();
	private boolean help;
	private int warmupCalls = 20_000;
	private CdnOptions cdn = CdnOptions.defaults();
	private @Nullable String callbackUrl;
	private @Nullable String callbackKey;

	private Flags() {
		options = EmulatorOptions.defaults().withPort(18080);
		define("host", "ADDRESS", "address to listen on (default 127.0.0.1)", (o, v) -> o.withHost(v));
		define("port", "N", "port to listen on, 0 = any free port (default 18080)", (o, v) -> o.withPort(integer(v)));
		define("access-key-id", "ID", "AccessKeyId accepted (default testAk)", (o, v) -> key(o, () -> accessKeyId = v));
		define("access-key-secret", "SECRET", "its AccessKeySecret (default testSecret)",
				(o, v) -> key(o, () -> accessKeySecret = v));
		define("security-token", "TOKEN", "make that key an STS key: requests must carry this SecurityToken",
				(o, v) -> key(o, () -> securityToken = v));
		define("credential", "ID:SECRET[:TOKEN]", "accept one more AccessKey (repeatable)", this::credential);
		define("region", "REGION", "region id used in HostId and URLs (default cn-shanghai)",
				(o, v) -> o.withRegionId(v));
		define("qps", "N", "quota of every action, calls/s (default 360)", (o, v) -> o.withQps(integer(v)));
		define("action-qps", "ACTION=N", "quota of one action (repeatable), e.g. GetVideoInfo=100", this::actionQps);
		define("quota-window", "sliding|fixed", "sliding: any 1 s window; fixed: calendar seconds (default sliding)",
				(o, v) -> o.withQuotaWindow(QuotaWindow.valueOf(v.toUpperCase(Locale.ROOT))));
		define("throttle-status", "N", "HTTP status of Throttling.User (default 400)",
				(o, v) -> o.withThrottleStatus(integer(v)));
		define("latency-ms", "N", "fixed latency added to every answer (default 0)",
				(o, v) -> o.withLatency(Duration.ofMillis(integer(v)), o.jitter()));
		define("jitter-ms", "N", "random 0..N ms added on top of the latency (default 0)",
				(o, v) -> o.withLatency(o.latency(), Duration.ofMillis(integer(v))));
		define("error-rate", "R", "fraction 0..1 of authenticated calls failed on purpose (default 0)", this::fault);
		define("error-code", "CODE", "code of injected failures (default InternalError)", this::fault);
		define("error-status", "N", "HTTP status of injected failures (default: VOD's status for the code)",
				this::fault);
		define("outage", "", "start in outage: every call gets 503 ServiceUnavailable", (o, v) -> fault(o, "true"));
		define("timestamp-tolerance-seconds", "N", "accepted Timestamp skew (default 900)",
				(o, v) -> o.withTimestampTolerance(Duration.ofSeconds(integer(v))));
		define("nonce-capacity", "N", "most SignatureNonces remembered (default 1000000)",
				(o, v) -> o.withNonceCapacity(integer(v)));
		define("max-tracked-videos", "N", "most distinct video ids counted individually (default 100000)",
				(o, v) -> o.withMaxTrackedVideos(integer(v)));
		define("play-domain", "HOST", "default playback domain of URLs (default vod.emulator.test)",
				(o, v) -> o.withPlayDomain(v));
		define("cdn-key", "KEY", "private key of the CDN's URL signing for play URLs and the /__cdn edge",
				(o, v) -> key(o, () -> cdn = cdn.withKey(v)));
		define("cdn-auth-type", "A|B|C", "URL signing type of play URLs and the /__cdn edge (default A)",
				(o, v) -> key(o, () -> cdn = cdn.withAuthType(CdnAuthType.parse(v))));
		define("cdn-validity", "SECONDS", "validity the /__cdn edge adds to a URL's timestamp (default 0)",
				(o, v) -> key(o, () -> cdn = cdn.withValidity(Duration.ofSeconds(integer(v)))));
		define("io-threads", "N", "event-loop threads (default: one per core)", (o, v) -> o.withIoThreads(integer(v)));
		define("warmup-calls", "N", "calls run in-process to compile the hot path before 'ready' (default 20000)",
				(o, v) -> {
					warmupCalls = integer(v);
					return o;
				});
		define("callback-url", "URL", "send VOD's signed event callbacks here (with --callback-key)",
				(o, v) -> key(o, () -> callbackUrl = v));
		define("callback-key", "KEY", "the AuthKey callbacks are signed with", (o, v) -> key(o, () -> callbackKey = v));
		define("help", "", "print this help and exit", (o, v) -> {
			help = true;
			return o;
		});
	}

	/** Parses the arguments; throws {@link IllegalArgumentException} naming the flag that is wrong. */
	static Flags parse(String... args) {
		Flags parsed = new Flags();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("unexpected argument: " + arg);
			}
			int equals = arg.indexOf('=');
			String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
			Flag flag = parsed.flags.get(name);
			if (flag == null) {
				throw new IllegalArgumentException("unknown flag: --" + name);
			}
			String value = equals >= 0 ? arg.substring(equals + 1) : flag.takesValue() ? next(args, ++i, name) : "";
			parsed.current = name;
			parsed.options = flag.apply().apply(parsed.options, value);
		}
		if ((parsed.callbackUrl == null) != (parsed.callbackKey == null)) {
			throw new IllegalArgumentException("--callback-url and --callback-key go together");
		}
		if (parsed.callbackUrl != null && parsed.callbackKey != null) {
			new CallbackSender.Target(parsed.callbackUrl, parsed.callbackKey);
		}
		return parsed;
	}

	int warmupCalls() {
		return warmupCalls;
	}

	boolean isHelp() {
		return help;
	}

	/** The CDN URL signing of play URLs and of the {@code /__cdn} edge. */
	CdnOptions cdn() {
		return cdn;
	}

	EmulatorOptions options() {
		List<AccessKey> keys = new ArrayList<>();
		keys.add(new AccessKey(accessKeyId, accessKeySecret, securityToken));
		keys.addAll(extraKeys);
		return options.withAccessKeys(keys);
	}

	/** Applies the fault flags to a started emulator. */
	void applyFaults(Faults target) {
		if (!faults.isEmpty()) {
			AdminEndpoint.apply(target, faults);
		}
	}

	/** Points a started emulator's callbacks where the flags say (checked when parsed: both or neither). */
	void applyCallbacks(VodEmulator target) {
		if (callbackUrl != null && callbackKey != null) {
			target.videos().callbackTo(callbackUrl, callbackKey);
		}
	}

	static String usage() {
		StringBuilder out = new StringBuilder("usage: java -jar vod-emulator.jar [flags]\n\nflags:\n");
		new Flags().flags.forEach((name, flag) -> {
			String left = "  --" + name + (flag.metavar().isEmpty() ? "" : " " + flag.metavar());
			out.append(String.format(Locale.ROOT, "%-40s %s%n", left, flag.help()));
		});
		return out.append("\nadmin API: GET /__admin/stats, POST /__admin/reset, GET|POST /__admin/faults, "
				+ "GET /__admin/health,\n  GET|POST /__admin/videos/{id} (status, deleted, streams=added, title), "
				+ "GET|POST /__admin/callback\nCDN edge: GET /__cdn/<signed path>[?auth_key=...] answers 200 or 403 + "
				+ "X-Tengine-Error\n").toString();
	}

	private EmulatorOptions fault(EmulatorOptions o, String value) {
		String key = switch (current) {
			case "error-rate" -> "errorRate";
			case "error-code" -> "errorCode";
			case "error-status" -> "errorStatus";
			default -> current;
		};
		faults.put(key, value);
		return o;
	}

	private EmulatorOptions key(EmulatorOptions o, Runnable assignment) {
		assignment.run();
		return o;
	}

	private EmulatorOptions credential(EmulatorOptions o, String value) {
		String[] parts = value.split(":", 3);
		if (parts.length < 2) {
			throw new IllegalArgumentException("--credential must be ID:SECRET[:TOKEN]");
		}
		extraKeys.add(new AccessKey(parts[0], parts[1], parts.length == 3 ? parts[2] : null));
		return o;
	}

	private EmulatorOptions actionQps(EmulatorOptions o, String value) {
		int equals = value.indexOf('=');
		if (equals <= 0 || !Ledger.isKnown(value.substring(0, equals))) {
			throw new IllegalArgumentException("--action-qps must be ACTION=N with ACTION one of " + Ledger.ACTIONS
					+ ": " + value);
		}
		return o.withQps(value.substring(0, equals), integer(value.substring(equals + 1)));
	}

	private void define(String name, String metavar, String help,
			BiFunction<EmulatorOptions, String, EmulatorOptions> apply) {
		flags.put(name, new Flag(metavar, help, apply));
	}

	private static String next(String[] args, int index, String name) {
		if (index >= args.length) {
			throw new IllegalArgumentException("--" + name + " needs a value");
		}
		return args[index];
	}

	private static int integer(String value) {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("not an integer: " + value, ex);
		}
	}

	private record Flag(String metavar, String help, BiFunction<EmulatorOptions, String, EmulatorOptions> apply) {

		boolean takesValue() {
			return !metavar.isEmpty();
		}
	}
}
