package dev.vespabench.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client on a plain socket that shows how a response ended: a clean close, a TCP
 * reset or silence. It sends {@code Connection: close}, so a server that finishes the
 * response closes the connection and the read ends.
 */
final class RawClient {

    /** How the connection ended. */
    enum Ending {
        /** The server closed the connection cleanly. */
        EOF,
        /** The server reset the connection. */
        RESET,
        /** Nothing arrived within the read timeout. */
        TIMEOUT
    }

    /**
     * A response as it arrived.
     *
     * @param status the status code, 0 when no status line arrived
     * @param headers headers with lower-case names
     * @param body the body, with chunked framing removed
     * @param complete whether the body ended as its framing promised: all
     *        {@code Content-Length} bytes, or the terminating chunk
     * @param ending how the connection ended
     */
    record Reply(int status, Map<String, String> headers, byte[] body, boolean complete,
            Ending ending) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawClient() {
    }

    /** Sends a POST with a JSON body and reads until the connection ends or times out. */
    static Reply post(int port, String path, String json, Duration timeout) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        Ending ending;
        try {
            int count;
            while ((count = in.read(buffer)) >= 0) {
                received.write(buffer, 0, count);
            }
            ending = Ending.EOF;
        } catch (SocketTimeoutException e) {
            ending = Ending.TIMEOUT;
        } catch (SocketException e) {
            ending = Ending.RESET;
        }
        return parse(received.toByteArray(), ending);
    }

    private static Reply parse(byte[] raw, Ending ending) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return new Reply(0, Map.of(), raw, false, ending);
        }
        String[] lines = text.substring(0, headerEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        String rest = text.substring(headerEnd + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            return dechunk(status, headers, rest, ending);
        }
        byte[] body = rest.getBytes(StandardCharsets.ISO_8859_1);
        String length = headers.get("content-length");
        boolean complete = length != null && Integer.parseInt(length) == body.length;
        return new Reply(status, headers, body, complete, ending);
    }

    private static Reply dechunk(int status, Map<String, String> headers, String rest,
            Ending ending) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int position = 0;
        boolean complete = false;
        while (true) {
            int lineEnd = rest.indexOf("\r\n", position);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(rest.substring(position, lineEnd).trim(), 16);
            if (size == 0) {
                complete = true;
                break;
            }
            int end = Math.min(rest.length(), lineEnd + 2 + size);
            body.writeBytes(rest.substring(lineEnd + 2, end)
                    .getBytes(StandardCharsets.ISO_8859_1));
            position = end + 2;
            if (position > rest.length()) {
                break;
            }
        }
        return new Reply(status, headers, body.toByteArray(), complete, ending);
    }
}
