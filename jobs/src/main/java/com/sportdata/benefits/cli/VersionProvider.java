package com.sportdata.benefits.cli;

import com.sportdata.benefits.support.ProductVersion;
import picocli.CommandLine;

/** The product version and commit, from the jar. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        var product = ProductVersion.current();
        return new String[] {"sport-benefits " + product.version() + " (commit " + product.gitCommit() + ")"};
    }
}
