package dev.vespabench.tgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.vespabench.testkit.Samples;

class ServerInfoTest {

    @Test
    void infoGivesModelAndLimits() {
        ServerInfo info = ServerInfo.from(Samples.response(200, "tgi-info.json"));

        assertThat(info.pending()).isFalse();
        assertThat(info.modelId()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(info.maxConcurrentRequests()).isEqualTo(OptionalInt.of(128));
        assertThat(info.maxTotalTokens()).isEqualTo(OptionalInt.of(4096));
        assertThat(info.notes()).containsExactly(
                "model name from GET /info, TGI version 3.3.6",
                "server accepts at most 128 concurrent requests (max_concurrent_requests from"
                        + " GET /info) and rejects more with error_type overloaded");
    }

    @Test
    void infoWithoutLimitsHasModelOnly() {
        ServerInfo info = ServerInfo.from(Samples.responseOf(200,
                "{\"model_id\":\"gpt2\",\"max_concurrent_requests\":null}"));

        assertThat(info.modelId()).isEqualTo("gpt2");
        assertThat(info.maxConcurrentRequests()).isEmpty();
        assertThat(info.maxTotalTokens()).isEmpty();
        assertThat(info.notes()).containsExactly("model name from GET /info");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"max_concurrent_requests\":0}",
        "{\"max_concurrent_requests\":-5}",
        "{\"max_concurrent_requests\":\"128\"}",
        "{\"max_concurrent_requests\":1.5}",
        "{\"max_concurrent_requests\":99999999999}",
    })
    void invalidLimitIsIgnored(String body) {
        ServerInfo info = ServerInfo.from(Samples.responseOf(200, body));

        assertThat(info.maxConcurrentRequests()).isEmpty();
        assertThat(info.notes()).containsExactly("model unknown because GET /info has no"
                + " model_id");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "404 | {\"error\":\"Not Found\"} | GET /info returned HTTP 404",
        "200 | not json                  | GET /info returned a body that is not JSON",
        "200 | [1]                       | GET /info returned a body that is not a JSON object",
        "200 | ''                        | GET /info returned a body that is not a JSON object",
    })
    void unusableInfoLeavesModelUnknown(int status, String body, String reason) {
        ServerInfo info = ServerInfo.from(Samples.responseOf(status, body));

        assertThat(info.pending()).isFalse();
        assertThat(info.modelId()).isEmpty();
        assertThat(info.maxConcurrentRequests()).isEmpty();
        assertThat(info.notes()).containsExactly("model unknown because " + reason);
    }

    @Test
    void missingResponseLeavesModelUnknown() {
        ServerInfo info = ServerInfo.from(null);

        assertThat(info.pending()).isFalse();
        assertThat(info.notes()).containsExactly("model unknown because GET /info got no"
                + " response");
    }
}
