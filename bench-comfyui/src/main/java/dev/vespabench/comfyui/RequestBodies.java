package dev.vespabench.comfyui;

import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the graphs and JSON bodies that the ComfyUI backends send. */
final class RequestBodies {

    /** The modifier of the comfyui-json worker that fills its built-in text-to-image graph. */
    static final String TEXT_TO_IMAGE_MODIFIER = "Text2Image";

    /** The prefix of the file names that the default graph's SaveImage node writes. */
    static final String FILENAME_PREFIX = "vespa-bench";

    private RequestBodies() {
    }

    /**
     * Writes the body of {@code POST /generate/sync}: the workflow file's graph as
     * {@code workflow_json}, or the {@code Text2Image} modifier with the prompt, size, steps and
     * seed as {@code modifications}.
     *
     * @param settings the job settings
     * @param requestId the {@code request_id}, which the worker also uses in output paths
     * @param random the source of the prompt and seeds
     * @return the body
     */
    static byte[] workerJob(ComfySettings settings, String requestId, RandomGenerator random) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode input = root.putObject("input");
        input.put("request_id", requestId);
        if (settings.workflow().isPresent()) {
            input.set("workflow_json", settings.workflow().get().withRandomSeeds(random));
        } else {
            ImageJob job = settings.job();
            input.put("modifier", TEXT_TO_IMAGE_MODIFIER);
            ObjectNode modifications = input.putObject("modifications");
            modifications.put("prompt", Prompts.draw(random));
            modifications.put("width", job.width());
            modifications.put("height", job.height());
            modifications.put("steps", job.steps());
            modifications.put("seed", random.nextLong(Workflow.SEED_BOUND));
        }
        return Json.write(root);
    }

    /**
     * Writes the body of ComfyUI's {@code POST /prompt}: the workflow file's graph, or the
     * default graph, with new seeds.
     *
     * @param settings the job settings
     * @param clientId the {@code client_id}, which ComfyUI records with the job
     * @param random the source of the prompt and seeds
     * @return the body
     */
    static byte[] nativeJob(ComfySettings settings, String clientId, RandomGenerator random) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("prompt", settings.workflow().isPresent()
                ? settings.workflow().get().withRandomSeeds(random)
                : defaultGraph(settings.checkpoint(), settings.job(), Prompts.draw(random),
                        random.nextLong(Workflow.SEED_BOUND)));
        root.put("client_id", clientId);
        return Json.write(root);
    }

    /**
     * Builds the smallest text-to-image graph in API format, with the node ids and sampler
     * settings of ComfyUI's default workflow: a checkpoint loader, positive and negative text
     * encoders, an empty latent image, a KSampler, a VAE decoder and a SaveImage node.
     *
     * @param checkpoint the checkpoint file name
     * @param job the image size and steps
     * @param prompt the positive prompt
     * @param seed the sampler's seed
     * @return the graph
     */
    static ObjectNode defaultGraph(String checkpoint, ImageJob job, String prompt, long seed) {
        ObjectNode graph = Json.MAPPER.createObjectNode();

        ObjectNode sampler = node(graph, "3", "KSampler");
        sampler.put("seed", seed);
        sampler.put("steps", job.steps());
        sampler.put("cfg", 8.0);
        sampler.put("sampler_name", "euler");
        sampler.put("scheduler", "normal");
        sampler.put("denoise", 1.0);
        link(sampler, "model", "4", 0);
        link(sampler, "positive", "6", 0);
        link(sampler, "negative", "7", 0);
        link(sampler, "latent_image", "5", 0);

        node(graph, "4", "CheckpointLoaderSimple").put("ckpt_name", checkpoint);

        ObjectNode latent = node(graph, "5", "EmptyLatentImage");
        latent.put("width", job.width());
        latent.put("height", job.height());
        latent.put("batch_size", 1);

        ObjectNode positive = node(graph, "6", "CLIPTextEncode");
        positive.put("text", prompt);
        link(positive, "clip", "4", 1);

        ObjectNode negative = node(graph, "7", "CLIPTextEncode");
        negative.put("text", Prompts.NEGATIVE);
        link(negative, "clip", "4", 1);

        ObjectNode decoder = node(graph, "8", "VAEDecode");
        link(decoder, "samples", "3", 0);
        link(decoder, "vae", "4", 2);

        ObjectNode save = node(graph, "9", "SaveImage");
        save.put("filename_prefix", FILENAME_PREFIX);
        link(save, "images", "8", 0);
        return graph;
    }

    /** Adds a node and returns its {@code inputs} object. */
    private static ObjectNode node(ObjectNode graph, String id, String classType) {
        ObjectNode node = graph.putObject(id);
        ObjectNode inputs = node.putObject("inputs");
        node.put("class_type", classType);
        return inputs;
    }

    /** Sets an input to a link: the id of the node and the index of its output. */
    private static void link(ObjectNode inputs, String name, String nodeId, int output) {
        ArrayNode value = inputs.putArray(name);
        value.add(nodeId);
        value.add(output);
    }
}
