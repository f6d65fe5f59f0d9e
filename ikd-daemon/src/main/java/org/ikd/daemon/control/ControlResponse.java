package org.ikd.daemon.control;

import com.google.gson.JsonElement;

/**
 * The one answer per connection: {@code {"ok":true,"result":{...}}} or
 * {@code {"ok":false,"error":"not-found","message":"no Quick Mode SA 7 (see: ikdctl show qm)"}}.
 */
public record ControlResponse(boolean ok, JsonElement result, ErrorCode error, String message) {
    public static ControlResponse success(JsonElement result) {
        return new ControlResponse(true, result, null, null);
    }

    public static ControlResponse failure(ErrorCode error, String message) {
        return new ControlResponse(false, null, error, message);
    }
}
