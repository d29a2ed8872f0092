/**
 * Backends for servers that implement the OpenAI completions and chat completions APIs, such as
 * vLLM, llama.cpp, Ollama, SGLang and TGI.
 *
 * <p>{@link dev.vespabench.openai.OpenAiProvider} ({@code openai}) loads
 * {@code POST /v1/completions} and {@link dev.vespabench.openai.OpenAiChatProvider}
 * ({@code openai-chat}) loads {@code POST /v1/chat/completions}. Both count the workload of a
 * request in generated tokens. Everything else in this package is an implementation detail.
 */
@NullMarked
package dev.vespabench.openai;

import org.jspecify.annotations.NullMarked;
