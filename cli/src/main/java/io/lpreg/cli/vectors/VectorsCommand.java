package io.lpreg.cli.vectors;

import io.lpreg.protocol.noise.vectors.NoiseVector;
import io.lpreg.protocol.noise.vectors.NoiseVectorRunner;
import io.lpreg.protocol.noise.vectors.VectorResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code lpreg vectors FILE...}: prints a line per failed vector (per vector with {@code --verbose}) and,
 * as its last line, {@code N passed, M failed, K skipped}. Exits 1 if anything failed, a file that cannot
 * be loaded counting as one failure.
 */
@Command(name = "vectors", description = "Run Noise test-vector files (cacophony/snow JSON format)")
public final class VectorsCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Test-vector JSON files")
    List<Path> files;

    @Option(names = "--verbose", description = "Print a line for every vector")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (Path file : files) {
            List<NoiseVector> vectors;
            try {
                vectors = CacophonyFile.load(file);
            } catch (IOException | RuntimeException e) {
                out.println("FAIL " + file + ": cannot load: " + e.getMessage());
                failed++;
                continue;
            }
            for (NoiseVector vector : vectors) {
                switch (NoiseVectorRunner.run(vector)) {
                    case VectorResult.Passed p -> {
                        passed++;
                        if (verbose) {
                            out.println("PASS " + vector.protocolName());
                        }
                    }
                    case VectorResult.Failed f -> {
                        failed++;
                        out.println("FAIL " + vector.protocolName() + ": " + f.reason());
                    }
                    case VectorResult.Skipped s -> {
                        skipped++;
                        if (verbose) {
                            out.println("SKIP " + vector.protocolName() + ": " + s.reason());
                        }
                    }
                }
            }
        }
        out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        out.flush();
        return failed > 0 ? 1 : 0;
    }
}
