package dev.cutover.planetscale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.planetscale.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A small JSON client over java.net.http for the tests. */
final class Http {

  /** An answer: its status and its JSON body. */
  record Answer(int status, JsonNode json, String raw) {
    String message() {
      return json.path("message").asText();
    }
  }

  private final HttpClient client = HttpClient.newHttpClient();
  private final URI base;
  private final String authorization;

  Http(URI base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  Http withAuthorization(String header) {
    return new Http(base, header);
  }

  Answer get(String path) {
    return send("GET", path, null);
  }

  Answer post(String path, String body) {
    return send("POST", path, body);
  }

  Answer send(String method, String path, String body) {
    return send(method, path, body, new String[0]);
  }

  /** With more headers, as name, value, name, value... */
  Answer send(String method, String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
        .header("Accept", "application/json");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), Json.mapper().readTree(r.body()), r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
