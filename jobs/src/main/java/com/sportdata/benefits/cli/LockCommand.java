package com.sportdata.benefits.cli;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.LakeStorage;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.ConfigLoader;
import com.sportdata.benefits.lock.LakeLock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "lock", mixinStandardHelpOptions = true, description = "The lake's writer lock: who holds it, and removing a dead holder's lock.",
        subcommands = {LockCommand.Status.class, LockCommand.Release.class})
final class LockCommand implements Runnable {
    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @ParentCommand
    Main main;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "lock needs a subcommand: status or release --force");
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show who holds the lake's writer lock (never waits).")
    static final class Status implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @picocli.CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            AppConfig config = ConfigLoader.load(common.configFiles, common.overrides);
            LakePaths paths = new LakePaths(config.lake());
            LakeStorage.probe(config, false);
            Cli.requireLake(paths);
            Optional<LakeLock.Holder> holder = LakeLock.status(paths, LakeStorage.hadoopConfiguration(config));
            spec.commandLine().getOut().println(holder.map(h -> "locked by " + h.describe()
                    + (LakeLock.isStale(h) ? " — STALE: its process is gone; the next writer takes it over" : ""))
                    .orElse("not locked"));
            return Cli.OK;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Remove the lock whoever holds it (logged); needs --force.")
    static final class Release implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--force", description = "yes, remove it: only when its holder is surely gone")
        boolean force;
        @picocli.CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!force) {
                throw new Cli.UsageProblem("lock release removes another process's lock: add --force if its holder is surely gone");
            }
            AppConfig config = ConfigLoader.load(common.configFiles, common.overrides);
            LakePaths paths = new LakePaths(config.lake());
            LakeStorage.probe(config, false);
            Cli.requireLake(paths);
            Optional<LakeLock.Holder> holder = LakeLock.forceRelease(paths, LakeStorage.hadoopConfiguration(config));
            spec.commandLine().getOut().println(holder.map(h -> "released the lock of " + h.describe()).orElse("the lake was not locked"));
            return Cli.OK;
        }
    }
}
