package dev.vespabench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/** Validates JSON documents against the repository's {@code docs/result-schema.json}. */
final class SchemaValidator {

    /** The schema file, found from the module directory that Maven runs tests in. */
    static final Path SCHEMA_FILE = Path.of(System.getProperty("basedir", "."))
            .resolve("../docs/result-schema.json").normalize();

    private static final Schema SCHEMA = load();

    private SchemaValidator() {
    }

    /**
     * Returns the schema violations of a document.
     *
     * @param json the document's text
     * @return the messages, empty when the document is valid
     */
    static List<String> errors(String json) {
        try {
            JsonNode document = new ObjectMapper().readTree(json);
            return SCHEMA.validate(document).stream().map(Error::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    private static Schema load() {
        try {
            String text = Files.readString(SCHEMA_FILE);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(text, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException("schema not found at " + SCHEMA_FILE, e);
        }
    }
}
