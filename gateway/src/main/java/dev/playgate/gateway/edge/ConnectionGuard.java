package dev.playgate.gateway.edge;

import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.playgate.gateway.credential.ProblemCode;
import dev.playgate.gateway.edge.EdgeMetrics.Closure;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * One connection's guard, between Netty's HTTP codec and Reactor Netty: refuses what is not a readable HTTP/1.x
 * request (an {@link UnreadableRequest}) with a problem answer and closes the connection, hands an absolute-form
 * target on in origin-form ({@link RequestTarget}), and closes connections that are slow or idle: the header section
 * must arrive within {@code header-timeout} of the request's first byte (which may come in the read that ended the
 * request before it: a {@link PipelinedHead}), the body within {@code body-timeout} of the headers, each counted, for a
 * request pipelined behind answers still owed, from when the last of those answers was written; and a connection
 * with no request in progress and no answer owed is closed after {@code idle-timeout}. A request whose head or body
 * timed out is answered {@code 408 REQUEST_TIMEOUT} before the close, when that answer can be its own: no earlier
 * answer is still owed, and (for a body) its request has not been answered yet, in which case whatever the
 * application writes for it afterwards is dropped. An idle connection, with no byte of a request, is closed without
 * an answer, as nginx does. Nothing that reaches the log carries the client's text; refusals are counted and logged
 * through a {@link RefusalLog}.
 *
 * <p>
 * Answers stay in order ({@link OwedAnswers}): a refusal that follows pipelined requests still being answered is written after their
 * answers. Timers: one timer per connection runs on its event loop, never further ahead than the shortest timeout;
 * a change of phase only moves the deadline, and the timer, on firing, either closes the connection or re-arms for
 * what is left. A deadline set later is never earlier than the timer already armed, so no request pays for
 * scheduling or cancelling a timer. The clock is read once per read of the socket: a deadline set while the bytes of
 * that read are handled counts from when the read began (at most that read's handling earlier than exact), not from a
 * clock read of its own.
 */
final class ConnectionGuard extends ChannelDuplexHandler {

	static final String NAME = "playgate.connectionGuard";
	static final String BYTES_NAME = "playgate.requestStart";

	private final EdgeProperties properties;
	private final EdgeMetrics metrics;
	private final RefusalLog refusals;
	private final long maxStep;
	private final PipelinedHead pipelinedHead = new PipelinedHead();
	private final OwedAnswers answers = new OwedAnswers();

	@SuppressWarnings("NullAway.Init")
	private ChannelHandlerContext ctx;
	private boolean reading;
	/** The head of the request being read has come: its body is what is read now. */
	private boolean headArrived;
	private boolean refusing;
	private boolean answeredTimeout;
	private boolean answering;
	private long deadline;
	/** Ticker time at the start of the read being handled, while {@link #inRead}. */
	private long readAt;
	private boolean inRead;
	private @Nullable Closure deadlineReason;
	private @Nullable ScheduledFuture<?> timer;

	ConnectionGuard(EdgeProperties properties, EdgeMetrics metrics, RefusalLog refusals) {
		this.properties = properties;
		this.metrics = metrics;
		this.refusals = refusals;
		this.maxStep = min(properties.headerTimeout(), properties.bodyTimeout(), properties.idleTimeout()).toNanos();
	}

	/**
	 * The handler that goes before the codec and tells this guard when the bytes of a new request start: when a read
	 * begins one, or when the codec has taken a read that completed a request and began another (a
	 * {@link PipelinedHead}).
	 */
	ChannelHandler requestStart() {
		return new ChannelInboundHandlerAdapter() {
			@Override
			public void channelRead(ChannelHandlerContext context, Object msg) {
				readAt = now();
				inRead = true;
				try {
					read(context, msg);
				}
				finally {
					inRead = false;
				}
			}

			private void read(ChannelHandlerContext context, Object msg) {
				bytesArrived();
				if (!(msg instanceof ByteBuf bytes)) {
					context.fireChannelRead(msg);
					return;
				}
				pipelinedHead.readArrived(bytes);
				bytes.retain(); // looked at again once the codec has taken it
				try {
					context.fireChannelRead(msg);
					if (pipelinedHead.headBegan(bytes) && !reading && !refusing) {
						reading = true;
						timeReading();
					}
				}
				finally {
					bytes.release();
				}
			}
		};
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
		arm(properties.idleTimeout(), Closure.IDLE_TIMEOUT);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		cancelTimer();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		cancelTimer();
		answers.release();
	}

	private void bytesArrived() {
		if (!reading && !refusing) {
			reading = true;
			timeReading();
		}
	}

	/**
	 * Times the request being read, its head or (once its head came) its body, but only once no answer to an earlier
	 * request is owed: until then the connection waits for that answer, which its own timeouts bound, and a request
	 * pipelined behind it could not be answered anyway (as nginx reads a pipelined request only once the one before
	 * it is answered). Its full timeout then starts when the last earlier answer has been written.
	 */
	private void timeReading() {
		int earlier = headArrived ? Math.max(0, answers.count() - 1) : answers.count();
		if (earlier > 0) {
			disarm();
		}
		else if (headArrived) {
			arm(properties.bodyTimeout(), Closure.BODY_TIMEOUT);
		}
		else {
			arm(properties.headerTimeout(), Closure.HEADER_TIMEOUT);
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (refusing) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof HttpRequest request) {
			ProblemCode refusal = UnreadableRequest.codeOf(request);
			if (refusal != null) {
				ReferenceCountUtil.release(msg);
				refuse(refusal, request);
				return;
			}
			String target = request.uri();
			String originForm = RequestTarget.originForm(target);
			if (!originForm.equals(target)) {
				request.setUri(originForm); // the routes, and the hit path, read origin-form only
			}
			answers.requestTaken();
			reading = true; // also for a request that began in the read that ended the one before it
			headArrived = true;
			timeReading();
		}
		else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
			ReferenceCountUtil.release(msg);
			close(Closure.MALFORMED_BODY);
			return;
		}
		pipelinedHead.decoded(msg);
		if (msg instanceof LastHttpContent) {
			reading = false;
			headArrived = false;
			// a hit is answered while its request is being read, before this end of it arrives
			if (answers.count() == 0) {
				arm(properties.idleTimeout(), Closure.IDLE_TIMEOUT);
			}
			else {
				disarm();
			}
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (answeredTimeout) {
			ReferenceCountUtil.release(msg); // the request was answered 408: the application's answer comes too late
			promise.setFailure(new ClosedChannelException());
			return;
		}
		boolean endOfAnswer = OwedAnswers.endsAnAnswer(msg);
		if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
			answering = true;
		}
		if (endOfAnswer) {
			answering = false;
		}
		ctx.write(msg, promise);
		if (!endOfAnswer) {
			return;
		}
		boolean betweenRequests = answers.answerEnded(ctx);
		if (refusing) {
			return;
		}
		if (reading) {
			if (deadlineReason == null) {
				timeReading(); // a request read behind the answers owed is timed once they have all been written
			}
		}
		else if (betweenRequests) {
			arm(properties.idleTimeout(), Closure.IDLE_TIMEOUT);
		}
	}

	private void refuse(ProblemCode code, HttpRequest request) {
		refusing = true;
		reading = false;
		cancelTimer();
		metrics.refused(Endpoint.UNROUTED, code);
		String detail = UnreadableRequest.detail(code, request);
		refusals.refused(code.name() + " (" + detail + ")", ctx.channel().remoteAddress());
		answers.refuse(ctx, UnreadableRequest.answer(code, detail));
	}

	/**
	 * A deadline passed: a request's head that began, or a body, is answered 408 and the connection closed when that
	 * answer can be the request's own (see the class comment); an idle connection is just closed.
	 */
	private void timedOut(Closure reason) {
		boolean head = reason == Closure.HEADER_TIMEOUT && answers.count() == 0;
		boolean body = reason == Closure.BODY_TIMEOUT && answers.count() == 1 && reading && !answering;
		if (!head && !body) {
			close(reason);
			return;
		}
		refusing = true;
		cancelTimer();
		metrics.closed(reason);
		metrics.refused(Endpoint.UNROUTED, ProblemCode.REQUEST_TIMEOUT);
		refusals.refused(reason.tag(), ctx.channel().remoteAddress());
		String detail = head ? "the request's head did not arrive in time" : "the request's body did not arrive in time";
		ctx.writeAndFlush(UnreadableRequest.answer(ProblemCode.REQUEST_TIMEOUT, detail))
			.addListener(ChannelFutureListener.CLOSE);
		answeredTimeout = true;
	}

	private void close(Closure reason) {
		refusing = true;
		cancelTimer();
		metrics.closed(reason);
		refusals.refused(reason.tag(), ctx.channel().remoteAddress());
		ctx.close();
	}

	private void arm(Duration timeout, Closure reason) {
		deadline = (inRead ? readAt : now()) + timeout.toNanos();
		deadlineReason = reason;
		if (timer == null) {
			schedule();
		}
	}

	private void disarm() {
		deadlineReason = null;
	}

	private void cancelTimer() {
		deadlineReason = null;
		if (timer != null) {
			timer.cancel(false);
			timer = null;
		}
	}

	private void schedule() {
		long delay = Math.max(0, Math.min(deadline - now(), maxStep));
		timer = ctx.executor().schedule(this::check, delay, TimeUnit.NANOSECONDS);
	}

	private void check() {
		timer = null;
		Closure reason = deadlineReason;
		if (reason == null || refusing || !ctx.channel().isActive()) {
			return;
		}
		if (now() - deadline >= 0) {
			timedOut(reason);
			return;
		}
		schedule();
	}

	private long now() {
		return ctx.executor().ticker().nanoTime();
	}

	private static Duration min(Duration a, Duration b, Duration c) {
		Duration ab = a.compareTo(b) <= 0 ? a : b;
		return ab.compareTo(c) <= 0 ? ab : c;
	}

}
