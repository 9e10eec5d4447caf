package io.bakery.gateway.http;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One pixel request and its answer, as the pixel controllers see them: no web framework in sight, so a controller
 * only says what to answer and the server ({@link PixelHandler}) decides how it is written.
 *
 * <p>The request side is read while the request is handled. The answer may come later from another thread (the one
 * that completes an event's publish future), and only once: a second {@code answer} is ignored.
 */
public interface PixelExchange {

    /** The request path as sent, percent-encoding kept, without the query string. */
    String path();

    /** The raw query string as sent, or null when there is none. */
    String queryString();

    /** The first decoded value of query parameter {@code name}, or null when absent or not decodable. */
    String queryParam(String name);

    /** The first value of request header {@code name}, or null. */
    String header(String name);

    /** The value of the first cookie called {@code name}, or null. */
    String cookie(String name);

    /** The address of the peer that sent the request (a proxy's, when there is one in front). */
    String remoteAddress();

    /** Sets response header {@code name}, replacing any value it has. */
    void setHeader(String name, String value);

    /** Adds a value to response header {@code name} (e.g. a second {@code Set-Cookie}). */
    void addHeader(String name, String value);

    /**
     * Answers the request: status, the headers set so far, and {@code body} typed {@code contentType} (both null
     * for an answer without a body).
     *
     * @return false when the request had been answered already, and this answer was dropped
     */
    boolean answer(int status, String contentType, byte[] body);

    /** Answers 500 unless answered already: what a controller that threw gets, instead of a hung connection. */
    void fail(Throwable error);

    /**
     * Runs {@code then} with {@code work}'s failure (null on success) once it completes, on the thread that completes
     * it, so the answer is written without handing it to yet another thread. If {@code then} throws, the request is
     * answered 500.
     */
    default void whenDone(final CompletionStage<?> work, final Consumer<Throwable> then) {
        work.whenComplete((ignored, error) -> {
            try {
                then.accept(error);
            } catch (final RuntimeException | Error e) {
                fail(e);
            }
        });
    }
}
