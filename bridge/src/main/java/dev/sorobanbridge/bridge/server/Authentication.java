package dev.sorobanbridge.bridge.server;

import dev.sorobanbridge.bridge.auth.Principal;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the stream and history routes need from the auth module.
 *
 * @param authenticate who is calling (ticket, bearer or query token), or throws {@code ApiException} 401
 * @param isRevoked    whether a session (JWT id) was revoked since its stream opened
 * @param routes       registers the auth endpoints ({@code /auth}, {@code /events/ticket}, …)
 */
public record Authentication(Function<ServerRequest, Principal> authenticate, Predicate<String> isRevoked,
                             Consumer<HttpRouting.Builder> routes) {}
