package io.lpreg.engine.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N idle TCP connections to a gateway and holds them until standard input closes. Runs in its own
 * JVM so the test JVM's file-descriptor limit only has to cover the gateway's side.
 */
public final class IdleConnections {
    private IdleConnections() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        List<Socket> sockets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            socket.connect(target, 10_000);
            sockets.add(socket);
        }
        System.out.println("ready " + sockets.size());
        System.out.flush();
        try (BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in))) {
            while (stdin.readLine() != null) {
                // hold the connections until the test closes our standard input
            }
        }
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
