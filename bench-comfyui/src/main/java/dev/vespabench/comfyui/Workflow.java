package dev.vespabench.comfyui;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A ComfyUI graph in API format: an object of nodes keyed by node id, each with a
 * {@code class_type} and {@code inputs}. Instances never expose the graph for change, and
 * each job gets a copy.
 */
final class Workflow {

    /** Inputs that hold a sampler's seed: {@code seed} of KSampler, else {@code noise_seed}. */
    private static final String[] SEED_INPUTS = {"seed", "noise_seed"};

    /**
     * The seeds drawn per job are below 2^32, the range the comfyui-json worker's Text2Image
     * modifier draws from and within what every ComfyUI sampler accepts.
     */
    static final long SEED_BOUND = 1L << 32;

    private final String source;
    private final String sha256;
    private final ObjectNode graph;
    private final int seedInputs;

    /**
     * Creates a workflow from a graph already checked to be in API format.
     *
     * @param source where the graph comes from, such as a file path, for reports
     * @param sha256 the SHA-256 digest of the file's bytes in hexadecimal, for reports
     * @param graph the graph, which the workflow copies
     */
    Workflow(String source, String sha256, ObjectNode graph) {
        this.source = source;
        this.sha256 = sha256;
        this.graph = graph.deepCopy();
        this.seedInputs = countSeedInputs(this.graph);
    }

    /** Returns where the graph comes from, such as a file path. */
    String source() {
        return source;
    }

    /** Returns the SHA-256 digest of the file's bytes, which changes when the file does. */
    String sha256() {
        return sha256;
    }

    /** Returns the number of nodes. */
    int size() {
        return graph.size();
    }

    /** Returns the number of numeric {@code seed} and {@code noise_seed} inputs. */
    int seedInputs() {
        return seedInputs;
    }

    /**
     * Returns a copy of the graph in which every numeric {@code seed} and {@code noise_seed}
     * input contains a new random value, so that ComfyUI cannot serve the job from its cache of
     * earlier results. Seeds given as links to other nodes are left as they are.
     *
     * @param random the random source
     * @return the copy
     */
    ObjectNode withRandomSeeds(RandomGenerator random) {
        ObjectNode copy = graph.deepCopy();
        for (JsonNode node : copy) {
            JsonNode inputs = node.path("inputs");
            for (String name : SEED_INPUTS) {
                if (inputs.path(name).isIntegralNumber()) {
                    ((ObjectNode) inputs).put(name, random.nextLong(SEED_BOUND));
                }
            }
        }
        return copy;
    }

    /**
     * Returns the first {@code ckpt_name} input that is a string, which names the checkpoint
     * that a {@code CheckpointLoaderSimple} node loads.
     *
     * @return the checkpoint name, if the graph has one
     */
    Optional<String> checkpointName() {
        for (JsonNode node : graph) {
            JsonNode name = node.path("inputs").path("ckpt_name");
            if (name.isTextual()) {
                return Optional.of(name.asText());
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the image size and steps of the graph: the first node, in file order, with
     * whole-number {@code width} and {@code height} inputs, such as {@code EmptyLatentImage},
     * and the first with a whole-number {@code steps} input, such as {@code KSampler}.
     *
     * @return the job, or empty when either kind of node is missing
     */
    Optional<ImageJob> imageJob() {
        OptionalInt width = OptionalInt.empty();
        OptionalInt height = OptionalInt.empty();
        OptionalInt steps = OptionalInt.empty();
        for (JsonNode node : graph) {
            JsonNode inputs = node.path("inputs");
            OptionalInt nodeWidth = intInput(inputs, "width");
            OptionalInt nodeHeight = intInput(inputs, "height");
            if (width.isEmpty() && nodeWidth.isPresent() && nodeHeight.isPresent()) {
                width = nodeWidth;
                height = nodeHeight;
            }
            if (steps.isEmpty()) {
                steps = intInput(inputs, "steps");
            }
        }
        if (width.isEmpty() || steps.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ImageJob(width.getAsInt(), height.getAsInt(), steps.getAsInt()));
    }

    private static OptionalInt intInput(JsonNode inputs, String name) {
        JsonNode value = inputs.path(name);
        return value.isIntegralNumber() && value.canConvertToInt()
                ? OptionalInt.of(value.intValue()) : OptionalInt.empty();
    }

    private static int countSeedInputs(ObjectNode graph) {
        int count = 0;
        for (JsonNode node : graph) {
            JsonNode inputs = node.path("inputs");
            for (String name : SEED_INPUTS) {
                if (inputs.path(name).isIntegralNumber()) {
                    count++;
                }
            }
        }
        return count;
    }
}
