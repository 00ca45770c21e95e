package io.lpreg.engine.plugins;

/** Sets the thread context class loader around a call into plugin code (docs/architecture.md §5.2). */
final class ContextClassLoader {
    private ContextClassLoader() {
    }

    /** A call into plugin code, throwing up to two checked exception types. */
    @FunctionalInterface
    interface Call<T, X extends Exception, Y extends Exception> {
        T run() throws X, Y;
    }

    /** A call without a result. */
    @FunctionalInterface
    interface Action<X extends Exception> {
        void run() throws X;
    }

    /** Runs {@code call} with {@code loader} as the context class loader, restoring the previous one after. */
    static <T, X extends Exception, Y extends Exception> T call(ClassLoader loader, Call<T, X, Y> call) throws X, Y {
        ClassLoader previous = enter(loader);
        try {
            return call.run();
        } finally {
            restore(previous);
        }
    }

    static <X extends Exception> void run(ClassLoader loader, Action<X> action) throws X {
        ClassLoader previous = enter(loader);
        try {
            action.run();
        } finally {
            restore(previous);
        }
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
