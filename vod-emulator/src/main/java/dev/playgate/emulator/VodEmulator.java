package dev.playgate.emulator;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A running VOD OpenAPI emulator: an HTTP/1.1 server on its own event loops that the real
 * {@code aliyun-java-sdk-vod} client can be pointed at, plus its faults and statistics.
 *
 * <pre>{@code
 * try (VodEmulator emu = VodEmulator.start(EmulatorOptions.defaults().withCredentials("testAk", "testSecret"))) {
 *     request.setSysEndpoint(emu.endpoint());   // HTTP is the SDK's default protocol
 *     ...
 *     assertThat(emu.stats().calls("GetPlayInfo")).isEqualTo(1);
 * }
 * }</pre>
 */
public final class VodEmulator implements AutoCloseable {

	private static final Duration MAINTENANCE_PERIOD = Duration.ofMillis(100);
	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

	private final EmulatorOptions options;
	private final Ledger ledger;
	private final NonceStore nonces;
	private final HangGate hang = new HangGate();
	private final Faults faults;
	private final LoopResources loops;
	private final ScheduledExecutorService maintenance;
	private final DisposableServer server;
	private final VideoLifecycle videos;
	private final VideoAdmin videoAdmin;

	private VodEmulator(EmulatorOptions options, CdnOptions cdn) {
		this.options = options;
		this.ledger = new Ledger(options.maxTrackedVideos());
		this.nonces = new NonceStore(options.nonceCapacity());
		Quotas quotas = new Quotas(options);
		this.faults = new Faults(options, quotas, hang);
		Authenticator authenticator = new Authenticator(options.accessKeys(), options.timestampTolerance(), nonces);
		Catalogue catalogue = new Catalogue(new VideoStates());
		CallbackSender callbacks = new CallbackSender(options.clock());
		this.videos = new VideoLifecycle(catalogue.states(), catalogue, callbacks, options.clock());
		this.videoAdmin = new VideoAdmin(videos, callbacks);
		VodApi api = new VodApi(options, cdn, authenticator, quotas, faults, ledger, catalogue);
		OpenApiEndpoint openApi = new OpenApiEndpoint(api, faults, hang, options.clock());
		AdminEndpoint admin = new AdminEndpoint(this);
		CdnEdge edge = new CdnEdge(cdn, options.clock());
		this.loops = LoopResources.create("vod-emulator", options.ioThreads(), true);
		this.maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "vod-emulator-maintenance");
			thread.setDaemon(true);
			return thread;
		});
		try {
			this.server = HttpServer.create()
					.host(options.host())
					.port(options.port())
					.runOn(loops)
					.httpRequestDecoder(spec -> spec.maxInitialLineLength(64 * 1024).maxHeaderSize(64 * 1024))
					.handle((request, response) -> request.uri().startsWith(AdminEndpoint.PREFIX)
							? admin.handle(request, response)
							: request.uri().startsWith(CdnEdge.PREFIX) ? edge.handle(request, response)
							: openApi.handle(request, response))
					.bindNow(SHUTDOWN_TIMEOUT);
		}
		catch (RuntimeException ex) {
			maintenance.shutdownNow();
			loops.dispose();
			throw ex;
		}
		long period = MAINTENANCE_PERIOD.toMillis();
		maintenance.scheduleAtFixedRate(this::maintain, period, period, TimeUnit.MILLISECONDS);
	}

	/** Starts an emulator and answers once it accepts connections. */
	public static VodEmulator start(EmulatorOptions options) {
		return new VodEmulator(options, CdnOptions.defaults());
	}

	/** Starts an emulator whose play URLs are signed, and checked at its CDN edge ({@code /__cdn}), as {@code cdn} says. */
	public static VodEmulator start(EmulatorOptions options, CdnOptions cdn) {
		return new VodEmulator(options, cdn);
	}

	/** The base URL of its emulated CDN edge: a play URL's scheme and host replaced by this is checked there. */
	public String cdnEdge() {
		return "http://" + endpoint() + CdnEdge.PREFIX;
	}

	/** The port it listens on (the actual one when started on port 0). */
	public int port() {
		return server.port();
	}

	/** The address it listens on. */
	public String host() {
		return options.host();
	}

	/** {@code host:port}, ready for the SDK's {@code request.setSysEndpoint(...)}. */
	public String endpoint() {
		return options.host() + ":" + port();
	}

	/** The options it was started with. */
	public EmulatorOptions options() {
		return options;
	}

	/** Its run-time faults. */
	public Faults faults() {
		return faults;
	}

	/** Its videos' lifecycle: review results, deletions, finished transcodes, and the signed callbacks VOD sends. */
	public VideoLifecycle videos() {
		return videos;
	}

	VideoAdmin videoAdmin() {
		return videoAdmin;
	}

	/** An immutable snapshot of its statistics, including every call answered before this method was called. */
	public Stats stats() {
		return ledger.snapshot();
	}

	/** Clears the statistics and the remembered SignatureNonces (faults stay as they are). */
	public void reset() {
		ledger.clear();
		nonces.clear();
	}

	/** Stops listening, closes held and open connections, and releases its threads. */
	@Override
	public void close() {
		hang.release();
		maintenance.shutdownNow();
		server.disposeNow(SHUTDOWN_TIMEOUT);
		loops.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT).block(SHUTDOWN_TIMEOUT.plusSeconds(1));
	}

	private void maintain() {
		try {
			ledger.drain();
			nonces.expire(options.clock().millis());
		}
		catch (RuntimeException ex) {
			// a failed tick must not cancel the schedule; the next snapshot drains again anyway
			System.err.println("vod-emulator: maintenance failed: " + ex);
		}
	}

	@Override
	public String toString() {
		return "VodEmulator[" + endpoint() + "]";
	}
}
