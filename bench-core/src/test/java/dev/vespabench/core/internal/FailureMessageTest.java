package dev.vespabench.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;

import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

class FailureMessageTest {

    private final HttpExchanger exchanger = new HttpExchanger(new ExchangeSettings(
            "http://nowhere.invalid:8000", Duration.ofSeconds(1), Duration.ofSeconds(5),
            1 << 20, 2, Map.of(), 0, false), Schedulers.parallel(), System::nanoTime);

    @AfterEach
    void close() {
        exchanger.closeLater().block(Duration.ofSeconds(15));
    }

    @Test
    void unknownHostNamesTheHostOnce() {
        String withReason = exchanger.describe(
                new UnknownHostException("nowhere.invalid: Name or service not known"));
        String bare = exchanger.describe(new UnknownHostException("nowhere.invalid"));

        assertThat(withReason).isEqualTo("host name nowhere.invalid could not be resolved;"
                + " check the host in --url");
        assertThat(bare).isEqualTo(withReason);
    }

    @Test
    void refusedConnectionNamesTheAddress() {
        String message = exchanger.describe(new ConnectException("finishConnect(..) failed with"
                + " error(-111): Connection refused: nowhere.invalid/192.0.2.1:8000"));

        assertThat(message).isEqualTo("connection failed: nothing accepted connections on"
                + " nowhere.invalid:8000; check that the server is running and the port in"
                + " --url");
    }

    @Test
    void garbledResponseGivesTheParserMessageAlone() {
        String message = exchanger.describe(new DecoderException(
                new IllegalArgumentException("invalid version format: GARBAGE")));

        assertThat(message).isEqualTo("response could not be read: invalid version format:"
                + " GARBAGE");
    }
}
