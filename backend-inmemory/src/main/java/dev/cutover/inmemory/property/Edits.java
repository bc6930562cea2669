package dev.cutover.inmemory.property;

import dev.cutover.inmemory.MigrationTimings;
import dev.cutover.inmemory.scenario.Scenario;
import dev.cutover.inmemory.scenario.Scenario.AnalysisScript;
import dev.cutover.inmemory.scenario.Scenario.Backend;
import dev.cutover.inmemory.scenario.Scenario.FaultScript;
import dev.cutover.inmemory.scenario.Scenario.MigrationScript;
import dev.cutover.inmemory.scenario.Scenario.Request;
import dev.cutover.inmemory.scenario.Scenario.RowScript;
import dev.cutover.inmemory.scenario.Scenario.ScheduledAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Copies of scenario records with one part replaced: what the shrinker and the variant edit. */
final class Edits {

  private Edits() {}

  static Scenario name(Scenario s, String name) {
    return new Scenario(name, s.pollInterval(), s.until(), s.topology(), s.requests(), s.backend(), s.actions(),
        s.expect(), s.vschemas());
  }

  static Scenario until(Scenario s, Duration until) {
    return new Scenario(s.name(), s.pollInterval(), until, s.topology(), s.requests(), s.backend(), s.actions(),
        s.expect(), s.vschemas());
  }

  static Scenario topology(Scenario s, Map<String, List<String>> topology) {
    return new Scenario(s.name(), s.pollInterval(), s.until(), topology, s.requests(), s.backend(), s.actions(),
        s.expect(), s.vschemas());
  }

  static Scenario requests(Scenario s, List<Request> requests) {
    return new Scenario(s.name(), s.pollInterval(), s.until(), s.topology(), requests, s.backend(), s.actions(),
        s.expect(), s.vschemas());
  }

  static Scenario actions(Scenario s, List<ScheduledAction> actions) {
    return new Scenario(s.name(), s.pollInterval(), s.until(), s.topology(), s.requests(), s.backend(), actions,
        s.expect(), s.vschemas());
  }

  static Scenario backend(Scenario s, Backend backend) {
    return new Scenario(s.name(), s.pollInterval(), s.until(), s.topology(), s.requests(), backend, s.actions(),
        s.expect(), s.vschemas());
  }

  static Backend defaults(Backend b, MigrationTimings defaults) {
    return new Backend(defaults, b.migrations(), b.analysis(), b.rows(), b.faults(), b.vschemaAfter(),
        b.vschemaScripts());
  }

  static Backend migrations(Backend b, List<MigrationScript> migrations) {
    return new Backend(b.defaults(), migrations, b.analysis(), b.rows(), b.faults(), b.vschemaAfter(),
        b.vschemaScripts());
  }

  static Backend analysis(Backend b, Map<String, AnalysisScript> analysis) {
    return new Backend(b.defaults(), b.migrations(), analysis, b.rows(), b.faults(), b.vschemaAfter(),
        b.vschemaScripts());
  }

  static Backend rows(Backend b, List<RowScript> rows) {
    return new Backend(b.defaults(), b.migrations(), b.analysis(), rows, b.faults(), b.vschemaAfter(),
        b.vschemaScripts());
  }

  static Backend faults(Backend b, List<FaultScript> faults) {
    return new Backend(b.defaults(), b.migrations(), b.analysis(), b.rows(), faults, b.vschemaAfter(),
        b.vschemaScripts());
  }
}
