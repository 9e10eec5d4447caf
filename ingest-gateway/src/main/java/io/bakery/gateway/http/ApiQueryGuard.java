package io.bakery.gateway.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/**
 * Refuses an API request whose query string is not valid percent-encoded UTF-8 (400). Without it a parameter that
 * does not decode is dropped as if absent, so {@code ?mode=%zz} would run an upload in the default mode instead of
 * telling the client its request was broken.
 */
public final class ApiQueryGuard {

    private ApiQueryGuard() {}

    /** Guards {@code /api/*}. */
    public static void register(final JavalinConfig config) {
        config.routes.before(CorsPolicy.API_PATHS, ApiQueryGuard::guard);
    }

    static void guard(final Context ctx) {
        final String query = ctx.queryString();
        if (query != null && !decodable(query)) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error",
                    "the query string is not valid percent-encoded UTF-8"));
            ctx.skipRemainingHandlers();
        }
    }

    /** Whether every {@code %XX} is two hex digits and the decoded bytes are UTF-8. */
    public static boolean decodable(final String query) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(query.length());
        for (int i = 0; i < query.length(); i++) {
            final char c = query.charAt(i);
            if (c == '%') {
                if (i + 2 >= query.length() || !HexFormat.isHexDigit(query.charAt(i + 1))
                        || !HexFormat.isHexDigit(query.charAt(i + 2))) {
                    return false;
                }
                bytes.write(HexFormat.fromHexDigits(query, i + 1, i + 3));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (final CharacterCodingException e) {
            return false;
        }
    }
}
