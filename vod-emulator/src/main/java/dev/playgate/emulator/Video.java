package dev.playgate.emulator;

import java.util.List;

/**
 * One catalogue entry: the metadata and transcoded streams the emulator reports for a video id.
 *
 * @param id the 32-character video id
 * @param title the title (may contain non-ASCII characters, sent as raw UTF-8)
 * @param duration the duration in seconds with three decimals, e.g. {@code 734.125}
 * @param status {@code Normal} or, for a forbidden video, {@code Blocked}
 * @param creationTime ISO-8601 UTC creation time
 * @param size the mezzanine size in bytes
 * @param cateId the category id
 * @param streams every transcoded stream, oldest first within a definition and format
 */
record Video(String id, String title, String duration, String status, String creationTime, long size, long cateId,
		List<Stream> streams) {

	/**
	 * One transcoded stream.
	 *
	 * @param definition e.g. {@code LD}, {@code SD}, {@code HD}, {@code SQ}
	 * @param format e.g. {@code m3u8}, {@code mp4}, {@code mp3}
	 * @param streamType {@code video} or {@code audio}
	 * @param width the width in pixels (0 for audio)
	 * @param height the height in pixels (0 for audio)
	 * @param bitrate kbit/s with three decimals
	 * @param size bytes
	 * @param fps frames per second ("" for audio)
	 * @param jobId the transcode job id (32 hex)
	 * @param creationTime ISO-8601 UTC
	 * @param path the URL path, starting with {@code /}
	 */
	record Stream(String definition, String format, String streamType, long width, long height, String bitrate,
			long size, String fps, String jobId, String creationTime, String path) {
	}
}
