package dev.cutover.planetscale;

/**
 * An error answer: the HTTP status, PlanetScale's error code, and a message that names what was
 * wrong (the field and the value, or the state and the action).
 */
final class ApiException extends RuntimeException {

  private final int status;
  private final String code;

  ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  /** A body or argument that cannot be used (planetscale-go maps {@code invalid_params} to ErrInvalid). */
  static ApiException invalid(String message) {
    return new ApiException(422, "invalid_params", message);
  }

  /** An action the request's state does not allow; the message is the core's reason. */
  static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message);
  }

  static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message);
  }
}
