package dev.vespabench.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.vespabench.api.BackendProvider;
import org.jspecify.annotations.Nullable;

/** The registry of backend providers found through {@link ServiceLoader}. */
public final class Backends {

    /** A Java class name with a package, such as {@code com.example.MyBackend}. */
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
                    + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)+");

    private final List<BackendProvider> providers;
    private final List<String> problems;
    private final ClassLoader loader;

    private Backends(List<BackendProvider> providers, List<String> problems,
            ClassLoader loader) {
        this.providers = List.copyOf(providers);
        this.problems = List.copyOf(problems);
        this.loader = loader;
    }

    /**
     * Loads the providers visible to the given class loader.
     *
     * @param loader the class loader to search
     * @return the registry
     */
    public static Backends load(ClassLoader loader) {
        List<BackendProvider> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Iterator<BackendProvider> iterator =
                ServiceLoader.load(BackendProvider.class, loader).iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                found.add(iterator.next());
            } catch (ServiceConfigurationError e) {
                // A broken jar on the class path must not hide the working backends.
                problems.add(e.getMessage());
            }
        }
        found.sort(Comparator.comparing(BackendProvider::name));
        return new Backends(found, problems, loader);
    }

    /**
     * Loads the providers visible to this class's loader.
     *
     * @return the registry
     */
    public static Backends load() {
        return load(Backends.class.getClassLoader());
    }

    /**
     * Returns every provider sorted by name.
     *
     * @return the providers
     */
    public List<BackendProvider> all() {
        return providers;
    }

    /**
     * Returns the messages of providers that failed to load, such as a class without a public
     * no-argument constructor.
     *
     * @return the messages, empty when every provider loaded
     */
    public List<String> problems() {
        return problems;
    }

    /**
     * Finds a provider by name or alias, ignoring case, or by the fully qualified name of a
     * {@link BackendProvider} class on the class path, such as {@code com.example.MyBackend}.
     *
     * @param name a name such as {@code openai}, an alias such as
     *        {@code benchmarks.openai:benchmark}, or a class name
     * @return the provider
     * @throws IllegalArgumentException naming the known backends when none matches
     */
    public BackendProvider find(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (BackendProvider provider : providers) {
            if (provider.name().equalsIgnoreCase(wanted)
                    || provider.aliases().stream().anyMatch(alias -> alias.equalsIgnoreCase(wanted))) {
                return provider;
            }
        }
        if (CLASS_NAME.matcher(name.trim()).matches()) {
            BackendProvider byClass = instantiate(name.trim());
            if (byClass != null) {
                return byClass;
            }
        }
        String known = providers.isEmpty() ? "none (no backend module is on the class path)"
                : providers.stream().map(BackendProvider::name).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown backend '" + name + "'; known backends: "
                + known + " (or the class name of a BackendProvider on the class path)");
    }

    private @Nullable BackendProvider instantiate(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        if (!BackendProvider.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("class " + className + " does not implement "
                    + BackendProvider.class.getName());
        }
        try {
            return (BackendProvider) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("backend class " + className + " could not be"
                    + " created; it needs a public no-argument constructor (" + e + ")");
        }
    }
}
