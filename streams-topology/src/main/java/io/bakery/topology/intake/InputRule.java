package io.bakery.topology.intake;

import java.util.Optional;

/** What makes a decoded input record usable: the reason it is not, naming the field, or empty when it is. */
@FunctionalInterface
public interface InputRule<K, V> {

    /** Why {@code key}/{@code value} cannot be used, without quoting any value; empty when they can. */
    Optional<String> violation(K key, V value);
}
