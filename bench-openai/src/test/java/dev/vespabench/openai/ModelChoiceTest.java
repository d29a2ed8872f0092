package dev.vespabench.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.vespabench.api.BackendOptions;
import dev.vespabench.testkit.Samples;

class ModelChoiceTest {

    @Test
    void listingGivesFirstModel() {
        ModelChoice choice = ModelChoice.fromListing(Samples.response(200, "vllm-models.json"));

        assertThat(choice).isEqualTo(new ModelChoice("Qwen/Qwen2.5-7B-Instruct",
                "model name from GET /v1/models", false));
    }

    @Test
    void severalListedModelsTakeFirst() {
        String body = "{\"object\":\"list\","
                + "\"data\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c\"}]}";

        ModelChoice choice = ModelChoice.fromListing(Samples.responseOf(200, body));

        assertThat(choice.name()).isEqualTo("a");
        assertThat(choice.note()).isEqualTo("model name is the first of 3 models that"
                + " GET /v1/models listed. Set the model option or MODEL_NAME to choose another.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "200 | {\"data\":[]}                | GET /v1/models listed no models",
        "200 | {\"object\":\"list\"}        | GET /v1/models returned no data array",
        "200 | [1]                          | GET /v1/models returned no data array",
        "200 | ''                           | GET /v1/models returned no data array",
        "200 | not json                     | GET /v1/models returned a body that is not JSON",
        "200 | {\"data\":[{\"name\":\"x\"}]} | the first model that GET /v1/models listed"
                + " has no id",
        "200 | {\"data\":[{\"id\":\" \"}]}   | the first model that GET /v1/models listed"
                + " has no id",
        "404 | {\"detail\":\"Not Found\"}    | GET /v1/models returned HTTP 404",
    })
    void unusableListingFallsBackToDefault(int status, String body, String reason) {
        ModelChoice choice = ModelChoice.fromListing(Samples.responseOf(status, body));

        assertThat(choice.name()).isEqualTo("model");
        assertThat(choice.pending()).isFalse();
        assertThat(choice.note()).isEqualTo("model name 'model' is a default because " + reason
                + ". Set the model option or MODEL_NAME to choose another.");
    }

    @Test
    void missingListingFallsBackToDefault() {
        ModelChoice choice = ModelChoice.fromListing(null);

        assertThat(choice.name()).isEqualTo("model");
        assertThat(choice.note()).contains("GET /v1/models got no response");
    }

    @Test
    void optionWinsOverVariable() {
        BackendOptions options =
                new BackendOptions(Map.of("model", " mistral "), Map.of("MODEL_NAME", "qwen"));

        ModelChoice choice = ModelChoice.fromOptions(options);

        assertThat(choice).isEqualTo(
                new ModelChoice("mistral", "model name from the model option", false));
    }

    @Test
    void blankOptionFallsBackToVariable() {
        BackendOptions options =
                new BackendOptions(Map.of("model", " "), Map.of("MODEL_NAME", "qwen"));

        ModelChoice choice = ModelChoice.fromOptions(options);

        assertThat(choice).isEqualTo(new ModelChoice("qwen", "model name from MODEL_NAME", false));
    }

    @Test
    void noModelSettingIsPending() {
        ModelChoice choice = ModelChoice.fromOptions(BackendOptions.empty());

        assertThat(choice.name()).isEqualTo("model");
        assertThat(choice.pending()).isTrue();
    }
}
