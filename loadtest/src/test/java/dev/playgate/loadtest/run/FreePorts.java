package dev.playgate.loadtest.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints N distinct free TCP ports of 127.0.0.1, space-separated: {@code loadtest/run} starts every process on
 * ports picked this way. All N sockets are held open together, so the ports are distinct.
 */
public final class FreePorts {

	private FreePorts() {
	}

	/** {@code FreePorts N}. */
	public static void main(String[] args) throws IOException {
		int count = args.length == 1 ? Integer.parseInt(args[0]) : 1;
		if (count < 1 || count > 1000) {
			throw new IllegalArgumentException("ask for 1..1000 ports: " + count);
		}
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
			}
			System.out.println(sockets.stream().map(socket -> Integer.toString(socket.getLocalPort()))
				.collect(Collectors.joining(" ")));
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}
}
