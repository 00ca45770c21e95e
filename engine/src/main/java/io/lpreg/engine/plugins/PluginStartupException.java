package io.lpreg.engine.plugins;

/** The gateway cannot start with the plugins and configuration it has; the message says what to change. */
public class PluginStartupException extends Exception {
    private static final long serialVersionUID = 1L;

    public PluginStartupException(String message) {
        super(message);
    }

    public PluginStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
