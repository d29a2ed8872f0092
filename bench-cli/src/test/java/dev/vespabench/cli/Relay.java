package dev.vespabench.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import io.netty.handler.ssl.util.SelfSignedCertificate;

/**
 * A TCP relay on 127.0.0.1 in front of a server on 127.0.0.1, for tests. It copies bytes both
 * ways and stores the bytes that clients sent, so a test can check the request headers. It can
 * also serve TLS with a self-signed certificate in front of a plain server.
 */
final class Relay implements AutoCloseable {

    /** The request bytes stored per connection; later bytes are relayed but not stored. */
    private static final int STORED_BYTES = 1 << 20;

    private final ServerSocket listener;
    private final int targetPort;
    private final List<ByteArrayOutputStream> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private Relay(ServerSocket listener, int targetPort) {
        this.listener = listener;
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::accept, "relay-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a plain relay to the given port on 127.0.0.1. */
    static Relay plain(int targetPort) throws IOException {
        return new Relay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
    }

    /** Starts a relay that serves TLS with a new self-signed certificate for 127.0.0.1. */
    static Relay tls(int targetPort) throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate("127.0.0.1");
        char[] password = "relay".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("relay", certificate.key(), password,
                new Certificate[] {certificate.cert()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(
                KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return new Relay(context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress()), targetPort);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Returns everything clients sent through the relay, decoded as ISO-8859-1. */
    String requestText() {
        StringBuilder text = new StringBuilder();
        for (ByteArrayOutputStream request : requests) {
            synchronized (request) {
                text.append(request.toString(StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        targetPort));
                sockets.add(client);
                sockets.add(server);
                ByteArrayOutputStream sent = new ByteArrayOutputStream();
                requests.add(sent);
                copy(client, server, sent);
                copy(server, client, null);
            } catch (IOException e) {
                // Closed, or one connection failed; the client sees its connection drop.
            }
        }
    }

    private static void copy(Socket from, Socket to, ByteArrayOutputStream stored) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (stored != null) {
                        synchronized (stored) {
                            stored.write(buffer, 0, Math.min(n, Math.max(0,
                                    STORED_BYTES - stored.size())));
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // One side closed or reset the connection; close both below.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "relay-copy");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
