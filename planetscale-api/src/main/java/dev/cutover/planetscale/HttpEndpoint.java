package dev.cutover.planetscale;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server, bounded against slow and large requests: each connection has its own
 * thread (at most {@link PlanetScaleServer.Limits#maxConnections()} of them; one more is answered
 * 503 and closed), which reads the whole request (headers at most
 * {@link PlanetScaleServer.Limits#maxHeaderBytes()}, body at most
 * {@link PlanetScaleServer.Limits#maxBodyBytes()}, both within
 * {@link PlanetScaleServer.Limits#readTimeout()} of its first byte) before it calls the handler, and
 * writes the answer within the same time. A connection that overstays a limit is closed from a
 * watchdog thread, so that a client trickling one byte at a time holds only its own connection,
 * never the handler or another client. Keep-alive is kept for {@code idleTimeout} between requests.
 * Bodies over 64 KiB being read at once share a budget of 32 MiB (or one largest body); one more is
 * answered 503, so that many large slow bodies cannot take the heap.
 *
 * <p>Why not {@code com.sun.net.httpserver}: it reads headers and bodies on the handler pool's
 * threads with no time limit that a library can set (decision 107).
 */
final class HttpEndpoint implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(HttpEndpoint.class.getName());

  /** A request, read whole. Header names are lower case; a repeated header keeps its first value. */
  record Request(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {
    String header(String lowerCaseName) {
      return headers.get(lowerCaseName);
    }
  }

  /** An answer: status, headers (besides Content-Length and Connection) and body. */
  record Response(int status, Map<String, String> headers, byte[] body) {}

  /** What the server answers. */
  interface Handler {
    /** The answer to a request read whole; must not throw. */
    Response handle(Request request);

    /** The answer when the request could not be read: too large, malformed, too slow. */
    Response refused(int status, String code, String message);
  }

  /** The request could not be read: answer this status and close the connection. */
  private static final class Refusal extends Exception {
    final int status;
    final String code;

    Refusal(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }

  private final ServerSocket socket;
  private final PlanetScaleServer.Limits limits;
  private final Handler handler;
  private final ThreadPoolExecutor connections;
  private final ScheduledThreadPoolExecutor watchdog;
  private final Thread acceptor;
  private final AtomicInteger open = new AtomicInteger();
  /** The body bytes being read or handled now, on every connection; at most {@link #bodyBudget}. */
  private final java.util.concurrent.atomic.AtomicLong bodies = new java.util.concurrent.atomic.AtomicLong();
  private final long bodyBudget;
  private static final long SMALL_BODY = 64 << 10;
  private final java.util.Set<Socket> sockets = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  HttpEndpoint(InetAddress address, int port, PlanetScaleServer.Limits limits, Handler handler) throws IOException {
    this.limits = limits;
    this.handler = handler;
    this.bodyBudget = Math.max(limits.maxBodyBytes(), 32L << 20);
    this.socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(address, port), 128);
    this.connections = new ThreadPoolExecutor(0, limits.maxConnections(), 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), daemon("cutover-http"));
    this.watchdog = new ScheduledThreadPoolExecutor(1, daemon("cutover-http-watchdog"));
    watchdog.setRemoveOnCancelPolicy(true);
    this.acceptor = daemon("cutover-http-accept").newThread(this::acceptLoop);
  }

  /** Starts accepting connections (the socket is bound from the constructor on). */
  void start() {
    acceptor.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.log(System.Logger.Level.WARNING, "accepting a connection failed; accepting goes on", e);
        }
        continue;
      }
      if (open.incrementAndGet() > limits.maxConnections()) {
        open.decrementAndGet();
        busy(s);
        continue;
      }
      try {
        connections.execute(() -> {
          try {
            serve(s);
          } finally {
            open.decrementAndGet();
          }
        });
      } catch (RejectedExecutionException e) {
        open.decrementAndGet();
        busy(s);
      }
    }
  }

  /** Answers 503 to a connection over the limit, without reading it (a fresh socket's buffer takes it). */
  private void busy(Socket s) {
    try (s) {
      write(s.getOutputStream(), handler.refused(503, "unavailable", "the server has "
          + limits.maxConnections() + " connections open, the most it serves at once; retry later"), true);
    } catch (IOException e) {
      // the client went away: nothing to answer
    }
  }

  private void serve(Socket s) {
    sockets.add(s);
    try (s) {
      if (closed) {
        return;
      }
      s.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
      OutputStream out = s.getOutputStream();
      boolean first = true;
      while (!closed) {
        ScheduledFuture<?> deadline = closeAfter(s, first ? limits.readTimeout() : limits.idleTimeout());
        Request request;
        try {
          int b = in.read();
          if (b < 0) {
            return; // the client closed between requests
          }
          deadline.cancel(false);
          deadline = closeAfter(s, limits.readTimeout());
          request = read(b, in, out);
        } catch (Refusal r) {
          deadline.cancel(false);
          refuse(s, in, out, r);
          return;
        } finally {
          deadline.cancel(false);
        }
        first = false;
        boolean keepAlive = !"close".equalsIgnoreCase(request.header("connection"));
        Response response;
        try {
          response = handler.handle(request);
        } finally {
          bodies.addAndGet(-request.body().length);
        }
        ScheduledFuture<?> writing = closeAfter(s, limits.readTimeout());
        try {
          write(out, response, !keepAlive);
        } finally {
          writing.cancel(false);
        }
        if (!keepAlive) {
          return;
        }
      }
    } catch (IOException e) {
      // a closed connection (by the client, or by a deadline): nothing more to answer
    } finally {
      sockets.remove(s);
    }
  }

  /** Answers a refusal, then reads and drops what the client still sends (so it reads the answer), and closes. */
  private void refuse(Socket s, InputStream in, OutputStream out, Refusal r) throws IOException {
    ScheduledFuture<?> deadline = closeAfter(s, limits.readTimeout());
    try {
      write(out, handler.refused(r.status, r.code, r.getMessage()), true);
      s.shutdownOutput();
      byte[] sink = new byte[8192];
      long dropped = 0;
      int n;
      while (dropped < 4 * limits.maxBodyBytes() + (1 << 20) && (n = in.read(sink)) > 0) {
        dropped += n;
      }
    } catch (SocketException e) {
      // closed by the client or by the deadline
    } finally {
      deadline.cancel(false);
    }
  }

  private ScheduledFuture<?> closeAfter(Socket s, Duration timeout) {
    return watchdog.schedule(() -> {
      try {
        s.close();
      } catch (IOException e) {
        // closing is all there is to do
      }
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Reads one request whose first byte is {@code first}; the body only after its size is known to fit. */
  private Request read(int first, InputStream in, OutputStream out) throws IOException, Refusal {
    byte[] head = readHead(first, in);
    String text = new String(head, StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\r\n", -1);
    String[] start = lines[0].split(" ", -1);
    if (start.length != 3 || start[0].isEmpty() || !start[1].startsWith("/")
        || !(start[2].equals("HTTP/1.1") || start[2].equals("HTTP/1.0"))) {
      throw new Refusal(400, "bad_request", "the request line must be 'METHOD /PATH HTTP/1.1', was '"
          + ApiText.cap(lines[0]) + "'");
    }
    for (int i = 0; i < start[0].length(); i++) {
      char c = start[0].charAt(i);
      if (c < 'A' || c > 'Z') {
        throw new Refusal(400, "bad_request", "the method must be upper-case letters, was '" + ApiText.cap(start[0]) + "'");
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t' || line.substring(0, colon).contains(" ")) {
        throw new Refusal(400, "bad_request", "a header line must be 'Name: value', was '" + ApiText.cap(line) + "'");
      }
      String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      String before = headers.putIfAbsent(name, value);
      if (before != null && (name.equals("content-length") || name.equals("host")) && !before.equals(value)) {
        throw new Refusal(400, "bad_request", "the " + name + " header is given twice with different values");
      }
    }
    if (start[2].equals("HTTP/1.0") && !"keep-alive".equalsIgnoreCase(headers.get("connection"))) {
      headers.put("connection", "close");
    }
    String target = start[1];
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? null : target.substring(q + 1);
    byte[] body = readBody(headers, in, out);
    return new Request(start[0], path, query, headers, body);
  }

  private byte[] readHead(int first, InputStream in) throws IOException, Refusal {
    ByteArrayOutputStream head = new ByteArrayOutputStream(512);
    int b = first;
    int matched = 0; // of \r\n\r\n
    while (true) {
      if (b < 0) {
        throw new IOException("the client closed the connection inside the headers");
      }
      if (head.size() >= limits.maxHeaderBytes()) {
        throw new Refusal(431, "headers_too_large", "the request line and headers must fit in "
            + limits.maxHeaderBytes() + " bytes");
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        byte[] bytes = head.toByteArray();
        return java.util.Arrays.copyOf(bytes, bytes.length - 4);
      }
      b = in.read();
    }
  }

  private byte[] readBody(Map<String, String> headers, InputStream in, OutputStream out) throws IOException, Refusal {
    String te = headers.get("transfer-encoding");
    String cl = headers.get("content-length");
    if (te != null && cl != null) {
      throw new Refusal(400, "bad_request", "a request must not have both Transfer-Encoding and Content-Length");
    }
    if (te != null && !te.equalsIgnoreCase("chunked")) {
      throw new Refusal(501, "not_implemented", "Transfer-Encoding '" + ApiText.cap(te)
          + "' is not supported (only chunked)");
    }
    long length = 0;
    if (cl != null) {
      if (cl.isEmpty() || cl.length() > 18 || !cl.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new Refusal(400, "bad_request", "Content-Length must be a decimal number of bytes, was '"
            + ApiText.cap(cl) + "'");
      }
      length = Long.parseLong(cl);
      if (length > limits.maxBodyBytes()) {
        throw tooLarge();
      }
    }
    if (te != null) {
      length = limits.maxBodyBytes(); // reserved whole: a chunked body may take up to the limit
    }
    // A small body (every call but a large schema change) always fits: slow large ones cannot starve a cancel.
    if (bodies.addAndGet(length) > bodyBudget && length > SMALL_BODY) {
      bodies.addAndGet(-length);
      throw new Refusal(503, "unavailable", "the server is reading " + (bodyBudget >> 20) + " MiB of request bodies"
          + " at once, the most it holds; retry later");
    }
    try {
      byte[] body = readReserved(te != null, length, headers, in, out);
      bodies.addAndGet(body.length - length); // what is held now: released after the handler
      return body;
    } catch (IOException | Refusal | RuntimeException e) {
      bodies.addAndGet(-length);
      throw e;
    }
  }

  private byte[] readReserved(boolean chunked, long length, Map<String, String> headers, InputStream in,
      OutputStream out) throws IOException, Refusal {
    String te = chunked ? "chunked" : null;
    if ((length > 0 || te != null) && "100-continue".equalsIgnoreCase(headers.get("expect"))) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
    if (te != null) {
      return readChunked(in);
    }
    byte[] body = in.readNBytes((int) length);
    if (body.length < length) {
      throw new IOException("the client closed the connection inside the body");
    }
    return body;
  }

  private byte[] readChunked(InputStream in) throws IOException, Refusal {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String line = chunkLine(in);
      int semicolon = line.indexOf(';');
      String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
      long size;
      try {
        size = hex.isEmpty() || hex.length() > 8 ? -1 : Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 0) {
        throw new Refusal(400, "bad_request", "a chunk size must be hexadecimal, was '" + ApiText.cap(line) + "'");
      }
      if (size == 0) {
        while (!chunkLine(in).isEmpty()) {
          // trailers are read and dropped
        }
        return body.toByteArray();
      }
      if (body.size() + size > limits.maxBodyBytes()) {
        throw tooLarge();
      }
      byte[] chunk = in.readNBytes((int) size);
      if (chunk.length < size) {
        throw new IOException("the client closed the connection inside a chunk");
      }
      body.write(chunk);
      if (!chunkLine(in).isEmpty()) {
        throw new Refusal(400, "bad_request", "a chunk must end with CRLF");
      }
    }
  }

  private String chunkLine(InputStream in) throws IOException, Refusal {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("the client closed the connection inside a chunk");
      }
      if (line.length() > 256) {
        throw new Refusal(400, "bad_request", "a chunk line is longer than 256 bytes");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  private Refusal tooLarge() {
    return new Refusal(413, "body_too_large", "the request body must be at most " + limits.maxBodyBytes()
        + " bytes");
  }

  private static void write(OutputStream out, Response r, boolean close) throws IOException {
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(r.status()).append(' ').append(reason(r.status())).append("\r\n");
    r.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("Content-Length: ").append(r.body().length).append("\r\n");
    if (close) {
      head.append("Connection: close\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(r.body());
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 421 -> "Misdirected Request";
      case 422 -> "Unprocessable Content";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException e) {
      // closing is all there is to do
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing is all there is to do
      }
    }
    connections.shutdownNow();
    watchdog.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
