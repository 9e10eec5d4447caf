package io.bakery.gateway.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a client IP) in bounded memory: striped maps kept in access order, each forgetting its
 * least recently seen key beyond its share of the capacity. A forgotten key starts again with a full bucket, which
 * only ever errs towards admitting.
 */
final class TokenBuckets {

    private static final int MAX_STRIPES = 16;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Stripe[] stripes;

    /** One bucket's state: tokens left and when they were last refilled. */
    private static final class Bucket {
        double tokens;
        long refilledAt;
    }

    /** A share of the keys under one lock. */
    private static final class Stripe extends LinkedHashMap<String, Bucket> {
        private final int capacity;

        Stripe(final int capacity) {
            super(16, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(final Map.Entry<String, Bucket> eldest) {
            return size() > capacity;
        }
    }

    TokenBuckets(final double perSecond, final int burst, final int capacity, final LongSupplier nanoTime) {
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.nanoTime = nanoTime;
        // Shares that add up to the capacity exactly, none empty (an empty one would never limit its keys).
        this.stripes = new Stripe[Math.min(MAX_STRIPES, capacity)];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Stripe(capacity / stripes.length + (i < capacity % stripes.length ? 1 : 0));
        }
    }

    /** Takes a token from {@code key}'s bucket if one is there. */
    PixelRateLimiter.Decision take(final String key) {
        final Stripe stripe = stripes[Math.floorMod(key.hashCode(), stripes.length)];
        synchronized (stripe) {
            final long now = nanoTime.getAsLong();
            Bucket bucket = stripe.get(key);
            if (bucket == null) {
                bucket = new Bucket();
                bucket.tokens = burst;
                bucket.refilledAt = now;
                stripe.put(key, bucket);
            } else {
                bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAt) * perNano);
                bucket.refilledAt = now;
            }
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return new PixelRateLimiter.Decision(true, 0);
            }
            final double nanosToToken = (1 - bucket.tokens) / perNano;
            final long seconds = (long) Math.ceil(nanosToToken / NANOS_PER_SECOND);
            return new PixelRateLimiter.Decision(false, Math.max(1, seconds));
        }
    }

    /** How many keys are remembered now. */
    int size() {
        int size = 0;
        for (final Stripe stripe : stripes) {
            synchronized (stripe) {
                size += stripe.size();
            }
        }
        return size;
    }
}
