package dev.playgate.gateway.edge;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;
import org.jspecify.annotations.Nullable;

/**
 * Whether a read that completed a request also brought the first bytes of the next one: the start of a request's
 * head that the {@link ConnectionGuard} must time although no further read will tell it so.
 *
 * <p>
 * Why it is needed: Netty's HTTP codec decodes a read's bytes at once and keeps those it cannot yet make a message of
 * (a partial request line or header section) to itself; nothing reaches the pipeline until the head is complete. When
 * a partial head arrives in its own read, the guard sees that read begin; when it arrives in the same read as the end
 * of the request before it, nothing says it is there. So the codec's messages tell where in the read the last
 * request it completed ends, and the read's bytes, looked at again once the codec has taken them, whether a byte of
 * another request lies beyond that end. The codec skips whitespace and control characters between requests, and a
 * head with a blank line after its first byte would have been decoded, so such a byte is a head begun. The request
 * ends at its last blank line when it has no body or a chunked one (its head or its last chunk ends so), or its
 * body's length after its head, whose blank line is the last one that leaves room for the body.
 *
 * <p>
 * One bound: a fixed-length body whose head is in the same read and which itself holds a blank line near its start
 * can hide the start of the next head; then the answer is "none begun" (never a head that is not there), and the
 * connection is timed as idle, as if nothing followed.
 */
final class PipelinedHead {

	private static final byte CR = '\r';
	private static final byte LF = '\n';
	private static final int NONE = -1;
	/** What the codec skips between requests: US-ASCII whitespace and control characters. */
	private static final ByteProcessor SKIPPED_BETWEEN_REQUESTS = b -> b >= 0 && b <= ' ';

	private int start;
	private int length;
	/** The previous read's last two bytes, for a blank line split between two reads. */
	private byte lastByte;
	private byte byteBeforeLast;

	/** A request ended in this read and no other began after it. */
	private boolean ended;
	/** The head of the request being read was decoded in this read. */
	private boolean headInRead;
	/** The request being read (its body length is read from its headers only when it is needed). */
	private @Nullable HttpRequest request;
	/** The body length of the request being read, {@link #NONE} when it ends at a blank line, or not yet read. */
	private long fixedLength = NONE;
	private boolean fixedLengthRead = true;
	private long contentInRead;

	/** A read's bytes, before the codec takes them; they must stay readable until {@link #headBegan}. */
	void readArrived(ByteBuf bytes) {
		start = bytes.readerIndex();
		length = bytes.readableBytes();
		ended = false;
		headInRead = false;
		contentInRead = 0;
	}

	/** One message the codec made of the read's bytes. */
	void decoded(Object msg) {
		if (msg instanceof HttpRequest head) {
			ended = false;
			headInRead = true;
			contentInRead = 0;
			request = head;
			fixedLengthRead = false;
		}
		if (msg instanceof HttpContent content) {
			contentInRead += content.content().readableBytes();
		}
		if (msg instanceof LastHttpContent) {
			ended = true;
		}
	}

	/**
	 * Whether, once the codec has taken the read of {@link #readArrived} (the same {@code bytes}), a request's head
	 * began after the last request it completed.
	 */
	boolean headBegan(ByteBuf bytes) {
		boolean began = ended && length > 0 && headBegun(bytes);
		if (length > 0) {
			byteBeforeLast = length >= 2 ? bytes.getByte(start + length - 2) : lastByte;
			lastByte = bytes.getByte(start + length - 1);
		}
		return began;
	}

	/**
	 * Whether a byte of a request lies after the end of the last request the read completed. When only whitespace
	 * follows the read's last blank line, none does, whatever the last request's body (the common case, a bodiless
	 * request ending the read, is told so without reading its headers): a head that began before that blank line would
	 * hold it, and would have been decoded.
	 */
	private boolean headBegun(ByteBuf bytes) {
		int last = lastRequestByte(bytes);
		if (last == NONE) {
			return false;
		}
		int blank = blankLineEnd(bytes, length);
		return (blank == NONE || last >= blank) && last >= endOfLastRequest(bytes);
	}

	private long fixedLength() {
		if (!fixedLengthRead) {
			fixedLengthRead = true;
			HttpRequest head = request;
			long body = head == null || HttpUtil.isTransferEncodingChunked(head) ? 0
					: HttpUtil.getContentLength(head, 0L);
			fixedLength = body > 0 ? body : NONE;
		}
		return fixedLength;
	}

	private int lastRequestByte(ByteBuf bytes) {
		int found = bytes.forEachByteDesc(start, length, SKIPPED_BETWEEN_REQUESTS);
		return found < 0 ? NONE : found - start;
	}

	/** Where the last request the read completed ends in it; {@link #length} when that cannot be told. */
	private long endOfLastRequest(ByteBuf bytes) {
		if (fixedLength() == NONE) {
			return lastBlankLineEnd(bytes, length);
		}
		if (!headInRead) {
			return contentInRead;
		}
		long room = length - contentInRead;
		int head = lastBlankLineEnd(bytes, (int) room);
		return head == length ? length : head + contentInRead;
	}

	/** The offset just after the last blank line's LF at or before {@code limit}; {@link #length} when none. */
	private int lastBlankLineEnd(ByteBuf bytes, int limit) {
		int end = blankLineEnd(bytes, limit);
		return end == NONE ? length : end;
	}

	/** The offset just after the last blank line's LF at or before {@code limit}; {@link #NONE} when none. */
	private int blankLineEnd(ByteBuf bytes, int limit) {
		for (int lf = limit <= 0 ? -1 : bytes.forEachByteDesc(start, limit, ByteProcessor.FIND_LF); lf >= 0;
				lf = lf == start ? -1 : bytes.forEachByteDesc(start, lf - start, ByteProcessor.FIND_LF)) {
			byte previous = at(bytes, lf - start - 1);
			if (previous == LF || (previous == CR && at(bytes, lf - start - 2) == LF)) {
				return lf - start + 1;
			}
		}
		return NONE;
	}

	private byte at(ByteBuf bytes, int offset) {
		if (offset >= 0) {
			return bytes.getByte(start + offset);
		}
		return offset == -1 ? lastByte : byteBeforeLast;
	}
}
