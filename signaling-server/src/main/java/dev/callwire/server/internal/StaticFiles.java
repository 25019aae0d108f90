package dev.callwire.server.internal;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.util.resource.Resource;

/**
 * Static files, confined to their folder: no symbolic link that leads out of it (or anywhere: a link is an
 * alias and aliases are refused), no file or folder whose name starts with a dot ({@code .git},
 * {@code .env}, {@code .htpasswd}), no directory listings. Every answer carries headers that keep the page
 * out of frames, stop MIME sniffing and referrers, and allow camera and microphone for this origin only; the
 * built-in client also gets a Content-Security-Policy that allows nothing but its own files (an operator's
 * {@code --static} page may load other things, so it gets no CSP from us).
 */
final class StaticFiles {

    /**
     * For the built-in client: its scripts, styles and images come from this server; media from the camera
     * ({@code mediastream:}) and {@code blob:}; signaling over this origin's WebSocket or any ws(s) server
     * the user types in.
     */
    static final String BUILT_IN_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self' ws: wss:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final String PERMISSIONS = "camera=(self), microphone=(self), display-capture=(self), "
            + "geolocation=(), payment=(), usb=()";

    private StaticFiles() {
    }

    /** Serves {@code root} at {@code /} of {@code context}; {@code builtIn} adds the client's CSP. */
    static void install(ServletContextHandler context, Resource root, boolean builtIn) {
        context.setBaseResource(root);
        // Jetty allows symbolic links by default (they are followed wherever they point); without any alias
        // checker every alias, symlinks included, is a 404.
        context.clearAliasChecks();
        ServletHolder files = new ServletHolder("static", DefaultServlet.class);
        files.setInitParameter("dirAllowed", "false");
        context.addServlet(files, "/");
        FilterHolder guard = new FilterHolder(new Guard(builtIn));
        context.addFilter(guard, "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    /** Refuses dotfiles and adds the security headers; only on paths the static servlet serves. */
    private static final class Guard implements Filter {

        private final boolean builtIn;

        Guard(boolean builtIn) {
            this.builtIn = builtIn;
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
            if (!isStatic(path)) {
                chain.doFilter(req, res);
                return;
            }
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("Permissions-Policy", PERMISSIONS);
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
            if (builtIn) {
                response.setHeader("Content-Security-Policy", BUILT_IN_CSP);
            }
            if (hasDotSegment(path)) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            chain.doFilter(req, res);
        }

        private static boolean isStatic(String path) {
            return !path.equals("/healthz") && !path.startsWith("/socket.io/") && !path.equals("/ws");
        }
    }

    /** Whether any segment of the decoded path starts with a dot ({@code ..} never gets this far). */
    static boolean hasDotSegment(String path) {
        for (String segment : path.split("/")) {
            if (segment.startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
