package dev.vespabench.sim;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the bodies of ComfyUI's API and of the comfyui-json worker in the shapes that the real
 * servers send, with simulated file names and timings.
 */
final class ComfyResponses {

    /**
     * The version that {@code /system_stats} reports: the oldest ComfyUI release whose
     * {@code POST /interrupt} the simulator's matches, marked as simulated.
     */
    static final String VERSION = "0.3.60-vespa-bench-sim";

    private static final String OUTPUT_DIRECTORY = "/workspace/ComfyUI/output/";

    private ComfyResponses() {
    }

    /**
     * Returns the worker's Result of a completed job, with one image of the first output node.
     *
     * @param requestId the request id
     * @param task the ended job
     * @param outputNode the id of the node that saved the image
     * @param fileNumber the counter in the image's file name
     * @return the body
     */
    static byte[] workerCompleted(String requestId, ImageTask task, String outputNode,
            long fileNumber) {
        ObjectNode root = workerResult(requestId, "completed", "Processing complete.");
        String filename = filename("ComfyUI", fileNumber);
        ObjectNode image = root.putArray("output").addObject();
        image.put("filename", filename);
        image.put("local_path", OUTPUT_DIRECTORY + requestId + "/" + filename);
        image.put("type", "output");
        image.put("subfolder", "");
        image.put("node_id", outputNode);
        image.put("output_type", "images");
        ObjectNode timings = root.putObject("timings");
        timings.put("queued_at_ms", task.submittedMillis());
        timings.put("preprocess_ms", 0);
        timings.put("generation_ms", task.queuedMillis() + task.runMillis());
        timings.put("postprocess_ms", 0);
        timings.put("completed_at_ms", task.submittedMillis() + task.totalMillis());
        timings.put("total_ms", task.totalMillis());
        return Json.bytes(root);
    }

    /**
     * Returns the worker's Result of a failed job.
     *
     * @param requestId the request id
     * @param message the reason
     * @return the body
     */
    static byte[] workerFailed(String requestId, String message) {
        ObjectNode root = workerResult(requestId, "failed", message);
        root.putArray("output");
        root.putObject("timings");
        return Json.bytes(root);
    }

    /** Returns the response body of {@code POST /prompt} for a queued job. */
    static byte[] promptAccepted(String promptId, long number) {
        ObjectNode root = Json.object();
        root.put("prompt_id", promptId);
        root.put("number", number);
        root.putObject("node_errors");
        return Json.bytes(root);
    }

    /**
     * Returns the history entry of a job that succeeded: the queued prompt, the images of its
     * output nodes, and a status with the events of its execution.
     *
     * @param promptId the job's id
     * @param number the job's number in the queue
     * @param graph the graph that was queued
     * @param clientId the client id of the request, or empty
     * @param outputs the ids of the graph's output nodes
     * @param task the ended job
     * @param firstFileNumber the counter in the first image's file name
     * @return the entry, the value under the job's id in {@code GET /history/{prompt_id}}
     */
    static ObjectNode historySuccess(String promptId, long number, JsonNode graph,
            String clientId, List<String> outputs, ImageTask task, long firstFileNumber) {
        ObjectNode entry = Json.object();
        ArrayNode prompt = entry.putArray("prompt");
        prompt.add(number).add(promptId).add(graph);
        prompt.addObject().put("client_id", clientId);
        ArrayNode outputIds = prompt.addArray();
        outputs.forEach(outputIds::add);

        ObjectNode images = entry.putObject("outputs");
        long fileNumber = firstFileNumber;
        for (String output : outputs) {
            ObjectNode image = images.putObject(output).putArray("images").addObject();
            image.put("filename", filename("ComfyUI", fileNumber++));
            image.put("subfolder", "");
            image.put("type", "output");
        }

        ObjectNode status = entry.putObject("status");
        status.put("status_str", "success");
        status.put("completed", true);
        ArrayNode messages = status.putArray("messages");
        long started = task.submittedMillis() + task.queuedMillis();
        event(messages, "execution_start", promptId, started);
        event(messages, "execution_success", promptId, started + task.runMillis());
        return entry;
    }

    /** Returns a {@code /system_stats} body in ComfyUI's shape, for a simulated CPU device. */
    static byte[] systemStats() {
        ObjectNode root = Json.object();
        ObjectNode system = root.putObject("system");
        system.put("os", "posix");
        system.put("ram_total", Runtime.getRuntime().maxMemory());
        system.put("ram_free", Runtime.getRuntime().freeMemory());
        system.put("comfyui_version", VERSION);
        system.put("python_version", "");
        system.put("pytorch_version", "");
        system.put("embedded_python", false);
        system.putArray("argv");
        ObjectNode device = root.putArray("devices").addObject();
        device.put("name", "simulated image engine");
        device.put("type", "cpu");
        device.putNull("index");
        device.put("vram_total", 0);
        device.put("vram_free", 0);
        device.put("torch_vram_total", 0);
        device.put("torch_vram_free", 0);
        return Json.bytes(root);
    }

    /** Returns the body of {@code GET /prompt}: the number of jobs queued or running. */
    static byte[] queueInfo(int remaining) {
        ObjectNode root = Json.object();
        root.putObject("exec_info").put("queue_remaining", remaining);
        return Json.bytes(root);
    }

    private static ObjectNode workerResult(String requestId, String status, String message) {
        ObjectNode root = Json.object();
        root.put("id", requestId);
        root.put("message", message);
        root.put("status", status);
        root.putObject("comfyui_response");
        return root;
    }

    private static void event(ArrayNode messages, String name, String promptId, long millis) {
        ObjectNode data = messages.addArray().add(name).addObject();
        data.put("prompt_id", promptId);
        data.put("timestamp", millis);
    }

    /** Returns SaveImage's file name, such as {@code ComfyUI_00007_.png}. */
    private static String filename(String prefix, long number) {
        return String.format(Locale.ROOT, "%s_%05d_.png", prefix, number);
    }
}
