package dev.playgate.gateway.edge;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;

/**
 * Whether a read that completed a request also brought the first bytes of the next one: the start of a request's
 * head that the {@link ConnectionGuard} must time although no further read will tell it so.
 *
 * <p>
 * Why it is needed: Netty's HTTP codec decodes a read's bytes at once and keeps those it cannot yet make a message of
 * (a partial request line or header section) to itself; nothing reaches the pipeline until the head is complete. When
 * a partial head arrives in its own read, the guard sees that read begin; when it arrives in the same read as the end
 * of the request before it, nothing says it is there. So each read's last bytes are looked at before the codec takes
 * them (where its last blank line ends, where its last byte that is not whitespace or a control character is), and
 * the codec's messages tell where in that read the last request it completed ends: at a blank line when it has no
 * body or a chunked one (its head or last chunk ends so), or its body's length after its head. A byte of a request
 * beyond that end is a head begun: the codec skips whitespace and control characters between requests, and a head
 * with a blank line after its first byte would have been decoded.
 *
 * <p>
 * One bound: a fixed-length body whose head is in the same read is taken to start after the read's last blank line;
 * when the body itself holds one, the answer can only be "none begun" (never a head that is not there), and the head
 * is then timed as idle, as before.
 */
final class PipelinedHead {

	private static final byte CR = '\r';
	private static final byte LF = '\n';
	private static final int NONE = -1;
	/** What the codec skips between requests: US-ASCII whitespace and control characters. */
	private static final ByteProcessor SKIPPED_BETWEEN_REQUESTS = b -> b >= 0 && b <= ' ';

	private int length;
	/** Offset just after the read's last blank line's LF, or {@link #NONE}. */
	private int lastBlankLineEnd = NONE;
	/** Offset of the read's last byte that is neither whitespace nor a control character, or {@link #NONE}. */
	private int lastRequestByte = NONE;
	/** The previous read's last two bytes, for a blank line split between two reads. */
	private byte lastByte;
	private byte byteBeforeLast;

	/** A request ended in this read and no other began after it. */
	private boolean ended;
	/** The head of the request being read was decoded in this read. */
	private boolean headInRead;
	/** The body length of the request being read, or {@link #NONE} when it ends at a blank line. */
	private long fixedLength = NONE;
	private long contentInRead;

	/** A read's bytes, before the codec takes them. */
	void readArrived(ByteBuf bytes) {
		int start = bytes.readerIndex();
		length = bytes.readableBytes();
		int found = length == 0 ? -1 : bytes.forEachByteDesc(start, length, SKIPPED_BETWEEN_REQUESTS);
		lastRequestByte = found < 0 ? NONE : found - start;
		lastBlankLineEnd = NONE;
		for (int lf = length == 0 ? -1 : bytes.forEachByteDesc(start, length, ByteProcessor.FIND_LF); lf >= 0;
				lf = lf == start ? -1 : bytes.forEachByteDesc(start, lf - start, ByteProcessor.FIND_LF)) {
			if (endsBlankLine(bytes, start, lf - start)) {
				lastBlankLineEnd = lf - start + 1;
				break;
			}
		}
		byteBeforeLast = length >= 2 ? bytes.getByte(start + length - 2) : lastByte;
		lastByte = length >= 1 ? bytes.getByte(start + length - 1) : lastByte;
		ended = false;
		headInRead = false;
		contentInRead = 0;
	}

	/** One message the codec made of this read's bytes. */
	void decoded(Object msg) {
		if (msg instanceof HttpRequest request) {
			ended = false;
			headInRead = true;
			contentInRead = 0;
			boolean chunked = HttpUtil.isTransferEncodingChunked(request);
			fixedLength = chunked ? NONE : Math.max(0, HttpUtil.getContentLength(request, 0L));
			fixedLength = fixedLength == 0 ? NONE : fixedLength;
		}
		if (msg instanceof HttpContent content) {
			contentInRead += content.content().readableBytes();
		}
		if (msg instanceof LastHttpContent) {
			ended = true;
		}
	}

	/** Whether, once the codec has taken this read, a request's head began after the last request it completed. */
	boolean followsTheLastRequest() {
		if (!ended) {
			return false;
		}
		long end;
		if (fixedLength == NONE) {
			end = lastBlankLineEnd == NONE ? length : lastBlankLineEnd;
		}
		else if (!headInRead) {
			end = contentInRead;
		}
		else {
			long afterBlankLine = (lastBlankLineEnd == NONE ? length : lastBlankLineEnd) + contentInRead;
			end = afterBlankLine <= length ? afterBlankLine : length;
		}
		return lastRequestByte >= end;
	}

	private boolean endsBlankLine(ByteBuf bytes, int start, int lf) {
		byte previous = at(bytes, start, lf - 1);
		return previous == LF || (previous == CR && at(bytes, start, lf - 2) == LF);
	}

	private byte at(ByteBuf bytes, int start, int offset) {
		if (offset >= 0) {
			return bytes.getByte(start + offset);
		}
		return offset == -1 ? lastByte : byteBeforeLast;
	}

}
