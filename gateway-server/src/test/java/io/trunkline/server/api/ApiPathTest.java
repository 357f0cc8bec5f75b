package io.trunkline.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trunkline.server.api.ApiPath.Resource;
import org.junit.jupiter.api.Test;

class ApiPathTest {

    @Test
    void takesThePathsUnderTheRootApart() {
        assertEquals(new ApiPath(Resource.CALLS, null), ApiPath.parse("/v1/calls"));
        assertEquals(new ApiPath(Resource.CALLS, null), ApiPath.parse("/v1/calls/"));
        assertEquals(new ApiPath(Resource.CALL, "c-5kq2x9h3mz"), ApiPath.parse("/v1/calls/c-5kq2x9h3mz"));
        assertEquals(new ApiPath(Resource.CALL, "c-1"), ApiPath.parse("/v1/calls/c-1/"));
        assertEquals(new ApiPath(Resource.CALL, "abc@10.0.0.1"), ApiPath.parse("/v1/calls/abc@10.0.0.1"));
        assertEquals(new ApiPath(Resource.DTMF, "c-1"), ApiPath.parse("/v1/calls/c-1/dtmf"));
        assertEquals(new ApiPath(Resource.TRANSFER, "c-1"), ApiPath.parse("/v1/calls/c-1/transfer"));
    }

    @Test
    void anythingElseUnderTheRootNamesNothing() {
        for (String path : new String[] {"/v1/calls/c-1/dtmf/x", "/v1/calls/c-1/hold", "/v1/calls//dtmf",
                "/v1/calls/" + "x".repeat(129), "/v1/calls/c 1", "/v1/calls/c-1/dtmf/"}) {
            assertEquals(Resource.UNKNOWN, ApiPath.parse(path).resource(), path);
        }
    }

    @Test
    void servesTheRootAndBelowOnly() {
        assertTrue(ApiPath.under("/v1/calls"));
        assertTrue(ApiPath.under("/v1/calls/c-1"));
        assertFalse(ApiPath.under("/v1/callsx"));
        assertFalse(ApiPath.under("/calls"));
        assertFalse(ApiPath.under("/v1"));
    }
}
