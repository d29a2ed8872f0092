/**
 * A backend for Hugging Face Text Generation Inference (TGI) through its native
 * {@code POST /generate} and {@code POST /generate_stream} endpoints.
 *
 * <p>{@link dev.vespabench.tgi.TgiProvider} ({@code tgi}) creates the backend. It counts the
 * workload of a request in generated tokens, as TGI reports them in
 * {@code details.generated_tokens}. Everything else in this package is an implementation detail.
 */
@NullMarked
package dev.vespabench.tgi;

import org.jspecify.annotations.NullMarked;
