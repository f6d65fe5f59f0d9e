package org.ikd.daemon.control;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;

/**
 * The JSON conventions of the control socket: records as objects, enums by their
 * {@code @SerializedName}, nulls kept (scripts see every key). Gson instances are immutable.
 */
public final class ControlJson {
    private static final Gson COMPACT = new GsonBuilder().serializeNulls().disableHtmlEscaping()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

    private ControlJson() {}

    /** One line, no newline inside: the wire form. */
    public static String compact(Object value) {
        return COMPACT.toJson(value);
    }

    /** Indented, for {@code --json} output. */
    public static String pretty(Object value) {
        return Pretty.GSON.toJson(value);
    }

    /** Made on first use only: most ikdctl calls never print JSON, and each Gson costs start-up time. */
    private static final class Pretty {
        static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping()
                .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).setPrettyPrinting().create();
    }

    public static JsonElement tree(Object value) {
        return COMPACT.toJsonTree(value);
    }

    /** Parses {@code json} as a {@code type}; a malformed text throws {@link JsonParseException}. */
    public static <T> T parse(String json, Class<T> type) {
        T value = COMPACT.fromJson(json, type);
        if (value == null) throw new JsonParseException("empty JSON text (expected: an object)");
        return value;
    }

    public static <T> T parse(JsonElement json, Class<T> type) {
        T value = COMPACT.fromJson(json, type);
        if (value == null) throw new JsonParseException("null result (expected: an object)");
        return value;
    }
}
