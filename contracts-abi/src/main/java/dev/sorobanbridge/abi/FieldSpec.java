package dev.sorobanbridge.abi;

/**
 * One field of a catalogued event payload.
 *
 * @param name camelCase name, the key of the field in {@link ActivityEvent#data()}
 * @param type one of {@code u32 u64 i64 i128 u128 bool string symbol address timestamp enum bytes},
 *             or {@code option<T>} of one of them
 */
public record FieldSpec(String name, String type) {
}
