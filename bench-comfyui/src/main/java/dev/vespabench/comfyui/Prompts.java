package dev.vespabench.comfyui;

import java.util.List;
import java.util.random.RandomGenerator;

/** The fixed text prompts of the default text-to-image job, one drawn per job. */
final class Prompts {

    /** The prompts; their length barely changes the cost of a job, which sampling dominates. */
    static final List<String> ALL = List.of(
            "a lighthouse on a rocky coast at dusk, oil painting",
            "a red fox in a snowy forest, morning light, photograph",
            "a bowl of ramen on a wooden table, studio lighting",
            "an old sailing ship in a storm, dramatic clouds",
            "a city street in the rain at night, neon signs, reflections",
            "a mountain lake with pine trees, clear sky, wide angle",
            "a cup of coffee beside an open book, soft window light",
            "a hot air balloon over green hills at sunrise");

    /** The negative prompt of the default graph. */
    static final String NEGATIVE = "blurry, low quality, watermark, text";

    private Prompts() {
    }

    /**
     * Returns one prompt drawn at random.
     *
     * @param random the random source
     * @return the prompt
     */
    static String draw(RandomGenerator random) {
        return ALL.get(random.nextInt(ALL.size()));
    }
}
