package com.example.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Checks that docs/custom-backends.md shows this example's files as they are. */
class GuideMatchesSourceTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", "."))
            .resolve("../..").normalize();
    // A marker comment naming a file, then a fenced block with that file's text.
    private static final Pattern SOURCE = Pattern.compile(
            "<!-- source: (\\S+) -->\\n```\\w*\\n(.*?)```", Pattern.DOTALL);

    @Test
    void guideShowsExampleFilesUnchanged() throws Exception {
        String guide = Files.readString(ROOT.resolve("docs/custom-backends.md"));
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher matcher = SOURCE.matcher(guide);
        while (matcher.find()) {
            blocks.put(matcher.group(1), matcher.group(2));
        }

        assertThat(blocks).hasSize(3);
        for (Map.Entry<String, String> block : blocks.entrySet()) {
            String file = Files.readString(ROOT.resolve(block.getKey()));
            assertThat(block.getValue()).as(block.getKey()).isEqualTo(file);
        }
    }
}
