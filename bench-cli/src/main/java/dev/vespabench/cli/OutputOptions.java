package dev.vespabench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.ResultCache;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Options that choose what a benchmark writes: the summary or JSON, and files beside it. */
final class OutputOptions {

    private static final Logger log = LoggerFactory.getLogger("dev.vespabench.cli");

    @Option(names = "--json",
            description = "Print one JSON document (docs/json-output.md) instead of the summary.")
    boolean json;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Also write the JSON document to FILE, replacing it whole.")
    @Nullable Path output;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write a self-contained HTML report with charts to FILE.")
    @Nullable Path report;

    /**
     * Checks before measuring that the output files can be written.
     *
     * @throws UsageException when a file's directory is missing or not writable
     */
    void check() {
        check(null);
    }

    /**
     * Checks that the output files can be written and that no two of them, nor the cache
     * file, are the same file, which one write would silently replace with the other.
     *
     * @param cacheFile the cache file in use, or null without one
     */
    void check(@Nullable Path cacheFile) {
        if (output != null) {
            AtomicFiles.checkWritable("--output", output);
        }
        if (report != null) {
            AtomicFiles.checkWritable("--report", report);
        }
        if (output != null && report != null && same(output, report)) {
            throw new UsageException("--output and --report name the same file, " + output
                    + "; give each its own file");
        }
        for (Path file : new Path[] {output, report}) {
            if (file != null && cacheFile != null && same(file, cacheFile)) {
                throw new UsageException((file == output ? "--output" : "--report") + " names"
                        + " the cache file, " + cacheFile + "; give it another file, or pass"
                        + " --cache-file or --no-cache");
            }
        }
    }

    private static boolean same(Path first, Path second) {
        return first.toAbsolutePath().normalize().equals(second.toAbsolutePath().normalize());
    }

    /**
     * Prints a result on {@code out} and writes the requested files, with the {@link Secrets}
     * masked in each.
     *
     * @param result the result
     * @param context the URL and settings that produced it
     * @param out the standard output writer
     */
    void write(BenchmarkResult result, ReportContext context, PrintWriter out) {
        String document = Secrets.redact(ResultDocument.text(ResultDocument.of(result, context)));
        if (json) {
            out.println(document);
        } else {
            StringWriter summary = new StringWriter();
            ResultPrinter.human(result, context.url(), new PrintWriter(summary));
            out.print(Secrets.redact(summary.toString()));
        }
        out.flush();
        if (output != null) {
            AtomicFiles.write(output, document + "\n");
            log.info("wrote the JSON result to file={}", output);
        }
        if (report != null) {
            AtomicFiles.write(report, Secrets.redact(HtmlReport.render(result, context)));
            log.info("wrote the HTML report to file={}", report);
        }
    }

    /**
     * Prints a figure read from the cache file and writes the requested files.
     *
     * @param entry the cache entry
     * @param file the cache file
     * @param out the standard output writer
     */
    void writeCached(ResultCache.Entry entry, Path file, PrintWriter out) {
        String document = ResultDocument.text(ResultDocument.cached(entry, file.toString()));
        if (json) {
            out.println(document);
        } else {
            ResultPrinter.cached(entry, file.toString(), out);
        }
        out.flush();
        if (output != null) {
            AtomicFiles.write(output, document + "\n");
            log.info("wrote the JSON result to file={}", output);
        }
        if (report != null) {
            AtomicFiles.write(report, HtmlReport.renderCached(entry, file.toString()));
            log.info("wrote the HTML report to file={}", report);
        }
    }
}
