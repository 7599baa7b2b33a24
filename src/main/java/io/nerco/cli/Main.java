package io.nerco.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code nerco} command line: {@code demo}, {@code run}, {@code tag}, {@code train},
 * {@code eval}, {@code produce}. {@link #execute} returns the exit code so tests can assert on it.
 */
@Command(
        name = "nerco",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Streaming named-entity recognition for Kafka.",
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, TagCommand.class, TrainCommand.class, RunCommand.class, ProduceCommand.class,
                EvalCommand.class, BenchCommand.class, ImportEncoderCommand.class, DistilLabelsCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line and returns its exit code; never calls {@code System.exit}. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
