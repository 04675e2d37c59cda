package dev.playgate.loadtest;

/**
 * The video ids the simulations ask for: 32 characters of {@code [0-9a-zA-Z]} derived from a rank, so the same rank
 * is the same video in every run. The emulator's catalogue holds every well-formed id except the documented
 * prefixes, which are used here to mix in expected errors.
 */
final class VideoIds {

	/** The prefix the emulator answers with 404 {@code InvalidVideo.NotFound}. */
	static final String NOT_FOUND_PREFIX = "NOTFOUND";

	private VideoIds() {
	}

	/** The playable video of this rank: {@code v} followed by the rank, zero-padded to 31 digits. */
	static String playable(long rank) {
		return "v" + pad(rank, 31);
	}

	/** The warm-up's video of this rank: {@code w} followed by the rank, an id no measured simulation asks for. */
	static String warmUp(long rank) {
		return "w" + pad(rank, 31);
	}

	/** An id of this rank that the catalogue does not hold (the gateway should answer 404 and cache that briefly). */
	static String notFound(long rank) {
		return NOT_FOUND_PREFIX + pad(rank, 32 - NOT_FOUND_PREFIX.length());
	}

	private static String pad(long rank, int width) {
		String digits = Long.toString(rank);
		if (rank < 0 || digits.length() > width) {
			throw new IllegalArgumentException("rank must be 0.." + "9".repeat(width) + ": " + rank);
		}
		return "0".repeat(width - digits.length()) + digits;
	}
}
