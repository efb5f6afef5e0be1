package com.sportdata.benefits.cli;

/** A command that only reads the lake: it never takes the writer lock. */
abstract class ReadOnlyCommand extends LakeCommand {
    @Override
    final boolean writes() {
        return false;
    }
}
