package dev.vespabench.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class PromptTextTest {

    @Test
    void wordListHasSeveralHundredWords() {
        assertThat(PromptText.vocabularySize()).isBetween(300, 2000);
    }

    @Test
    void randomWordsHasRequestedCount() {
        String words = PromptText.randomWords(new SplittableRandom(1), 250);

        assertThat(words.split(" ")).hasSize(250);
        assertThat(words).matches("[a-z]+( [a-z]+)*");
    }

    @Test
    void promptIsSystemTextThenWords() {
        String prompt = PromptText.prompt(new SplittableRandom(1), 250);

        assertThat(prompt).startsWith(PromptText.SYSTEM_TEXT + PromptText.SEPARATOR);
        assertThat(prompt.substring(PromptText.SYSTEM_TEXT.length() + 2).split(" "))
                .hasSize(250);
    }

    @Test
    void randomWordsDependsOnlyOnSeed() {
        String first = PromptText.randomWords(new SplittableRandom(42), 50);
        String second = PromptText.randomWords(new SplittableRandom(42), 50);

        assertThat(first).isEqualTo(second);
    }

    @Test
    void randomWordsDrawsAcrossList() {
        Set<String> seen = new HashSet<>(
                Arrays.asList(PromptText.randomWords(new SplittableRandom(5), 5000).split(" ")));

        assertThat(seen.size()).isGreaterThan(PromptText.vocabularySize() * 9 / 10);
    }

    @Test
    void systemTextHasPassageLength() {
        assertThat(PromptText.SYSTEM_TEXT).startsWith("You are a helpful assistant.");
        assertThat(PromptText.SYSTEM_TEXT.split("\\s+").length).isBetween(60, 120);
    }
}
