package dev.vespabench.core.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on 127.0.0.1 that responds to each request with bytes a test writes itself. It lets
 * a test send what a well-behaved HTTP server would not: a cut body, a garbled status line, or
 * a close instead of a response.
 */
final class ScriptedServer implements AutoCloseable {

    /** What the server does with one request. */
    @FunctionalInterface
    interface Script {
        /**
         * Responds to a request.
         *
         * @param connection the number of the connection, from 0
         * @param request the number of the request on that connection, from 0
         * @param out the connection's output
         * @return false to close the connection after the response
         */
        boolean answer(int connection, int request, OutputStream out) throws IOException;
    }

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final Script script;
    private volatile String lastHead = "";

    ScriptedServer(Script script) throws IOException {
        this.script = script;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** Returns the number of connections accepted so far. */
    int connections() {
        return accepted.get();
    }

    /** Returns the request line and headers of the latest request. */
    String lastHead() {
        return lastHead;
    }

    /** Returns the number of connections the client has closed or the script ended. */
    int connectionsEnded() {
        return ended.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                open.add(connection);
                int number = accepted.getAndIncrement();
                threads.execute(() -> serve(connection, number));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket connection, int number) {
        try (connection) {
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            for (int request = 0; readRequest(in); request++) {
                if (!script.answer(number, request, out)) {
                    return;
                }
                out.flush();
            }
        } catch (IOException e) {
            // The client closed the connection.
        } finally {
            open.remove(connection);
            ended.incrementAndGet();
        }
    }

    /** Reads a request's head and body; returns false at the end of the stream. */
    private boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int next = in.read();
            if (next < 0) {
                return false;
            }
            head.write(next);
            if (next == "\r\n\r\n".charAt(matched)) {
                matched++;
            } else if (next == '\r') {
                matched = 1;
            } else {
                matched = 0;
            }
        }
        long length = 0;
        lastHead = head.toString(StandardCharsets.ISO_8859_1);
        for (String line : lastHead.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        for (long i = 0; i < length; i++) {
            if (in.read() < 0) {
                return false;
            }
        }
        return true;
    }

    /** Writes a complete response with a Content-Length. */
    static void respond(OutputStream out, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws Exception {
        socket.close();
        for (Socket connection : open) {
            connection.close();
        }
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
    }
}
