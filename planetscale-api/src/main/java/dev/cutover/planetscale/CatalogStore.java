package dev.cutover.planetscale;

import java.util.Optional;

/**
 * Where the server keeps what it knows beside the core's requests: databases, branches and their
 * schema changes, and per deploy request its number, branches, notes, reviews and actors. Over a
 * persistent {@code DeployRequestStore}, give the server a persistent catalog store too (the
 * {@code --store} option of {@code cutover serve} uses {@link JdbcCatalogStore} in the same MySQL
 * database), so that a restart lists every request as it was.
 *
 * <p>The catalog is one JSON document, saved whole after every call that changed it, under the
 * server's lock (one caller at a time).
 */
public interface CatalogStore {

  /**
   * The document saved last.
   *
   * @return the JSON document, or empty when nothing was ever saved
   * @throws IllegalStateException if the store cannot be read (the server then refuses to start:
   *     starting with an empty catalog would lose what the store holds)
   */
  Optional<String> load();

  /**
   * Replaces the saved document.
   *
   * @param document the whole catalog as JSON, not null
   * @throws IllegalStateException if the document could not be saved (the server logs it and
   *     saves again after the next call that changes the catalog)
   */
  void save(String document);

  /**
   * A catalog kept in memory only: what the server uses unless told otherwise.
   *
   * @return a store whose {@link #load} is always empty and whose {@link #save} keeps nothing
   */
  static CatalogStore inMemory() {
    return new CatalogStore() {
      @Override
      public Optional<String> load() {
        return Optional.empty();
      }

      @Override
      public void save(String document) {}

      @Override
      public String toString() {
        return "CatalogStore.inMemory()";
      }
    };
  }
}
