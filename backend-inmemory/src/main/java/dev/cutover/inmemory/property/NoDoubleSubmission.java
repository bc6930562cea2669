package dev.cutover.inmemory.property;

import dev.cutover.inmemory.SimulatedMigration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Invariant 7: no change (nor its revert) is submitted twice, over the whole run. */
final class NoDoubleSubmission extends BuiltInInvariant {
  NoDoubleSubmission() {
    super(7, "NO_DOUBLE_SUBMISSION", "no change (nor its revert) is submitted twice");
  }

  @Override
  public void atEnd(Moment end) {
    Map<String, List<SimulatedMigration>> byChange = new LinkedHashMap<>();
    for (SimulatedMigration m : end.backend().migrations()) {
      byChange.computeIfAbsent(m.requestId() + "/" + m.change() + (m.isRevert() ? "/revert" : ""),
          k -> new ArrayList<>()).add(m);
    }
    byChange.forEach((key, ms) -> {
      if (ms.size() > 1) {
        List<String> times = new ArrayList<>();
        ms.forEach(m -> times.add(m.handle() + " at " + Runs.since(m.submittedAt())));
        end.failRun(ms.get(0).requestId(), Runs.since(ms.get(1).submittedAt()),
            (key.endsWith("/revert") ? "the revert of change " : "change ") + ms.get(0).change() + " was submitted "
                + ms.size() + " times: " + times);
      }
    });
  }
}
