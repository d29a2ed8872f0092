package dev.vespabench.sim;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The checks that ComfyUI applies to a graph in API format before it queues a job, as far as
 * the simulator models them: every node needs a {@code class_type}, and at least one node must
 * be an output node.
 *
 * <p>NOTE: ComfyUI finds output nodes by their class's {@code OUTPUT_NODE} flag, over every
 * installed node. The simulator knows only {@link #OUTPUT_CLASS_TYPES}, and it checks neither
 * inputs nor links, so a graph that it accepts may still fail on a real server.
 */
final class ComfyGraph {

    /** The output nodes of ComfyUI's core image nodes, which save or preview images. */
    static final Set<String> OUTPUT_CLASS_TYPES = Set.of("SaveImage", "PreviewImage");

    private ComfyGraph() {
    }

    /**
     * Returns the ids of a graph's output nodes, in the graph's order.
     *
     * @param graph the {@code prompt} of a request, an object of nodes keyed by node id
     * @return the ids, never empty
     * @throws ComfyError when the graph is not an object, a node has no {@code class_type}, or
     *         no node is an output node
     */
    static List<String> outputNodes(JsonNode graph) {
        if (!graph.isObject()) {
            throw ComfyError.noPrompt();
        }
        List<String> outputs = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = graph.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> node = it.next();
            JsonNode classType = node.getValue().path("class_type");
            if (!classType.isTextual()) {
                throw ComfyError.missingClassType(node.getKey());
            }
            if (OUTPUT_CLASS_TYPES.contains(classType.asText())) {
                outputs.add(node.getKey());
            }
        }
        if (outputs.isEmpty()) {
            throw ComfyError.noOutputs();
        }
        return outputs;
    }
}
