package dev.callwire;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the one {@link CallEngineProvider} on the class path. */
final class CallEngines {

    private static final Logger LOG = LoggerFactory.getLogger(CallEngines.class);

    private CallEngines() {
    }

    static CallEngineProvider find() {
        return choose(load(CallEngines.class.getClassLoader()), System.getProperty(CallEngineProvider.ENGINE_PROPERTY));
    }

    static List<CallEngineProvider> load(ClassLoader loader) {
        List<CallEngineProvider> providers = new ArrayList<>();
        Iterator<CallEngineProvider> it = ServiceLoader.load(CallEngineProvider.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                providers.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.warn("Skipping a call engine provider that failed to load: {}", e.getMessage(), e);
            }
        }
        return providers;
    }

    static CallEngineProvider choose(List<CallEngineProvider> providers, String requested) {
        if (requested != null && !requested.isBlank()) {
            return providers.stream().filter(p -> p.getClass().getName().equals(requested.trim())).findFirst()
                    .orElseThrow(() -> new CallwireException(CallwireException.Reason.NO_ENGINE,
                            "system property " + CallEngineProvider.ENGINE_PROPERTY + " asks for engine '" + requested
                                    + "', but the installed engines are " + describe(providers)));
        }
        if (providers.isEmpty()) {
            throw new CallwireException(CallwireException.Reason.NO_ENGINE,
                    "no call engine on the class path; add the artifact dev.callwire:sdk-webrtc-impl");
        }
        if (providers.size() > 1) {
            throw new CallwireException(CallwireException.Reason.ENGINE_CONFLICT,
                    "several call engines on the class path: " + describe(providers) + "; keep one, or choose with -D"
                            + CallEngineProvider.ENGINE_PROPERTY + "=<provider class>");
        }
        CallEngineProvider provider = providers.get(0);
        LOG.debug("Using call engine {}", provider.name());
        return provider;
    }

    private static String describe(List<CallEngineProvider> providers) {
        return providers.isEmpty() ? "none" : providers.stream()
                .map(p -> p.name() + " (" + p.getClass().getName() + ")").collect(Collectors.joining(", "));
    }
}
