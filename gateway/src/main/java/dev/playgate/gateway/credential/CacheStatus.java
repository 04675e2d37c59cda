package dev.playgate.gateway.credential;

/** How a credential was served; sent to clients as the {@code X-Cache} header. */
public enum CacheStatus {
	/** From a cache tier (local or shared), fresh. */
	HIT,
	/** This request caused the upstream call. */
	MISS,
	/** This request waited for a load that another request (in this process or on another replica) started. */
	COALESCED,
	/** From a cache tier, past its refresh point because the upstream could not refresh it, yet still valid. */
	STALE,
	/** Signed in the gateway for this request, from a stream catalogue it held ({@code local-sign} play-info). */
	SIGNED
}
