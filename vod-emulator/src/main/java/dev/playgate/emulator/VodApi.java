package dev.playgate.emulator;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The emulated service behind the HTTP front: decides the answer to one parsed call, in the order VOD's gateway
 * does (availability, API lookup, authentication, quota, then the action), and records it in the {@link Ledger}.
 *
 * <p>Everything here is plain CPU work of a few microseconds, safe to run on an event loop.
 */
final class VodApi {

	private static final String VERSION = "2017-03-21";

	private final Map<String, Action> actions;
	private final Authenticator authenticator;
	private final Quotas quotas;
	private final Faults faults;
	private final Ledger ledger;
	private final String hostId;

	VodApi(EmulatorOptions options, CdnOptions cdn, Authenticator authenticator, Quotas quotas, Faults faults,
			Ledger ledger) {
		this(options, cdn, authenticator, quotas, faults, ledger, new Catalogue());
	}

	VodApi(EmulatorOptions options, CdnOptions cdn, Authenticator authenticator, Quotas quotas, Faults faults,
			Ledger ledger, Catalogue catalogue) {
		this.actions = Map.of(PlayAuthAction.NAME, new PlayAuthAction(catalogue, options.regionId(),
				options.playDomain()),
				PlayInfoAction.NAME, new PlayInfoAction(catalogue, options.regionId(), options.playDomain(),
						cdn),
				VideoInfoAction.NAME, new VideoInfoAction(catalogue, options.regionId(), options.playDomain()),
				AppPlayKeyAction.NAME, new AppPlayKeyAction());
		this.authenticator = authenticator;
		this.quotas = quotas;
		this.faults = faults;
		this.ledger = ledger;
		this.hostId = "vod." + options.regionId() + ".aliyuncs.com";
	}

	Reply answer(RpcRequest request) {
		String requestId = RequestIds.next();
		Reply reply;
		boolean rejected = false;
		try {
			ApiError refusal = refusal(request);
			rejected = refusal != null && refusal.authentication();
			reply = refusal != null ? Reply.error(refusal, requestId, hostId)
					: Reply.ok(actions.get(request.action()).handle(request, requestId), requestId);
		}
		catch (ApiException ex) {
			reply = Reply.error(ex.error(), requestId, hostId);
		}
		ledger.record(request.action(), request.videoId(), reply.outcome(), rejected, request.arrivalMillis());
		return reply;
	}

	/** Records a call held by the hang fault; it will never be answered. */
	void recordHung(RpcRequest request) {
		ledger.record(request.action(), request.videoId(), "Hang", false, request.arrivalMillis());
	}

	@Nullable
	private ApiError refusal(RpcRequest request) {
		if (faults.isOutage()) {
			return ApiError.serviceUnavailable();
		}
		ApiError unknown = unknownApi(request);
		if (unknown != null) {
			return unknown;
		}
		ApiError unauthenticated = authenticator.check(request);
		if (unauthenticated != null) {
			return unauthenticated;
		}
		if (!quotas.tryAcquire(request.action(), request.arrivalMillis())) {
			return ApiError.throttled(faults.throttleStatus());
		}
		return faults.injectedError();
	}

	@Nullable
	private ApiError unknownApi(RpcRequest request) {
		String malformed = request.get(OpenApiEndpoint.MALFORMED);
		if (malformed != null) {
			return ApiError.of(400, "InvalidParameter", "The request parameters are not well encoded: " + malformed);
		}
		String action = request.get("Action");
		if (action == null || action.isEmpty()) {
			return ApiError.missing("Action");
		}
		String version = request.get("Version");
		if (version == null || version.isEmpty()) {
			return ApiError.missing("Version");
		}
		if (!VERSION.equals(version) || !actions.containsKey(action)) {
			return ApiError.apiNotFound(action);
		}
		return null;
	}
}
