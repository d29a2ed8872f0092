package dev.vespabench.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.vespabench.api.BodyReader;
import dev.vespabench.api.Call;
import dev.vespabench.api.FailureKind;
import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.ResponseFormat;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.core.internal.ExchangeSettings;
import dev.vespabench.core.internal.HttpExchanger;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Checks over real sockets when the engine sends a follow-up's clean-up requests. */
class CleanupRequestTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpRequestSpec CLEANUP = HttpRequestSpec.postJson("/cleanup",
            "{\"job\": 1}", ResponseFormat.BODY);

    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger cleanups = new AtomicInteger();

    @Test
    void completedRequestSendsNoCleanup() throws InterruptedException {
        try (StubServer server = start(Mono.just("done"));
                HttpExchanger exchanger = exchanger(server, Duration.ofSeconds(5))) {

            RequestResult result = exchanger.execute(1, submit()).block(WAIT);
            Thread.sleep(300);

            assertThat(result.outcome()).isInstanceOf(Outcome.Completed.class);
            assertThat(cleanups).hasValue(0);
        }
    }

    @Test
    void timedOutRequestSendsCleanupOnce() throws InterruptedException {
        try (StubServer server = start(Mono.never());
                // Long enough for the first poll to start on a loaded machine.
                HttpExchanger exchanger = exchanger(server, Duration.ofSeconds(2))) {

            RequestResult result = exchanger.execute(1, submit()).block(WAIT);
            awaitCount(cleanups, 1);
            Thread.sleep(300);

            assertThat(result.outcome()).isInstanceOfSatisfying(Outcome.Failed.class,
                    failed -> assertThat(failed.kind()).isEqualTo(FailureKind.TIMEOUT));
            assertThat(cleanups).hasValue(1);
        }
    }

    @Test
    void failedPollSendsCleanup() throws InterruptedException {
        try (StubServer server = start(Mono.just("broken"));
                HttpExchanger exchanger = exchanger(server, Duration.ofSeconds(5))) {

            RequestResult result = exchanger.execute(1, submit()).block(WAIT);
            awaitCount(cleanups, 1);

            assertThat(result.outcome()).isInstanceOf(Outcome.Failed.class);
            assertThat(cleanups).hasValue(1);
        }
    }

    @Test
    void cancelledRequestSendsCleanupOnce() throws InterruptedException {
        try (StubServer server = start(Mono.never());
                HttpExchanger exchanger = exchanger(server, Duration.ofSeconds(30))) {

            Disposable request = exchanger.execute(1, submit()).subscribe();
            awaitCount(polls, 1);
            request.dispose();
            awaitCount(cleanups, 1);
            Thread.sleep(300);

            assertThat(cleanups).hasValue(1);
        }
    }

    @Test
    void cancelBeforeFollowUpSendsNothing() throws InterruptedException {
        try (StubServer server = start(Mono.just("done"));
                HttpExchanger exchanger = exchanger(server, Duration.ofSeconds(30))) {
            BodyReader toPoll = response -> followUp();
            Call slowSubmit = new Call(HttpRequestSpec.get("/slow"), toPoll, 1);

            Disposable request = exchanger.execute(1, slowSubmit).subscribe();
            Thread.sleep(300);
            request.dispose();
            Thread.sleep(300);

            assertThat(cleanups).hasValue(0);
        }
    }

    /** Starts a server whose {@code /poll} returns the given body, or never answers. */
    private StubServer start(Mono<String> pollBody) {
        return StubServer.start(routes -> routes
                .get("/submit", (request, response) -> response.sendString(Mono.just("queued")))
                .get("/slow", (request, response) -> response.sendString(Mono.never()))
                .get("/poll", (request, response) -> {
                    polls.incrementAndGet();
                    return response.sendString(pollBody);
                })
                .post("/cleanup", (request, response) -> {
                    cleanups.incrementAndGet();
                    return response.sendString(Mono.just("{}"));
                }));
    }

    private static HttpExchanger exchanger(StubServer server, Duration requestTimeout) {
        ExchangeSettings settings = new ExchangeSettings(server.url(), Duration.ofSeconds(5),
                requestTimeout, 1 << 20, 8, Map.of(), 0, false);
        return new HttpExchanger(settings, Schedulers.parallel(), System::nanoTime);
    }

    /** Returns a call whose response asks for a poll that carries the clean-up request. */
    private static Call submit() {
        BodyReader toPoll = response -> followUp();
        return new Call(HttpRequestSpec.get("/submit"), toPoll, 1);
    }

    private static Outcome followUp() {
        BodyReader pollReader = response -> {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            return body.equals("done") ? Outcome.completed(1, WorkloadSource.FIXED)
                    : Outcome.failed(FailureKind.UNREADABLE_BODY, "", "poll returned " + body);
        };
        Call poll = new Call(HttpRequestSpec.get("/poll"), pollReader, 1);
        return new Outcome.FollowUp(poll, Duration.ZERO, List.of(CLEANUP));
    }

    /** Waits up to 5 s for a counter to reach a value. */
    private static void awaitCount(AtomicInteger counter, int expected)
            throws InterruptedException {
        for (int i = 0; i < 200 && counter.get() < expected; i++) {
            Thread.sleep(25);
        }
    }
}
