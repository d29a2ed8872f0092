package dev.vespabench.sim;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Starts simulated inference servers.
 *
 * <p>A server speaks the OpenAI-compatible API in vLLM's shapes and TGI's native generate API,
 * and decodes both with one continuous-batching model: {@code slots} sequences at most, one
 * token per active sequence per step, and {@code base + k*n} milliseconds per step with
 * {@code n} active sequences. Its throughput at each concurrency is therefore known in advance,
 * and {@link SimulatedServer#analyticThroughput(int)} returns it. {@link FaultConfig} adds
 * faults that real servers show, such as error statuses, resets and hung requests, and
 * {@link SimulatedServer#injectedFaults()} counts them. The same server speaks ComfyUI's API
 * and the comfyui-json worker's, backed by an image engine of {@link ImageConfig#workers()}
 * parallel jobs of {@link ImageConfig#jobMillis()} each, whose jobs per second
 * {@link SimulatedServer#analyticJobsPerSecond(int)} returns.
 */
public final class Simulator {

    private static final Logger log = LoggerFactory.getLogger(Simulator.class);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
    // Lets a burst of 1000+ clients connect at once. Linux caps it at net.core.somaxconn.
    private static final int ACCEPT_BACKLOG = 4096;

    private Simulator() {
    }

    /**
     * Starts a server and returns once it accepts connections.
     *
     * @param config the settings
     * @return the running server, which the caller closes
     * @throws RuntimeException from Reactor Netty when the address cannot be bound
     */
    public static SimulatedServer start(SimulatorConfig config) {
        Objects.requireNonNull(config, "config");
        StepCost cost = new StepCost(
                config.slots(), config.baseStepMillis(), config.perSequenceStepMillis());
        BatchScheduler scheduler = new BatchScheduler(cost);
        ControlRoutes controlRoutes =
                new ControlRoutes(cost, config.maxOutputTokens(), config.images());
        FaultInjector faults = new FaultInjector(config.faults());
        FaultRoutes faultRoutes = new FaultRoutes(faults);
        FaultResponses faultResponses = new FaultResponses(faults);
        OpenAiRoutes openAiRoutes = new OpenAiRoutes(scheduler, config, faultResponses);
        TgiRoutes tgiRoutes = new TgiRoutes(scheduler, config, faultResponses);
        ImageEngine images = new ImageEngine(config.images());
        ComfyRoutes comfyRoutes = new ComfyRoutes(images);
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

        DisposableServer server;
        try {
            server = HttpServer.create()
                    .host(config.host())
                    .port(config.port())
                    .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                    // With a channel group, disposing the server waits for running requests.
                    .channelGroup(connections)
                    .route(routes -> {
                        // The start-up gate of fault injection must match before any route.
                        faultRoutes.register(routes);
                        controlRoutes.register(routes);
                        openAiRoutes.register(routes);
                        tgiRoutes.register(routes);
                        comfyRoutes.register(routes);
                    })
                    .bindNow(BIND_TIMEOUT);
        } catch (RuntimeException e) {
            scheduler.close();
            images.close();
            throw e;
        }

        SimulatedServer started = new SimulatedServer(
                config, cost, scheduler, faults, images, comfyRoutes, server, connections);
        log.info("Simulator started url={} model={} slots={} baseStepMillis={}"
                + " perSequenceStepMillis={} capacityTokensPerSecond={}",
                started.baseUrl(), config.modelName(), config.slots(), config.baseStepMillis(),
                config.perSequenceStepMillis(),
                String.format(Locale.ROOT, "%.1f", cost.capacity()));
        if (config.faults().enabled()) {
            log.info("Simulator injects faults url={} faults={}", started.baseUrl(),
                    config.faults());
        }
        return started;
    }
}
