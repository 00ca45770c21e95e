package io.lpreg.engine.plugins;

import io.lpreg.spi.EcashVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The enabled e-cash verifiers by the credential schemes they handle: each scheme has exactly one, and a
 * verifier that accepts everything is announced loudly.
 */
final class EnabledVerifiers {
    private static final Logger log = LoggerFactory.getLogger(EnabledVerifiers.class);

    private EnabledVerifiers() {
    }

    static Map<String, EcashVerifier> byScheme(NamedExtensions<EcashVerifier> verifiers, List<String> names)
            throws PluginStartupException {
        Map<String, ProvidedExtension<EcashVerifier>> byScheme = new LinkedHashMap<>();
        for (String name : new LinkedHashSet<>(names)) {
            ProvidedExtension<EcashVerifier> verifier = verifiers.select(name);
            Set<String> schemes = verifier.extension().schemes();
            if (schemes.isEmpty()) {
                throw new PluginStartupException("e-cash verifier '" + name + "' (" + verifier.origin().describe()
                        + ") handles no credential scheme; check its [plugins." + verifier.origin().id() + "] section");
            }
            for (String scheme : schemes) {
                ProvidedExtension<EcashVerifier> previous = byScheme.putIfAbsent(scheme, verifier);
                if (previous != null) {
                    throw new PluginStartupException("e-cash verifiers '" + previous.extension().name() + "' ("
                            + previous.origin().describe() + ") and '" + name + "' (" + verifier.origin().describe()
                            + ") both handle the credential scheme '" + scheme + "'; enable only one of them");
                }
            }
            if (verifier.extension().acceptsEverything()) {
                log.warn("E-CASH VERIFIER '{}' ({}) ACCEPTS EVERY CREDENTIAL WITHOUT CHECKING IT, for the schemes {}: "
                        + "anyone can register for free. Enable it only for tests and local networks, never on a "
                        + "public gateway.", name, verifier.origin().describe(), schemes);
            } else {
                log.info("e-cash verifier '{}' ({}) for the schemes {}", name, verifier.origin().describe(), schemes);
            }
        }
        Map<String, EcashVerifier> result = new LinkedHashMap<>();
        byScheme.forEach((scheme, verifier) -> result.put(scheme, verifier.extension()));
        return result;
    }
}
