package dev.vespabench.comfyui;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.InvalidOptionException;

/**
 * The job settings of a ComfyUI backend, parsed from the user's options.
 *
 * @param workflow the graph read from the workflow file, or empty for the default job
 * @param job the image size and steps of the default job; with a workflow file, those that
 *        the graph sets, else the defaults
 * @param checkpoint the checkpoint the default graph of {@code comfyui-native} loads
 * @param mode how a job's workload is counted
 * @param workloadPerJob the workload of one job
 */
record ComfySettings(Optional<Workflow> workflow, ImageJob job, String checkpoint,
        WorkloadMode mode, double workloadPerJob) {

    static final String WORKFLOW = "workflow";
    static final String CHECKPOINT = "checkpoint";
    static final String WIDTH = "width";
    static final String HEIGHT = "height";
    static final String STEPS = "steps";
    static final String WORKLOAD = "workload";
    static final String WORKLOAD_PER_JOB = "workload-per-job";

    /** Environment variable of the Python benchmark that names the workflow file. */
    static final String WORKFLOW_VARIABLE = "VESPA_COMFYUI_BENCHMARK_FILE";
    static final String WIDTH_VARIABLE = "BENCHMARK_TEST_WIDTH";
    static final String HEIGHT_VARIABLE = "BENCHMARK_TEST_HEIGHT";
    static final String STEPS_VARIABLE = "BENCHMARK_TEST_STEPS";

    /** The option that the OpenAI backends take and these backends reject. */
    static final String MODEL = "model";

    static final int DEFAULT_WIDTH = 512;
    static final int DEFAULT_HEIGHT = 512;
    static final int DEFAULT_STEPS = 20;
    static final String DEFAULT_CHECKPOINT = "v1-5-pruned-emaonly.safetensors";
    static final BigDecimal DEFAULT_WORKLOAD_PER_JOB = new BigDecimal("100.0");
    static final ImageJob DEFAULT_JOB = new ImageJob(DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_STEPS);

    // The limits of ComfyUI's EmptyLatentImage (16 to MAX_RESOLUTION, 16384) and KSampler
    // (1 to 10000 steps) in its nodes.py.
    private static final int MIN_SIZE = 16;
    private static final int MAX_SIZE = 16_384;
    private static final int MAX_STEPS = 10_000;
    private static final BigDecimal MAX_WORKLOAD_PER_JOB = new BigDecimal("1000000000");

    /**
     * Parses the settings, reading the workflow file if one is named. Unknown option names are
     * rejected, so that a misspelled option does not silently leave its default in force.
     *
     * @param api the API the options are for
     * @param options the user's options
     * @return the settings
     * @throws InvalidOptionException when an option is unknown or invalid, or the workflow file
     *         cannot be used
     */
    static ComfySettings from(Api api, BackendOptions options) {
        checkNames(api, options);

        Optional<Workflow> workflow = options.get(WORKFLOW, WORKFLOW_VARIABLE)
                .map(name -> WorkflowFile.read(name, source(options, WORKFLOW,
                        WORKFLOW_VARIABLE)));
        if (workflow.isPresent()) {
            rejectWithWorkflow(options, workflow.get());
        }
        ImageJob job = workflow.isPresent()
                ? workflow.get().imageJob().orElse(DEFAULT_JOB)
                : new ImageJob(
                        options.getInt(WIDTH, WIDTH_VARIABLE, DEFAULT_WIDTH, MIN_SIZE, MAX_SIZE),
                        options.getInt(HEIGHT, HEIGHT_VARIABLE, DEFAULT_HEIGHT, MIN_SIZE,
                                MAX_SIZE),
                        options.getInt(STEPS, STEPS_VARIABLE, DEFAULT_STEPS, 1, MAX_STEPS));
        String checkpoint = options.get(CHECKPOINT, null).orElse(DEFAULT_CHECKPOINT);

        WorkloadMode mode = options.get(WORKLOAD, null)
                .map(ComfySettings::parseMode)
                .orElse(WorkloadMode.FIXED);
        double perJob;
        if (mode == WorkloadMode.FIXED) {
            perJob = options.get(WORKLOAD_PER_JOB, null)
                    .map(ComfySettings::parseWorkloadPerJob)
                    .orElse(DEFAULT_WORKLOAD_PER_JOB)
                    .doubleValue();
        } else {
            if (options.get(WORKLOAD_PER_JOB, null).isPresent()) {
                throw new InvalidOptionException(WORKLOAD_PER_JOB, "option workload-per-job"
                        + " applies only to workload=fixed, but workload is pixels-steps,"
                        + " which computes width*height*steps/1000. Remove one of the two.");
            }
            workflow.ifPresent(ComfySettings::requireImageJob);
            perJob = job.pixelsSteps();
        }
        return new ComfySettings(workflow, job, checkpoint, mode, perJob);
    }

    /** Returns the settings as reported in {@code BackendInfo.settings}. */
    Map<String, String> describe(Api api) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("endpoint", api.path());
        settings.put(WORKFLOW, workflow.map(Workflow::source).orElse("default"));
        workflow.ifPresent(graph -> settings.put("workflow_sha256", graph.sha256()));
        if (workflow.isEmpty() || mode == WorkloadMode.PIXELS_STEPS) {
            settings.put(WIDTH, Integer.toString(job.width()));
            settings.put(HEIGHT, Integer.toString(job.height()));
            settings.put(STEPS, Integer.toString(job.steps()));
        }
        if (api == Api.NATIVE && workflow.isEmpty()) {
            settings.put(CHECKPOINT, checkpoint);
        }
        settings.put(WORKLOAD, mode.optionValue());
        settings.put("workload_per_job", Double.toString(workloadPerJob));
        return settings;
    }

    /** Returns remarks for reports on how jobs are built and counted. */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        notes.add(switch (mode) {
            case FIXED -> "workload: " + workloadPerJob + " per job (fixed)";
            case PIXELS_STEPS -> "workload: " + workloadPerJob + " per job (width " + job.width()
                    + " * height " + job.height() + " * steps " + job.steps() + " / 1000)";
        });
        workflow.ifPresent(graph -> {
            if (graph.seedInputs() == 0) {
                notes.add("workflow " + graph.source() + " has no numeric seed or noise_seed"
                        + " input, so every job sends the same graph and ComfyUI may return"
                        + " cached results without generating. Measured throughput can then"
                        + " be far too high.");
            } else {
                notes.add("workflow " + graph.source() + ": " + graph.seedInputs()
                        + " seed input(s) randomised per job");
            }
        });
        return notes;
    }

    private static void checkNames(Api api, BackendOptions options) {
        List<String> valid = api.optionNames();
        for (String name : options.values().keySet()) {
            if (MODEL.equals(name)) {
                throw new InvalidOptionException(name, "option 'model' is not supported by"
                        + " backend " + api.providerName() + ": " + api.modelAdvice());
            }
            if (!valid.contains(name)) {
                throw new InvalidOptionException(name, "unknown option '" + name
                        + "' for backend " + api.providerName() + ". Valid options: "
                        + String.join(", ", valid));
            }
        }
    }

    /**
     * Rejects options that would change the default job when a workflow file replaces it, so
     * that they are not silently ignored. The environment variables of the Python benchmark
     * are ignored instead, as that benchmark ignored them when a workflow file was named.
     */
    private static void rejectWithWorkflow(BackendOptions options, Workflow workflow) {
        for (String name : List.of(WIDTH, HEIGHT, STEPS, CHECKPOINT)) {
            if (options.values().containsKey(name)) {
                throw new InvalidOptionException(name, "option " + name + " sets the default"
                        + " job, but workflow file '" + workflow.source() + "' replaces it and"
                        + " is sent as written. Change the value in the file, or remove the"
                        + " option.");
            }
        }
    }

    private static void requireImageJob(Workflow workflow) {
        if (workflow.imageJob().isEmpty()) {
            throw new InvalidOptionException(WORKLOAD, "workload=pixels-steps needs the image"
                    + " size and steps, but workflow file '" + workflow.source() + "' has no"
                    + " node with whole-number width and height inputs, or none with a"
                    + " whole-number steps input. Use workload=fixed.");
        }
    }

    private static WorkloadMode parseMode(String text) {
        return WorkloadMode.fromOption(text).orElseThrow(() ->
                new InvalidOptionException(WORKLOAD, text, "expected fixed or pixels-steps"));
    }

    private static BigDecimal parseWorkloadPerJob(String text) {
        String expected = "expected a decimal number greater than 0 and at most "
                + MAX_WORKLOAD_PER_JOB.toPlainString();
        BigDecimal value;
        try {
            // BigDecimal rejects NaN, Infinity and hexadecimal forms that Double would accept.
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(WORKLOAD_PER_JOB, text, expected);
        }
        if (value.signum() <= 0 || value.compareTo(MAX_WORKLOAD_PER_JOB) > 0) {
            throw new InvalidOptionException(WORKLOAD_PER_JOB, text, expected);
        }
        return value;
    }

    /** Returns the name of what contains a value: the option when set, else the variable. */
    private static String source(BackendOptions options, String option, String variable) {
        String value = options.values().get(option);
        return value != null && !value.isBlank() ? option : variable;
    }
}
