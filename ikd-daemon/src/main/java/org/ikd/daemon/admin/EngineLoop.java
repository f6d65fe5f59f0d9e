package org.ikd.daemon.admin;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.Step;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ErrorCode;
import org.slf4j.LoggerFactory;

/**
 * The IKE event loop as the control threads see it: work handed to it, and questions answered on it
 * within a bounded wait (the engine is only ever touched on its own thread).
 */
public final class EngineLoop {
    private final Consumer<BiFunction<IkeEngine, Instant, Step>> submit;

    public EngineLoop(Consumer<BiFunction<IkeEngine, Instant, Step>> submit) {
        this.submit = submit;
    }

    /** Hands {@code work} to the event loop; its Step is carried out there. */
    void submit(BiFunction<IkeEngine, Instant, Step> work) {
        submit.accept(work);
    }

    /** Runs {@code query} on the IKE event loop and waits for its answer, at most 3 s. */
    <T> T query(Function<IkeEngine, T> query) throws ControlException {
        CompletableFuture<T> answer = new CompletableFuture<>();
        submit.accept((engine, now) -> {
            try {
                answer.complete(query.apply(engine));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
            return Step.NONE;
        });
        return await(answer);
    }

    static <T> T await(CompletableFuture<T> answer) throws ControlException {
        try {
            return answer.get(3, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ControlException(ErrorCode.FAILED, "the IKE thread did not answer within 3 s (is ikd overloaded?)");
        } catch (ExecutionException e) {
            LoggerFactory.getLogger(EngineLoop.class).error("control: reading the IKE state failed", e.getCause());
            throw new ControlException(ErrorCode.INTERNAL, "reading the IKE state failed; the daemon log has the details: journalctl -u ikd", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException(ErrorCode.FAILED, "interrupted");
        }
    }
}
