package dev.sorobanbridge.simulator.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;

/**
 * The JSON-RPC 2.0 envelope: parses a request (or a batch), calls the method, and writes the
 * {@code result} or {@code error} answer with the request's id. Injected JSON-RPC faults are
 * decided here, per call.
 */
final class JsonRpc {
    private final ObjectMapper mapper;
    private final RpcMethods methods;
    private final FaultInjector faults;

    JsonRpc(ObjectMapper mapper, RpcMethods methods, FaultInjector faults) {
        this.mapper = mapper;
        this.methods = methods;
        this.faults = faults;
    }

    record Failure(String jsonrpc, JsonNode id, ErrorBody error) {
    }

    record ErrorBody(int code, String message) {
    }

    record Success(String jsonrpc, JsonNode id, Object result) {
    }

    /** The answer body for a request body. */
    byte[] answer(byte[] body) {
        JsonNode request;
        try {
            request = mapper.readTree(body);
        } catch (IOException e) {
            return write(failure(NullNode.instance, RpcException.PARSE_ERROR,
                    "parse error: the body is not valid JSON"));
        }
        if (request == null || request.isMissingNode()) {
            return write(failure(NullNode.instance, RpcException.PARSE_ERROR, "parse error: the body is empty"));
        }
        if (request.isArray() && !request.isEmpty()) {
            ArrayNode answers = JsonNodeFactory.instance.arrayNode();
            request.forEach(call -> answers.add(mapper.valueToTree(answerOne(call))));
            return write(answers);
        }
        return write(answerOne(request));
    }

    private Object answerOne(JsonNode call) {
        JsonNode id = call.isObject() && call.has("id") ? call.get("id") : NullNode.instance;
        if (!call.isObject()) {
            return failure(id, RpcException.INVALID_REQUEST, "invalid request: expected a JSON-RPC request object");
        }
        if (!"2.0".equals(call.path("jsonrpc").asText(null))) {
            return failure(id, RpcException.INVALID_REQUEST, "invalid request: jsonrpc must be \"2.0\"");
        }
        JsonNode method = call.get("method");
        if (method == null || !method.isTextual()) {
            return failure(id, RpcException.INVALID_REQUEST, "invalid request: method must be a string");
        }
        JsonNode params = call.get("params");
        if (params == null || params.isNull()) {
            params = JsonNodeFactory.instance.objectNode();
        } else if (!params.isObject()) {
            return failure(id, RpcException.INVALID_PARAMS, "invalid parameters: params must be an object");
        }
        try {
            faults.maybeFailCall();
            return new Success("2.0", id, methods.call(method.asText(), params));
        } catch (RpcException e) {
            return failure(id, e.code(), e.getMessage());
        }
    }

    private static Failure failure(JsonNode id, int code, String message) {
        return new Failure("2.0", id, new ErrorBody(code, message));
    }

    private byte[] write(Object answer) {
        try {
            return mapper.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer of plain records cannot fail to serialise", e);
        }
    }
}
