package dev.vespabench.sim;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.group.ChannelGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;

/**
 * A running simulated server, started by {@link Simulator#start(SimulatorConfig)}.
 *
 * <p>Closing it stops the batching thread, sends an error to unfinished requests and closes
 * the listening socket and every connection.
 */
public final class SimulatedServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatedServer.class);
    private static final Duration DISPOSE_TIMEOUT = Duration.ofSeconds(5);

    private final SimulatorConfig config;
    private final StepCost cost;
    private final BatchScheduler scheduler;
    private final FaultInjector faults;
    private final ImageEngine images;
    private final ComfyRoutes comfyRoutes;
    private final DisposableServer server;
    private final ChannelGroup connections;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    SimulatedServer(SimulatorConfig config, StepCost cost, BatchScheduler scheduler,
            FaultInjector faults, ImageEngine images, ComfyRoutes comfyRoutes,
            DisposableServer server, ChannelGroup connections) {
        this.config = config;
        this.cost = cost;
        this.scheduler = scheduler;
        this.faults = faults;
        this.images = images;
        this.comfyRoutes = comfyRoutes;
        this.server = server;
        this.connections = connections;
        this.port = server.port();
    }

    /** Returns the settings that started the server, whose port may be 0. */
    public SimulatorConfig config() {
        return config;
    }

    /** Returns the port the server listens on, the ephemeral one when the config set 0. */
    public int port() {
        return port;
    }

    /**
     * Returns the base URL for clients, such as {@code http://127.0.0.1:8000}. A wildcard host
     * ({@code 0.0.0.0} or {@code ::}) is replaced by the loopback address.
     */
    public String baseUrl() {
        return "http://" + clientHost(config.host()) + ":" + port();
    }

    /**
     * Returns the throughput that the batching model predicts at a concurrency, in tokens per
     * second: {@code min(c,S) * 1000 / (base + k*min(c,S))}.
     *
     * <p>It is exact when {@code min(c,S)} sequences are active in every step, as in a burst of
     * at most {@code S} requests of equal length that start together. Clients that replace each
     * finished request get slightly less, because a new request waits for the next step
     * boundary to enter a slot. {@link #analyticBurstThroughput(int)} is the figure of a burst
     * of more than {@code S} requests.
     *
     * @param concurrency the number of requests in flight, at least 1
     * @return the predicted tokens per second
     * @throws IllegalArgumentException when concurrency is below 1
     */
    public double analyticThroughput(int concurrency) {
        Checks.inRange("concurrency", concurrency, 1, Integer.MAX_VALUE);
        return cost.throughput(concurrency);
    }

    /**
     * Returns the throughput of a burst in tokens per second: {@code requests} requests of
     * equal output length that arrive together, such as one run of the {@code fixed} strategy.
     * They run in waves of at most {@code slots} sequences, so the figure is
     * {@code requests * 1000 / (sum over waves of base + k*n)}, which does not depend on the
     * length. It equals {@link #analyticThroughput(int)} when {@code requests} is at most the
     * slot count or a multiple of it, and is lower otherwise: 10 requests on 8 slots run 8,
     * then 2 alone.
     *
     * <p>NOTE: the figure assumes that every request is queued before the first step. An idle
     * scheduler starts its first step when the first request arrives, so requests that arrive
     * during that step join at the next boundary, which lengthens the burst by about a step.
     *
     * @param requests the requests of the burst, at least 1
     * @return the predicted tokens per second
     * @throws IllegalArgumentException when requests is below 1
     */
    public double analyticBurstThroughput(int requests) {
        Checks.inRange("requests", requests, 1, Integer.MAX_VALUE);
        return cost.burstThroughput(requests);
    }

    /**
     * Returns the time from the first step to the last token of a burst of {@code requests}
     * requests with {@code maxTokens} each, which the server caps at
     * {@link SimulatorConfig#maxOutputTokens()} as it caps responses.
     *
     * @param requests the requests of the burst, at least 1
     * @param maxTokens the {@code max_tokens} of each request, at least 1
     * @return the predicted makespan
     * @throws IllegalArgumentException when requests or maxTokens is below 1
     */
    public Duration analyticBurstDuration(int requests, int maxTokens) {
        Checks.inRange("requests", requests, 1, Integer.MAX_VALUE);
        Checks.inRange("maxTokens", maxTokens, 1, Integer.MAX_VALUE);
        int length = Math.min(maxTokens, config.maxOutputTokens().orElse(Integer.MAX_VALUE));
        return Duration.ofNanos(Math.round(cost.burstNanos(requests, length)));
    }

    /**
     * Returns the highest throughput of the batching model, with every slot busy, in tokens
     * per second.
     */
    public double analyticCapacity() {
        return cost.capacity();
    }

    /**
     * Returns the image jobs per second that the image engine completes with {@code c} jobs in
     * flight: {@code min(c, workers) * 1000 / jobMillis}, as
     * {@link ImageConfig#analyticJobsPerSecond(int)} defines it.
     *
     * @param concurrency the number of jobs in flight, at least 1
     * @return the predicted jobs per second
     * @throws IllegalArgumentException when concurrency is below 1
     */
    public double analyticJobsPerSecond(int concurrency) {
        return config.images().analyticJobsPerSecond(concurrency);
    }

    /** Returns the number of image jobs that have run to their end since start-up. */
    public long completedImageJobs() {
        return images.completedJobs();
    }

    /** Returns the number of image jobs that are running or waiting for a worker now. */
    public int openImageJobs() {
        return images.runningJobs() + images.queuedJobs();
    }

    /**
     * Returns the number of {@code POST /queue} and {@code POST /interrupt} requests since
     * start-up, the requests that remove ComfyUI prompts.
     */
    public long comfyCleanupRequests() {
        return comfyRoutes.cleanupRequests();
    }

    /**
     * Returns the count of each fault injected so far, with every kind present, zeros
     * included. {@code GET /sim/faults} returns the same counts.
     */
    public Map<Fault, Long> injectedFaults() {
        return faults.counts();
    }

    /**
     * Returns the number of requests that reached a generation route with a valid body since
     * start-up, faulted or not. Requests rejected in the start-up period are not counted.
     */
    public long generationRequests() {
        return faults.requests();
    }

    /**
     * Returns the number of hung requests whose connections are still open, 0 once every
     * client that got {@link Fault#HANG} has closed its connection.
     */
    public int openHangs() {
        return faults.openHangs();
    }

    /**
     * Returns the number of tokens the batching model has produced since start-up, for every
     * request on the OpenAI and TGI routes, cut and cancelled ones included.
     */
    public long tokensProduced() {
        return scheduler.tokensProduced();
    }

    /**
     * Returns the number of client connections open now, idle keep-alive connections
     * included. A client that has closed every connection it opened brings it back to 0.
     */
    public int openConnections() {
        return connections.size();
    }

    /** Returns the batching engine, for tests that watch slots and the queue. */
    BatchScheduler scheduler() {
        return scheduler;
    }

    /**
     * Stops the server. Unfinished non-streaming requests get a 503 error, and unfinished
     * streams end without {@code [DONE]}. Then the listening socket and the connections
     * close. Calling it again has no effect.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.close();
        // Hung requests never finish by themselves, so disposeNow would wait for them.
        faults.close();
        images.close();
        try {
            server.disposeNow(DISPOSE_TIMEOUT);
        } catch (IllegalStateException e) {
            log.warn("Simulator did not finish its running requests within {} ms url={}",
                    DISPOSE_TIMEOUT.toMillis(), baseUrl(), e);
        }
        // disposeNow waits for running requests but leaves idle keep-alive connections open.
        connections.close().awaitUninterruptibly(DISPOSE_TIMEOUT.toMillis());
        log.info("Simulator stopped url={} tokensProduced={}",
                baseUrl(), scheduler.tokensProduced());
    }

    private static String clientHost(String host) {
        if (host.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            return "[::1]";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
