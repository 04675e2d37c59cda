package dev.playgate.gateway.purge;

import java.util.ArrayList;
import java.util.List;

import dev.playgate.gateway.credential.CachedEntry;
import dev.playgate.gateway.credential.VideoId;
import dev.playgate.gateway.credential.VideoPurgeable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every holder of per-video state in this process, purged together. One holder failing does not stop the others
 * (each is third-party-shaped code from this process's point of view, so the guard is broad and logs).
 */
final class LocalPurge {

	private static final Logger log = LoggerFactory.getLogger(LocalPurge.class);

	private final List<VideoPurgeable> holders;

	LocalPurge(List<VideoPurgeable> holders) {
		this.holders = List.copyOf(holders);
	}

	void purge(VideoId videoId) {
		for (VideoPurgeable holder : holders) {
			try {
				holder.purge(videoId);
			}
			catch (RuntimeException ex) {
				log.error("purging {} from {} failed", videoId, holder, ex);
			}
		}
	}

	void purgeAll() {
		for (VideoPurgeable holder : holders) {
			try {
				holder.purgeAll();
			}
			catch (RuntimeException ex) {
				log.error("dropping everything from {} failed", holder, ex);
			}
		}
	}

	List<CachedEntry> entries(VideoId videoId) {
		List<CachedEntry> all = new ArrayList<>();
		for (VideoPurgeable holder : holders) {
			all.addAll(holder.entries(videoId));
		}
		return all;
	}

	int holders() {
		return holders.size();
	}
}
