package com.sportdata.benefits.config;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.run.CommandEnvelope;

/**
 * Not product code: a configuration class with the two edges the layering forbids — up into the runner, and back into
 * the catalog (which reads the configuration, so a cycle). LayeringTest checks its rules catch both.
 */
final class UpwardEdgeFixture {
    private UpwardEdgeFixture() {
    }

    static String lake(CommandEnvelope envelope) {
        return envelope.paths().root();
    }

    static String root(LakePaths paths) {
        return paths.root();
    }
}
