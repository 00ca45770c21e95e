package io.lpreg.engine.plugins;

import com.google.inject.ConfigurationException;
import com.google.inject.ProvisionException;
import org.pf4j.ExtensionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import static java.util.Objects.requireNonNull;

/**
 * Creates the extensions of an extension point: the discovered classes through their injectors (one
 * instance per class), then the embedded objects as they are. Each is wrapped to set its context class loader.
 */
final class ExtensionInstances {
    private static final Logger log = LoggerFactory.getLogger(ExtensionInstances.class);

    private final ExtensionFactory factory;
    private final Map<Class<?>, ExtensionOrigin> extensionClasses;
    private final List<Object> embeddedExtensions;
    private final Set<String> unavailable = new CopyOnWriteArraySet<>();

    ExtensionInstances(ExtensionFactory factory, Map<Class<?>, ExtensionOrigin> extensionClasses,
                       List<Object> embeddedExtensions) {
        this.factory = requireNonNull(factory, "factory is null");
        this.extensionClasses = requireNonNull(extensionClasses, "extensionClasses is null");
        this.embeddedExtensions = requireNonNull(embeddedExtensions, "embeddedExtensions is null");
    }

    /** The extensions of {@code point} that can be created, to select from by name. */
    <T> NamedExtensions<T> of(ExtensionPoint<T> point) throws PluginStartupException {
        List<ProvidedExtension<T>> provided = new ArrayList<>();
        for (Map.Entry<Class<?>, ExtensionOrigin> entry : extensionClasses.entrySet()) {
            ExtensionOrigin origin = entry.getValue();
            if (point.type().isAssignableFrom(entry.getKey())) {
                T extension;
                try {
                    extension = create(point.type(), entry.getKey(), origin);
                } catch (ConstructorFailed e) {
                    // Creating an extension is how we learn its name, so an unselected one that cannot be
                    // created (e.g. a verifier without its keys file) must not stop the gateway: it is named
                    // in the error only if the configuration asks for something not available.
                    // Not a warning: nobody asked for it yet.
                    log.debug("{}", e.getMessage());
                    unavailable.add(e.getMessage());
                    continue;
                }
                provided.add(new ProvidedExtension<>(point.contextClassLoader().apply(extension, origin.classLoader()),
                        origin, entry.getKey().getName()));
            }
        }
        for (Object embedded : embeddedExtensions) {
            if (point.type().isInstance(embedded)) {
                ClassLoader loader = embedded.getClass().getClassLoader() != null
                        ? embedded.getClass().getClassLoader() : ClassLoader.getSystemClassLoader();
                ExtensionOrigin origin = new ExtensionOrigin(ExtensionOrigin.Kind.EMBEDDED, ExtensionOrigin.EMBEDDED_ID,
                        "", loader);
                provided.add(new ProvidedExtension<>(point.contextClassLoader().apply(point.type().cast(embedded),
                        loader), origin, embedded.getClass().getName()));
            }
        }
        return new NamedExtensions<>(point, provided, unavailableNote());
    }

    private String unavailableNote() {
        return unavailable.isEmpty() ? "" : ". Not available because they could not be created: "
                + String.join("; ", unavailable);
    }

    private <T> T create(Class<T> type, Class<?> extensionClass, ExtensionOrigin origin) throws PluginStartupException {
        ClassLoader previous = ContextClassLoader.enter(origin.classLoader());
        try {
            return type.cast(factory.create(extensionClass));
        } catch (ProvisionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConstructorFailed(extensionClass.getName() + " of " + origin.describe()
                    + " failed in its constructor: " + cause, e);
        } catch (ConfigurationException e) {
            throw new PluginStartupException(extensionClass.getName() + " of " + origin.describe()
                    + " cannot be injected: " + ExtensionInjectors.messages(e.getErrorMessages()), e);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    /** An extension's constructor threw. */
    private static final class ConstructorFailed extends PluginStartupException {
        private static final long serialVersionUID = 1L;

        ConstructorFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
