package com.sportdata.benefits.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A figure derived from a table, kept in a small JSON file with the state of the table it was derived from
 * ({@code {"state": "12@1796671044309", "value": …}}): {@link TableWriter#derived}'s memory across commands. Only a
 * file naming the exact state asked for answers; anything else (another state, a file cut short, an older shape of
 * the value) is a miss, and the figure is derived again.
 */
final class Derived {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Derived.class);
    /** Decimals kept exactly as written (172482.50 stays 172482.50: amounts compare equal, scale included). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    private Derived() {
    }

    static <T> Optional<T> read(Configuration conf, String file, String state, TypeReference<T> type) {
        Path path = new Path(file);
        try (InputStream in = FileSystem.get(URI.create(file), conf).open(path)) {
            JsonNode kept = JSON.readTree(in);
            if (kept == null || !state.equals(kept.path("state").asText(null)) || !kept.has("value")) {
                return Optional.empty();
            }
            return Optional.ofNullable(JSON.convertValue(kept.get("value"), type));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("{} not used: {}", file, e.toString());
            return Optional.empty();
        }
    }

    static void write(Configuration conf, String file, String state, Object value) {
        Path path = new Path(file);
        ObjectNode kept = JSON.createObjectNode();
        kept.put("state", state);
        kept.set("value", JSON.valueToTree(value));
        try (FSDataOutputStream out = FileSystem.get(URI.create(file), conf).create(path, true)) {
            out.write(JSON.writeValueAsString(kept).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} not written (the figure will be derived again next time): {}", file, e.toString());
        }
    }
}
