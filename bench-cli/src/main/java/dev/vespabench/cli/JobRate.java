package dev.vespabench.cli;

import java.util.Optional;
import java.util.OptionalDouble;

import dev.vespabench.api.BackendInfo;
import dev.vespabench.core.RunResult;

/**
 * The jobs per second of a backend that charges a workload per job, such as {@code comfyui}
 * and {@code comfyui-native}. Such a backend reports the workload of one job in its settings
 * as {@value #WORKLOAD_PER_JOB}, and a run's jobs per second is its workload/s divided by it.
 * With {@code workload=pixels-steps}, where a job's workload follows its image size and steps,
 * the jobs per second are the run's succeeded requests over its duration instead.
 */
final class JobRate {

    /** The backend setting that contains the workload of one job. */
    static final String WORKLOAD_PER_JOB = "workload_per_job";

    private static final String WORKLOAD = "workload";
    private static final String PIXELS_STEPS = "pixels-steps";

    // Empty when jobs are counted from the run's succeeded requests.
    private final OptionalDouble workloadPerJob;

    private JobRate(OptionalDouble workloadPerJob) {
        this.workloadPerJob = workloadPerJob;
    }

    /**
     * Returns the job rate of a backend that reports {@value #WORKLOAD_PER_JOB}, or empty for a
     * backend that charges by some other unit, such as tokens.
     */
    static Optional<JobRate> of(BackendInfo backend) {
        String perJob = backend.settings().get(WORKLOAD_PER_JOB);
        if (perJob == null) {
            return Optional.empty();
        }
        if (PIXELS_STEPS.equals(backend.settings().get(WORKLOAD))) {
            return Optional.of(new JobRate(OptionalDouble.empty()));
        }
        double value;
        try {
            value = Double.parseDouble(perJob);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        // A figure that is not a positive number cannot convert workload/s, so count jobs.
        if (!(value > 0) || Double.isInfinite(value)) {
            return Optional.of(new JobRate(OptionalDouble.empty()));
        }
        return Optional.of(new JobRate(OptionalDouble.of(value)));
    }

    /** Returns the jobs per second of a run, 0 for a run without duration. */
    double jobsPerSecond(RunResult run) {
        if (workloadPerJob.isPresent()) {
            return run.throughput() / workloadPerJob.getAsDouble();
        }
        double seconds = run.duration().toNanos() / 1e9;
        return seconds > 0 ? run.succeeded() / seconds : 0.0;
    }

    /** Returns how the jobs per second are derived, for the summary. */
    String derivation() {
        if (workloadPerJob.isPresent()) {
            return "workload/s divided by " + workloadPerJob.getAsDouble()
                    + " workload per job";
        }
        return "succeeded jobs divided by the run's duration";
    }
}
