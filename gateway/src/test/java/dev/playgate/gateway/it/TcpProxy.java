package dev.playgate.gateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay in front of one server, which a test can cut (every connection dropped, new ones closed at
 * once, as a network partition of one replica) and restore. Plain blocking sockets on daemon threads.
 */
final class TcpProxy implements AutoCloseable {

	private final ServerSocket server;
	private final int targetPort;
	private final Set<Socket> open = ConcurrentHashMap.newKeySet();
	private volatile boolean cut;

	private TcpProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.server = new ServerSocket();
		server.bind(new InetSocketAddress("127.0.0.1", 0));
		daemon("tcp-proxy-accept", this::accept).start();
	}

	/** A relay on a free loopback port to {@code 127.0.0.1:targetPort}. */
	static TcpProxy to(int targetPort) {
		try {
			return new TcpProxy(targetPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return server.getLocalPort();
	}

	/** Drops every connection and refuses new ones until {@link #restore}. */
	void cut() {
		cut = true;
		open.forEach(TcpProxy::quietlyClose);
		open.clear();
	}

	void restore() {
		cut = false;
	}

	private void accept() {
		while (!server.isClosed()) {
			try {
				Socket client = server.accept();
				if (cut) {
					quietlyClose(client);
					continue;
				}
				Socket upstream = new Socket("127.0.0.1", targetPort);
				open.add(client);
				open.add(upstream);
				daemon("tcp-proxy-up", () -> pump(client, upstream)).start();
				daemon("tcp-proxy-down", () -> pump(upstream, client)).start();
			}
			catch (IOException closedOrRefused) {
				// the server socket closed (the test is over) or the target refused: the client sees a drop
			}
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			for (int n; (n = in.read(buffer)) >= 0;) {
				out.write(buffer, 0, n);
				out.flush();
			}
		}
		catch (IOException dropped) {
			// one side closed or the proxy was cut: close both
		}
		finally {
			quietlyClose(from);
			quietlyClose(to);
			open.remove(from);
			open.remove(to);
		}
	}

	private static Thread daemon(String name, Runnable body) {
		Thread thread = new Thread(body, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void quietlyClose(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ignored) {
			// closing a socket that is already gone
		}
	}

	@Override
	public void close() {
		cut();
		try {
			server.close();
		}
		catch (IOException ignored) {
			// already closed
		}
	}
}
