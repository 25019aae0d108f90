package dev.callwire.tools.apisignature;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;

/**
 * Spells descriptors and generic signatures the way Java source does ({@code java.util.List<? extends T>},
 * {@code Outer.Inner}, {@code int[]}). ASM's {@link SignatureReader} parses them; the visitors here only
 * write text. (asm-util's TraceSignatureVisitor was tried first: it leaves {@code java.lang.Object} out of
 * field and return types, which a listing cannot have.)
 */
final class Signatures {

    private static final String OBJECT = "java.lang.Object";

    private Signatures() {
    }

    /** {@code dev/callwire/Outer$Inner} as {@code dev.callwire.Outer.Inner}, the name source code uses. */
    static String javaName(String internalName) {
        return internalName.replace('/', '.').replace('$', '.');
    }

    /** The type of a field or record component: its generic signature if it has one, else its descriptor. */
    static String fieldType(String descriptor, String signature) {
        StringBuilder text = new StringBuilder();
        new SignatureReader(signature != null ? signature : descriptor).acceptType(new TypeText(text, ""));
        return text.toString();
    }

    /**
     * The type parameters and supertypes of a class or interface declaration. {@code implied} is the supertype
     * that source does not write ({@code java.lang.Object}, {@code java.lang.Enum<E>}, {@code java.lang.Record},
     * {@code java.lang.annotation.Annotation}); it is left out.
     */
    static ClassText classDeclaration(boolean isInterface, String signature, String superName, List<String> interfaces,
            String implied) {
        String effective = signature;
        if (effective == null) {
            // Without a generic signature the same text comes from the plain names.
            StringBuilder made = new StringBuilder("L").append(superName == null ? "java/lang/Object" : superName)
                    .append(';');
            interfaces.forEach(name -> made.append('L').append(name).append(';'));
            effective = made.toString();
        }
        Declaration declaration = new Declaration();
        new SignatureReader(effective).accept(declaration);
        StringBuilder supertypes = new StringBuilder();
        String superclass = declaration.superclass.toString();
        if (!isInterface && !superclass.equals(OBJECT) && !superclass.equals(implied)) {
            supertypes.append(" extends ").append(superclass);
        }
        List<StringBuilder> written = declaration.interfaces.stream()
                .filter(type -> !type.toString().equals(implied)).collect(Collectors.toList());
        if (!written.isEmpty()) {
            supertypes.append(isInterface ? " extends " : " implements ").append(joined(written));
        }
        return new ClassText(declaration.typeParameters(), supertypes.toString());
    }

    /** {@code <T extends X>} (or empty) and {@code " extends A implements B, C"} (or empty). */
    record ClassText(String typeParameters, String supertypes) {
    }

    /**
     * A method's parts as source spells them. {@code descriptor} must already leave out parameters that
     * source does not show; a generic signature never has them.
     */
    static MethodText method(int access, String descriptor, String signature, List<String> exceptions) {
        Declaration declaration = new Declaration();
        new SignatureReader(signature != null ? signature : descriptor).accept(declaration);
        String parameters = "(" + joined(declaration.parameters) + ")";
        if ((access & Opcodes.ACC_VARARGS) != 0 && parameters.endsWith("[])")) {
            parameters = parameters.substring(0, parameters.length() - 3) + "...)";
        }
        // A generic signature lists thrown types only if one of them is a type variable; otherwise the
        // Exceptions attribute is the list. Both keep declaration order, which javac preserves.
        String thrown = !declaration.exceptions.isEmpty() ? joined(declaration.exceptions)
                : exceptions.stream().map(Signatures::javaName).collect(Collectors.joining(", "));
        return new MethodText(declaration.typeParameters(), declaration.returnType.toString(), parameters, thrown);
    }

    /** The parts of a method or constructor declaration; empty strings for absent parts. */
    record MethodText(String typeParameters, String returnType, String parameters, String exceptions) {
    }

    private static String joined(List<StringBuilder> types) {
        return types.stream().map(StringBuilder::toString).collect(Collectors.joining(", "));
    }

    /** Collects the parts of a class or method signature, each rendered by its own {@link TypeText}. */
    private static final class Declaration extends SignatureVisitor {
        private final List<String> typeParameterNames = new ArrayList<>();
        private final List<List<StringBuilder>> typeParameterBounds = new ArrayList<>();
        private final StringBuilder superclass = new StringBuilder();
        private final List<StringBuilder> interfaces = new ArrayList<>();
        private final List<StringBuilder> parameters = new ArrayList<>();
        private final StringBuilder returnType = new StringBuilder();
        private final List<StringBuilder> exceptions = new ArrayList<>();

        Declaration() {
            super(Opcodes.ASM9);
        }

        /** {@code <K, V extends java.lang.Comparable<V>>}, or empty; a lone {@code Object} bound is implied. */
        String typeParameters() {
            if (typeParameterNames.isEmpty()) {
                return "";
            }
            List<String> declared = new ArrayList<>();
            for (int i = 0; i < typeParameterNames.size(); i++) {
                List<String> bounds = typeParameterBounds.get(i).stream().map(StringBuilder::toString)
                        .filter(bound -> !bound.equals(OBJECT)).collect(Collectors.toList());
                String extendsClause = bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds);
                declared.add(typeParameterNames.get(i) + extendsClause);
            }
            return "<" + String.join(", ", declared) + ">";
        }

        @Override
        public void visitFormalTypeParameter(String name) {
            typeParameterNames.add(name);
            typeParameterBounds.add(new ArrayList<>());
        }

        @Override
        public SignatureVisitor visitClassBound() {
            return next(typeParameterBounds.get(typeParameterBounds.size() - 1));
        }

        @Override
        public SignatureVisitor visitInterfaceBound() {
            return next(typeParameterBounds.get(typeParameterBounds.size() - 1));
        }

        @Override
        public SignatureVisitor visitSuperclass() {
            return new TypeText(superclass, "");
        }

        @Override
        public SignatureVisitor visitInterface() {
            return next(interfaces);
        }

        @Override
        public SignatureVisitor visitParameterType() {
            return next(parameters);
        }

        @Override
        public SignatureVisitor visitReturnType() {
            return new TypeText(returnType, "");
        }

        @Override
        public SignatureVisitor visitExceptionType() {
            return next(exceptions);
        }

        private static SignatureVisitor next(List<StringBuilder> into) {
            StringBuilder text = new StringBuilder();
            into.add(text);
            return new TypeText(text, "");
        }
    }

    /**
     * Writes one type into a buffer. The reader visits a type depth first, in source order, so nested types
     * (type arguments, array elements) write into the same buffer; {@code suffix} is the {@code []} of the
     * arrays that enclose this type, written once it is complete.
     */
    private static final class TypeText extends SignatureVisitor {
        private final StringBuilder out;
        private final String suffix;
        private boolean argumentsOpen;

        TypeText(StringBuilder out, String suffix) {
            super(Opcodes.ASM9);
            this.out = out;
            this.suffix = suffix;
        }

        @Override
        public void visitBaseType(char descriptor) {
            out.append(switch (descriptor) {
                case 'Z' -> "boolean";
                case 'B' -> "byte";
                case 'C' -> "char";
                case 'S' -> "short";
                case 'I' -> "int";
                case 'J' -> "long";
                case 'F' -> "float";
                case 'D' -> "double";
                case 'V' -> "void";
                default -> throw new IllegalArgumentException("not a base type: " + descriptor);
            }).append(suffix);
        }

        @Override
        public void visitTypeVariable(String name) {
            out.append(name).append(suffix);
        }

        @Override
        public SignatureVisitor visitArrayType() {
            return new TypeText(out, suffix + "[]");
        }

        @Override
        public void visitClassType(String name) {
            out.append(javaName(name));
        }

        @Override
        public void visitInnerClassType(String name) {
            closeArguments();
            out.append('.').append(name);
        }

        @Override
        public void visitTypeArgument() {
            openArgument();
            out.append('?');
        }

        @Override
        public SignatureVisitor visitTypeArgument(char wildcard) {
            openArgument();
            if (wildcard == EXTENDS) {
                out.append("? extends ");
            } else if (wildcard == SUPER) {
                out.append("? super ");
            }
            return new TypeText(out, "");
        }

        @Override
        public void visitEnd() {
            closeArguments();
            out.append(suffix);
        }

        private void openArgument() {
            out.append(argumentsOpen ? ", " : "<");
            argumentsOpen = true;
        }

        private void closeArguments() {
            if (argumentsOpen) {
                out.append('>');
                argumentsOpen = false;
            }
        }
    }
}
