package dev.vespabench.tgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class PromptTextTest {

    @Test
    void wordListHasSeveralHundredWords() {
        assertThat(PromptText.vocabularySize()).isBetween(300, 2000);
    }

    @Test
    void promptIsSystemTextThenWords() {
        String prompt = PromptText.prompt(new SplittableRandom(1), 250);

        assertThat(prompt).startsWith(PromptText.SYSTEM_TEXT + PromptText.SEPARATOR);
        String words = prompt.substring(PromptText.SYSTEM_TEXT.length() + 2);
        assertThat(words.split(" ")).hasSize(250);
        assertThat(words).matches("[a-z]+( [a-z]+)*");
    }

    @Test
    void promptDependsOnlyOnSeed() {
        String first = PromptText.prompt(new SplittableRandom(42), 50);
        String second = PromptText.prompt(new SplittableRandom(42), 50);
        String other = PromptText.prompt(new SplittableRandom(43), 50);

        assertThat(first).isEqualTo(second);
        assertThat(first).isNotEqualTo(other);
    }

    @Test
    void systemTextHasPassageLength() {
        assertThat(PromptText.SYSTEM_TEXT).startsWith("You are a helpful assistant.");
        assertThat(PromptText.SYSTEM_TEXT.split("\\s+").length).isBetween(60, 120);
    }
}
