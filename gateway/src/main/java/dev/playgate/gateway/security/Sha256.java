package dev.playgate.gateway.security;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A per-thread SHA-256 of presented keys and tokens. Each event-loop thread reuses its digest and buffers, so hashing a
 * header value allocates nothing.
 *
 * <p>
 * Netty decodes header bytes one to one into chars 0-255, so those chars are hashed as the bytes they came from: the
 * digest is that of the bytes on the wire, which for a UTF-8 key is what {@code sha256sum} printed for it. Text with
 * wider chars (only possible when built in Java) is hashed as UTF-8.
 */
final class Sha256 {

	/** The digest length in bytes. */
	static final int LENGTH = 32;

	private static final ThreadLocal<Sha256> LOCAL = ThreadLocal.withInitial(Sha256::new);

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	private final MessageDigest digest;
	private final byte[] out = new byte[LENGTH];
	private byte[] in = new byte[256];

	private Sha256() {
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform provides SHA-256", ex);
		}
	}

	/** This thread's hasher. */
	static Sha256 local() {
		return LOCAL.get();
	}

	/** The SHA-256 of the text's bytes (see above), in a buffer this thread reuses on its next call. */
	byte[] digest(CharSequence text) {
		if (!copyOctets(text)) {
			digest.update(text.toString().getBytes(StandardCharsets.UTF_8));
		}
		try {
			digest.digest(out, 0, LENGTH);
		}
		catch (DigestException ex) {
			throw new IllegalStateException("a 32-byte buffer holds a SHA-256", ex);
		}
		return out;
	}

	private boolean copyOctets(CharSequence text) {
		int length = text.length();
		if (in.length < length) {
			in = new byte[Math.max(length, in.length * 2)];
		}
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c > 0xFF) {
				return false;
			}
			in[i] = (byte) c;
		}
		digest.update(in, 0, length);
		return true;
	}

	/** The {@code index}-th big-endian long of a digest (0..3). */
	static long longAt(byte[] digest, int index) {
		return (long) LONGS.get(digest, index * Long.BYTES);
	}
}
