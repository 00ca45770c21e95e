package io.lpreg.tickets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class FileReplacementTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheWholeContentWithTheGivenModeAndLeavesNoTemporaryFileBehind() throws Exception {
        Path file = dir.resolve("nested/keys.json");

        FileReplacement.replace(file, "first\n", FileReplacement.PRIVATE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        FileReplacement.replace(file, "second\n", FileReplacement.PUBLIC);

        assertThat(Files.readString(file)).isEqualTo("second\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        try (Stream<Path> entries = Files.list(file.getParent())) {
            assertThat(entries).containsExactly(file);
        }
    }
}
