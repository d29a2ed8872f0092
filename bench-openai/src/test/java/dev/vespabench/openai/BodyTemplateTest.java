package dev.vespabench.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.vespabench.api.PromptText;

class BodyTemplateTest {

    @ParameterizedTest
    @CsvSource({
            "COMPLETIONS, false, sim-model, 250",
            "COMPLETIONS, true, sim-model, 1",
            "CHAT, false, sim-model, 50",
            "CHAT, true, org/model \"quoted\", 250",
            "COMPLETIONS, false, 'nul\u0000in name', 20"})
    void filledTemplateEqualsWrittenBody(Api api, boolean stream, String model, int words) {
        OpenAiSettings settings = new OpenAiSettings(64, words, new BigDecimal("0.7"), stream);
        BodyTemplate template = BodyTemplate.of(api, model, 64, settings);

        for (long seed = 0; seed < 20; seed++) {
            byte[] filled = template.fill(new SplittableRandom(seed), words);

            String prompt = PromptText.randomWords(new SplittableRandom(seed), words);
            byte[] written = RequestBodies.write(api, model, prompt, 64, settings);
            assertThat(new String(filled, StandardCharsets.UTF_8))
                    .as("seed %d", seed)
                    .isEqualTo(new String(written, StandardCharsets.UTF_8));
        }
    }
}
