package dev.playgate.loadtest;

/**
 * What share of requests go to each call, and with which query: {@code -DplayInfoShare} (0..1) of them ask for play
 * URLs instead of a PlayAuth, {@code -DnotFoundShare} (0..1) ask for videos that do not exist (expected 404s,
 * counted as successes), and {@code -DplayAuthQuery} / {@code -DplayInfoQuery} are appended verbatim; a query with
 * {@code |} lists variants, one drawn per request ({@code authTimeout=1800|authTimeout=3600&formats=mp4}).
 *
 * @param playInfoShare share of requests that call play-info
 * @param notFoundShare share of requests for ids the catalogue does not hold
 * @param playAuthQuery query string for play-auth, without the {@code ?}
 * @param playInfoQuery query string for play-info, without the {@code ?}
 */
record Mix(double playInfoShare, double notFoundShare, String playAuthQuery, String playInfoQuery) {

	/** The mix named by the {@code -D} properties, with these defaults. */
	static Mix fromKnobs(double playInfoShare, String playAuthQuery) {
		return new Mix(Knobs.decimal("playInfoShare", playInfoShare, 0, 1), Knobs.decimal("notFoundShare", 0, 0, 1),
				Knobs.text("playAuthQuery", playAuthQuery), Knobs.text("playInfoQuery", ""));
	}
}
