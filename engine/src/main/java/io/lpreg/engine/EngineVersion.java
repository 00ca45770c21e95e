package io.lpreg.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * The engine's version as the build wrote it: {@code engine-version.properties}, filtered from
 * {@code ${project.version}} by Maven (so it is there in {@code target/classes} as in the jar), else the jar
 * manifest's {@code Implementation-Version}, else {@link #UNKNOWN} for classes compiled outside Maven.
 */
final class EngineVersion {
    private static final Logger log = LoggerFactory.getLogger(EngineVersion.class);
    static final String RESOURCE = "engine-version.properties";
    /** A build without a version: {@code 0.0.0} is the version PF4J checks no plugin against. */
    static final String UNKNOWN = "0.0.0-development";

    private EngineVersion() {
    }

    static String ofBuild() {
        try (InputStream in = EngineVersion.class.getResourceAsStream(RESOURCE)) {
            return from(in, Optional.ofNullable(EngineVersion.class.getPackage().getImplementationVersion()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE + " of the engine", e);
        }
    }

    /** The version in {@code properties} if the build filled it in, else {@code manifestVersion}, else unknown. */
    static String from(InputStream properties, Optional<String> manifestVersion) throws IOException {
        if (properties != null) {
            Properties read = new Properties();
            read.load(properties);
            String version = read.getProperty("version", "").strip();
            if (!version.isEmpty() && !version.startsWith("${")) {
                return version;
            }
        }
        if (manifestVersion.isPresent()) {
            return manifestVersion.get();
        }
        log.warn("the engine's version is unknown (built without Maven?): reporting {}, plugins' version "
                + "requirements are not checked", UNKNOWN);
        return UNKNOWN;
    }
}
