/**
 * Backends for ComfyUI image generation.
 *
 * <p>{@link dev.vespabench.comfyui.ComfyUiProvider} ({@code comfyui}) loads
 * {@code POST /generate/sync} of the comfyui-json worker, which responds when the job has
 * finished. {@link dev.vespabench.comfyui.ComfyUiNativeProvider} ({@code comfyui-native})
 * submits a graph to ComfyUI's own {@code POST /prompt} and polls
 * {@code GET /history/{prompt_id}} until the job has finished. Both charge a fixed workload per
 * job, 100 by default. Everything else in this package is an implementation detail.
 */
@NullMarked
package dev.vespabench.comfyui;

import org.jspecify.annotations.NullMarked;
