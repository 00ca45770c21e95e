package io.lpreg.engine.plugins;

/** Sets the thread context class loader around a call into plugin code (DESIGN.md §5). */
final class ContextClassLoader {
    private ContextClassLoader() {
    }

    /** Makes {@code loader} the context class loader and returns the one to restore. */
    static ClassLoader enter(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        return previous;
    }

    static void restore(ClassLoader previous) {
        Thread.currentThread().setContextClassLoader(previous);
    }
}
