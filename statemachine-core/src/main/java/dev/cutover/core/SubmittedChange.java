package dev.cutover.core;

import java.util.List;
import java.util.Objects;

/**
 * A change the backend accepted: its migration, the shards it runs on (taken from the backend when
 * it was submitted), and where its completion, cancellation, throttle and revert stand.
 *
 * @param change the index of the change in the request
 * @param handle the backend's migration
 * @param shards the shards of the change's keyspace when it was submitted; one expected row each
 * @param completion the completion command of this change
 * @param cancellation the cancellation command of this change
 * @param throttle the throttle ratio the backend acknowledged for this migration (0 = unthrottled)
 * @param revert the revert migration of this change, or {@code null} if not submitted
 * @param revertShards the shards of the revert migration (empty until it is submitted)
 * @param forcedCutover the forced-cutover command of this change (section 7)
 */
public record SubmittedChange(
    int change,
    MigrationHandle handle,
    List<String> shards,
    CommandState completion,
    CommandState cancellation,
    double throttle,
    @Nullable MigrationHandle revert,
    List<String> revertShards,
    CommandState forcedCutover) {

  /**
   * Checks the fields and copies the shard lists.
   *
   * @param change 0 or more (whether it is below the request's change count is the request's check)
   * @param handle not null
   * @param shards not null; copied
   * @param completion not null
   * @param cancellation not null
   * @param throttle any value (the machine only stores acknowledged ratios, 0 to 0.95)
   * @param revert a handle, or {@code null}
   * @param revertShards not null; copied
   * @param forcedCutover not null
   * @throws NullPointerException naming the field, if one is null
   * @throws IllegalArgumentException if {@code change} is negative
   */
  public SubmittedChange {
    if (change < 0) {
      throw new IllegalArgumentException("change: must not be negative, was " + change);
    }
    Objects.requireNonNull(handle, "handle");
    shards = List.copyOf(Objects.requireNonNull(shards, "shards"));
    Objects.requireNonNull(completion, "completion");
    Objects.requireNonNull(cancellation, "cancellation");
    revertShards = List.copyOf(Objects.requireNonNull(revertShards, "revertShards"));
    Objects.requireNonNull(forcedCutover, "forcedCutover");
  }

  /**
   * A change with no forced cutover, as stored before section 7.
   *
   * @param change 0 or more
   * @param handle not null
   * @param shards not null; copied
   * @param completion not null
   * @param cancellation not null
   * @param throttle any value
   * @param revert a handle, or {@code null}
   * @param revertShards not null; copied
   * @throws NullPointerException naming the field, if one is null
   * @throws IllegalArgumentException if {@code change} is negative
   */
  public SubmittedChange(int change, MigrationHandle handle, List<String> shards, CommandState completion,
      CommandState cancellation, double throttle, @Nullable MigrationHandle revert, List<String> revertShards) {
    this(change, handle, shards, completion, cancellation, throttle, revert, revertShards, CommandState.NONE);
  }

  /**
   * A change just submitted: nothing requested yet, unthrottled, not reverted.
   *
   * @param change the index of the change in its request, 0 or more
   * @param handle the migration {@link dev.cutover.core.spi.MigrationBackend#submit} returned, not null
   * @param shards the shards of the change's keyspace at submission, not null; copied
   * @return the submitted change, every command {@link CommandState#NONE}
   * @throws IllegalArgumentException if {@code change} is negative
   */
  public static SubmittedChange submitted(int change, MigrationHandle handle, List<String> shards) {
    return new SubmittedChange(change, handle, shards, CommandState.NONE, CommandState.NONE, 0.0, null, List.of(),
        CommandState.NONE);
  }

  SubmittedChange withCompletion(CommandState state) {
    return new SubmittedChange(change, handle, shards, state, cancellation, throttle, revert, revertShards, forcedCutover);
  }

  SubmittedChange withCancellation(CommandState state) {
    return new SubmittedChange(change, handle, shards, completion, state, throttle, revert, revertShards, forcedCutover);
  }

  SubmittedChange withThrottle(double ratio) {
    return new SubmittedChange(change, handle, shards, completion, cancellation, ratio, revert, revertShards, forcedCutover);
  }

  SubmittedChange withRevert(MigrationHandle revertHandle, List<String> shardsOfRevert) {
    return new SubmittedChange(change, handle, shards, completion, cancellation, throttle, revertHandle, shardsOfRevert,
        forcedCutover);
  }

  SubmittedChange withForcedCutover(CommandState state) {
    return new SubmittedChange(change, handle, shards, completion, cancellation, throttle, revert, revertShards, state);
  }
}
