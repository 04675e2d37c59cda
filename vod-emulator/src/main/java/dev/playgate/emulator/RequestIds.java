package dev.playgate.emulator;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids in VOD's shape ({@code E4EBD2BF-5EB0-4476-8829-9D94E1B1A2C3}), cheap enough for every call. */
final class RequestIds {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private RequestIds() {
	}

	static String next() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = random.nextLong();
		long low = random.nextLong();
		char[] id = new char[36];
		int position = 0;
		for (int i = 0; i < 32; i++) {
			if (i == 8 || i == 12 || i == 16 || i == 20) {
				id[position++] = '-';
			}
			long word = i < 16 ? high : low;
			id[position++] = HEX[(int) (word >>> (60 - 4 * (i % 16))) & 0xF];
		}
		return new String(id);
	}
}
