package dev.cutover.planetscale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.inmemory.VirtualClock;
import dev.cutover.planetscale.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Issue 22 item 1: half-sent requests hold only their own connection. Fifty clients trickle headers
 * or a body one byte at a time while a cancel, an apply and a listing still answer within a second;
 * a trickler is cut off at the read timeout; one connection over the limit is answered 503.
 */
class SlowClientsTest {

  private static final String CONFIG = "{\"backend\": {\"defaults\": {\"readyAfter\": \"PT10S\"}}}";
  private static final String CHANGES = "{\"changes\": [{\"keyspace\": \"customer\", \"sql\":"
      + " \"ALTER TABLE t ADD COLUMN c INT\"}]}";

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** One call, with a 5 s timeout (so that a server that is held fails the test instead of hanging it). */
  private JsonNode call(PlanetScaleServer s, String method, String path, String body, int status, long[] millis)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl()).resolve(path.substring(1)))
        .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body));
    long start = System.nanoTime();
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    millis[0] = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
    return Json.mapper().readTree(r.body());
  }

  /** Opens a connection that sends the start of a request and then one more byte every 100 ms. */
  private static final class Trickler {
    final List<Socket> sockets = new ArrayList<>();
    final AtomicBoolean stop = new AtomicBoolean();
    final Thread thread = new Thread(this::run, "trickler");

    void open(int port, String start) throws IOException {
      Socket s = new Socket("127.0.0.1", port);
      s.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      sockets.add(s);
    }

    void run() {
      while (!stop.get()) {
        for (Socket s : sockets) {
          try {
            s.getOutputStream().write('a');
            s.getOutputStream().flush();
          } catch (IOException e) {
            // closed by the server: nothing more to send on it
          }
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void close() throws IOException {
      stop.set(true);
      thread.interrupt();
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  @Test
  void fiftySlowConnections_holdNothing_aCancelAnApplyAndAListingAnswerWithinASecond() throws Exception {
    VirtualClock clock = VirtualClock.atEpoch();
    try (PlanetScaleServer s = PlanetScaleServer.builder(new InMemoryDeployRequestStore(),
        ServeConfig.parse(CONFIG).inMemoryBackend(clock)).clock(clock).tickEvery(null).start()) {
      long[] ms = new long[1];
      String a = "/v1/organizations/o/databases/a";
      String b = "/v1/organizations/o/databases/b";
      call(s, "POST", "/admin" + a + "/branches/f/schema-changes", CHANGES, 200, ms);
      call(s, "POST", "/admin" + b + "/branches/f/schema-changes", CHANGES, 200, ms);
      call(s, "POST", a + "/deploy-requests", "{\"branch\": \"f\"}", 201, ms);
      call(s, "POST", b + "/deploy-requests", "{\"branch\": \"f\"}", 201, ms);
      s.tick();
      call(s, "POST", a + "/deploy-requests/1/deploy", "{}", 200, ms);
      call(s, "POST", b + "/deploy-requests/1/deploy", "{}", 200, ms);
      clock.advance(Duration.ofSeconds(1));
      s.tick();
      clock.advance(Duration.ofSeconds(11));
      s.tick();
      s.tick();

      Trickler slow = new Trickler();
      String host = "Host: 127.0.0.1:" + s.port() + "\r\n";
      for (int i = 0; i < 25; i++) {
        slow.open(s.port(), "POST " + a + "/deploy-requests HTTP/1.1\r\n" + host + "X-Slow: ");
        slow.open(s.port(), "POST " + a + "/deploy-requests HTTP/1.1\r\n" + host
            + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n");
      }
      slow.thread.start();
      try {
        Thread.sleep(500); // every slow connection has been accepted and is being read
        JsonNode applied = call(s, "POST", a + "/deploy-requests/1/apply-deploy", "{}", 200, ms);
        long applyMillis = ms[0];
        JsonNode cancelled = call(s, "POST", b + "/deploy-requests/1/cancel", "{}", 200, ms);
        long cancelMillis = ms[0];
        call(s, "GET", a + "/deploy-requests", "", 200, ms);
        long listMillis = ms[0];
        assertThat(applyMillis).as("apply-deploy, ms").isLessThan(1000);
        assertThat(cancelMillis).as("cancel, ms").isLessThan(1000);
        assertThat(listMillis).as("list, ms").isLessThan(1000);
        assertThat(applied.get("deployment").get("cutover_actor").get("id").asText()).isEqualTo("anonymous");
        assertThat(cancelled.get("deployment").get("cancelled_actor").get("id").asText()).isEqualTo("anonymous");
      } finally {
        slow.close();
      }
    }
  }

  @Test
  void aTricklingRequest_isCutOffAtTheReadTimeout_andOneConnectionOverTheLimitIsAnswered503() throws Exception {
    VirtualClock clock = VirtualClock.atEpoch();
    PlanetScaleServer.Limits limits = new PlanetScaleServer.Limits(16 << 10, 1 << 20, Duration.ofMillis(800),
        Duration.ofSeconds(5), 4);
    try (PlanetScaleServer s = PlanetScaleServer.builder(new InMemoryDeployRequestStore(),
        ServeConfig.parse(CONFIG).inMemoryBackend(clock)).clock(clock).tickEvery(null).limits(limits).start()) {
      Trickler slow = new Trickler();
      String host = "Host: 127.0.0.1:" + s.port() + "\r\n";
      slow.open(s.port(), "GET /v1/organizations HTTP/1.1\r\n" + host + "X-Slow: ");
      slow.open(s.port(), "POST /v1/organizations/o/databases/a/branches HTTP/1.1\r\n" + host
          + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n");
      slow.thread.start();
      try {
        long start = System.nanoTime();
        for (Socket t : slow.sockets) {
          t.setSoTimeout(5000);
          assertThat(t.getInputStream().read()).as("the server closes a trickler without an answer").isEqualTo(-1);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("both cut off at the 800 ms read timeout, ms").isBetween(500L, 2500L);
      } finally {
        slow.close();
      }

      List<Socket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          idle.add(new Socket("127.0.0.1", s.port())); // each holds one of the 4 connections
        }
        Thread.sleep(200);
        try (Socket over = new Socket("127.0.0.1", s.port())) {
          over.setSoTimeout(5000);
          String answer = new String(over.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          assertThat(answer).startsWith("HTTP/1.1 503 ").contains("\"code\":\"unavailable\"")
              .contains("4 connections open");
        }
      } finally {
        for (Socket i : idle) {
          i.close();
        }
      }
    }
  }

  @Test
  void largeSlowBodies_shareA32MiBBudget_oneMoreIsAnswered503_andSmallBodiesStillPass() throws Exception {
    VirtualClock clock = VirtualClock.atEpoch();
    try (PlanetScaleServer s = PlanetScaleServer.builder(new InMemoryDeployRequestStore(),
        ServeConfig.parse(CONFIG).inMemoryBackend(clock)).clock(clock).tickEvery(null).start()) {
      Trickler slow = new Trickler();
      String start = "POST /v1/organizations/o/databases/a/branches HTTP/1.1\r\nHost: 127.0.0.1:" + s.port()
          + "\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n";
      for (int i = 0; i < 34; i++) {
        slow.open(s.port(), start);
      }
      try {
        int refused = 0;
        for (Socket t : slow.sockets) {
          t.setSoTimeout(300);
          try {
            byte[] answer = t.getInputStream().readNBytes(12);
            if (new String(answer, StandardCharsets.US_ASCII).equals("HTTP/1.1 503")) {
              refused++;
            }
          } catch (java.net.SocketTimeoutException e) {
            // still being read: it holds 1 MiB of the budget
          }
        }
        assertThat(refused).as("32 bodies of 1 MiB fit in the budget; the other two are refused").isEqualTo(2);
        long[] ms = new long[1];
        call(s, "POST", "/v1/organizations/o/databases/a/branches", "{\"name\": \"small\"}", 201, ms);
      } finally {
        slow.close();
      }
    }
  }

  @Test
  void chunkedBodies_expect100Continue_andKeepAlive_areServed() throws Exception {
    VirtualClock clock = VirtualClock.atEpoch();
    try (PlanetScaleServer s = PlanetScaleServer.builder(new InMemoryDeployRequestStore(),
        ServeConfig.parse(CONFIG).inMemoryBackend(clock)).clock(clock).tickEvery(null).start()) {
      String head = "POST /v1/organizations/o/databases/a/branches HTTP/1.1\r\nHost: localhost:" + s.port()
          + "\r\nContent-Type: application/json\r\n";
      String chunked = raw(s.port(), head + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
          + "5\r\n{\"nam\r\n9;ext=1\r\ne\": \"one\"\r\n1\r\n}\r\n0\r\n\r\n");
      assertThat(chunked).startsWith("HTTP/1.1 201 ").contains("\"name\":\"one\"");
      try (Socket c = new Socket("127.0.0.1", s.port())) {
        c.setSoTimeout(5000);
        String body = "{\"name\": \"two\"}";
        c.getOutputStream().write((head + "Expect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        InputStream in = c.getInputStream();
        assertThat(new String(in.readNBytes(25), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        c.getOutputStream().write(body.getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 201");
        // the same connection serves the next request
        c.getOutputStream().write(("GET /v1/organizations/o/databases/a/branches HTTP/1.1\r\nHost: localhost:" + s.port()
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(rest).contains("HTTP/1.1 200 ").contains("\"name\":\"two\"").contains("\"name\":\"one\"");
      }
    }
  }

  /** A raw request and the whole answer (the server closes after it). */
  static String raw(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
