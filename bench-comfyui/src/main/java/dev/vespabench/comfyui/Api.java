package dev.vespabench.comfyui;

import java.util.List;

/** The two ComfyUI APIs, with the provider name that selects each and the options it takes. */
enum Api {
    /** The comfyui-json worker's {@code POST /generate/sync}, which responds when the job ends. */
    WORKER("comfyui", "/generate/sync",
            List.of(ComfySettings.WORKFLOW, ComfySettings.WIDTH, ComfySettings.HEIGHT,
                    ComfySettings.STEPS, ComfySettings.WORKLOAD, ComfySettings.WORKLOAD_PER_JOB),
            "the worker's Text2Image workflow or the workflow file chooses the checkpoint."
                    + " Remove the option"),
    /** ComfyUI's own {@code POST /prompt}, followed by polls of {@code /history/{prompt_id}}. */
    NATIVE("comfyui-native", "/prompt",
            List.of(ComfySettings.WORKFLOW, ComfySettings.CHECKPOINT, ComfySettings.WIDTH,
                    ComfySettings.HEIGHT, ComfySettings.STEPS, ComfySettings.WORKLOAD,
                    ComfySettings.WORKLOAD_PER_JOB),
            "set the checkpoint file name with the checkpoint option instead");

    private final String providerName;
    private final String path;
    private final List<String> optionNames;
    private final String modelAdvice;

    Api(String providerName, String path, List<String> optionNames, String modelAdvice) {
        this.providerName = providerName;
        this.path = path;
        this.optionNames = optionNames;
        this.modelAdvice = modelAdvice;
    }

    String providerName() {
        return providerName;
    }

    /** Returns the path that each job is submitted to. */
    String path() {
        return path;
    }

    /** Returns the option names, in the order that error messages list them. */
    List<String> optionNames() {
        return optionNames;
    }

    /** Returns what to do instead of setting the {@code model} option. */
    String modelAdvice() {
        return modelAdvice;
    }
}
