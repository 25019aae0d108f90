package dev.callwire.tools.apisignature;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.tree.ClassNode;

/**
 * The whole signature file: a short header, then per package a {@code package} line and its types, each
 * type's block followed by a blank line. The same classes give the same text, byte for byte.
 */
final class ApiListing {

    /** The header says what the file is and how to change it, for whoever opens it in a review. */
    static final List<String> HEADER = List.of(
            "# Every public and protected signature of the exported API packages, listed from the compiled",
            "# classes by tools/api-signature. Generated: do not edit. The build fails when it differs; accept",
            "# an intended API change with ./mvnw -B verify -Dapi.update=true and note it in CHANGELOG.md.");

    private ApiListing() {
    }

    static List<String> lines(ApiTypes apiTypes) {
        List<String> lines = new ArrayList<>(HEADER);
        String currentPackage = null;
        for (ClassNode type : apiTypes.types()) {
            String packageName = ApiTypes.packageOf(type.name);
            if (!packageName.equals(currentPackage)) {
                lines.add("");
                lines.add("package " + packageName);
                currentPackage = packageName;
            }
            lines.add("");
            lines.addAll(new TypeListing(type, apiTypes).lines());
        }
        return lines;
    }
}
