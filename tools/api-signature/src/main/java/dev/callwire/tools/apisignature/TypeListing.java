package dev.callwire.tools.apisignature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The listing of one API type: a declaration line, then one indented line per public or protected member.
 * Members are grouped by kind and sorted by name, so the order depends on neither the compiler nor the JDK;
 * enum constants alone keep declaration order, because that order is their {@code ordinal()}.
 */
final class TypeListing {

    private static final String INDENT = "  ";

    private final ClassNode type;
    private final ApiTypes apiTypes;
    private final InnerClassNode nesting;

    TypeListing(ClassNode type, ApiTypes apiTypes) {
        this.type = type;
        this.apiTypes = apiTypes;
        this.nesting = ApiTypes.nesting(type);
    }

    List<String> lines() {
        List<Member> members = new ArrayList<>();
        Set<String> declared = new HashSet<>();
        addMembers(type, true, members, declared);
        // Members inherited from a supertype that is not API are still usable through this type.
        for (ClassNode hidden : apiTypes.hiddenSupertypes(type)) {
            addMembers(hidden, false, members, declared);
        }
        // List.sort is stable: enum constants, which compare equal among themselves, stay in class-file order.
        members.sort(Comparator.comparingInt(Member::rank)
                .thenComparing(member -> member.rank() == Member.ENUM_CONSTANT ? "" : member.name())
                .thenComparing(member -> member.rank() == Member.ENUM_CONSTANT ? "" : member.text()));
        List<String> lines = new ArrayList<>();
        lines.add(declaration());
        members.forEach(member -> lines.add(INDENT + member.text()));
        return lines;
    }

    /**
     * Adds {@code owner}'s listed members, except those {@code declared} already holds (overridden or
     * hidden by a nearer declaration); constructors only when {@code owner} is this type, as they are not
     * inherited. Fields are keyed by name, methods by name and descriptor.
     */
    private void addMembers(ClassNode owner, boolean own, List<Member> members, Set<String> declared) {
        for (FieldNode field : owner.fields) {
            if (isListed(field.access) && declared.add(field.name)) {
                members.add(field(field));
            }
        }
        for (MethodNode method : owner.methods) {
            boolean constructor = method.name.equals("<init>");
            if (method.name.equals("<clinit>") || constructor && !own) {
                continue;
            }
            if (isListed(method.access) && declared.add(method.name + method.desc)) {
                members.add(method(method, owner));
            }
        }
    }

    // Compiler-made members (bridges, accessors, lambdas) are not part of what a user compiles against.
    private static boolean isListed(int access) {
        return (access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) != 0
                && (access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) == 0;
    }

    private String declaration() {
        int access = nesting != null ? nesting.access : type.access;
        boolean isInterface = (type.access & Opcodes.ACC_INTERFACE) != 0;
        boolean isAnnotation = (type.access & Opcodes.ACC_ANNOTATION) != 0;
        boolean isEnum = (type.access & Opcodes.ACC_ENUM) != 0;
        boolean isRecord = (type.access & Opcodes.ACC_RECORD) != 0;
        boolean isClass = !isInterface && !isEnum && !isRecord;
        List<String> permitted = type.permittedSubclasses == null ? List.of()
                : type.permittedSubclasses.stream().filter(apiTypes::isApi).map(Signatures::javaName).sorted()
                        .collect(Collectors.toList());
        boolean sealed = type.permittedSubclasses != null && !type.permittedSubclasses.isEmpty();

        StringJoiner words = new StringJoiner(" ");
        deprecation(type.access, words);
        words.add(visibility(access));
        // Interfaces, enums, records and annotations are implicitly static when nested; so are their
        // implied abstract/final flags. An enum with constant bodies is sealed by the compiler: not API.
        if (nesting != null && isClass && (access & Opcodes.ACC_STATIC) != 0) {
            words.add("static");
        }
        if (isClass && (access & Opcodes.ACC_ABSTRACT) != 0) {
            words.add("abstract");
        }
        if (isClass && (access & Opcodes.ACC_FINAL) != 0) {
            words.add("final");
        }
        if (sealed && !isEnum) {
            words.add("sealed");
        }
        words.add(isAnnotation ? "@interface"
                : isInterface ? "interface" : isEnum ? "enum" : isRecord ? "record" : "class");

        String name = Signatures.javaName(type.name);
        // Every enum, record and annotation has the same supertype; source does not write it, nor does the listing.
        String implied = isEnum ? "java.lang.Enum<" + name + ">" : isRecord ? "java.lang.Record"
                : isAnnotation ? "java.lang.annotation.Annotation" : "java.lang.Object";
        Signatures.ClassText text = Signatures.classDeclaration(isInterface, type.signature, type.superName,
                type.interfaces, implied);
        String components = isRecord ? recordComponents() : "";
        String permits = sealed && !isEnum && !permitted.isEmpty() ? " permits " + String.join(", ", permitted) : "";
        return words + " " + name + text.typeParameters() + components + text.supertypes() + permits;
    }

    private String recordComponents() {
        if (type.recordComponents == null) {
            return "()";
        }
        return type.recordComponents.stream()
                .map(component -> Signatures.fieldType(component.descriptor, component.signature) + " "
                        + component.name)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private Member field(FieldNode field) {
        if ((field.access & Opcodes.ACC_ENUM) != 0) {
            String deprecated = (field.access & Opcodes.ACC_DEPRECATED) != 0 ? "@Deprecated " : "";
            return new Member(Member.ENUM_CONSTANT, field.name, "enum-constant " + deprecated + field.name);
        }
        StringJoiner words = new StringJoiner(" ", "field ", "");
        deprecation(field.access, words);
        words.add(visibility(field.access));
        addIf(words, field.access, Opcodes.ACC_STATIC, "static");
        addIf(words, field.access, Opcodes.ACC_FINAL, "final");
        words.add(Signatures.fieldType(field.desc, field.signature));
        words.add(field.name);
        if (field.value != null) {
            words.add("=").add(Literals.constant(field.value, field.desc));
        }
        return new Member(Member.FIELD, field.name, words.toString());
    }

    private Member method(MethodNode method, ClassNode owner) {
        boolean constructor = method.name.equals("<init>");
        Signatures.MethodText text = Signatures.method(method.access, descriptorAsDeclared(method),
                method.signature, method.exceptions);
        StringJoiner words = new StringJoiner(" ", constructor ? "ctor " : "method ", "");
        deprecation(method.access, words);
        words.add(visibility(method.access));
        addIf(words, method.access, Opcodes.ACC_STATIC, "static");
        addIf(words, method.access, Opcodes.ACC_ABSTRACT, "abstract");
        // An interface method with a body is a default method: implementors need not write it.
        boolean isDefault = (owner.access & Opcodes.ACC_INTERFACE) != 0
                && (method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_STATIC)) == 0;
        if (isDefault) {
            words.add("default");
        }
        // In a type nobody can extend, a final method says nothing a user could act on (records mark their
        // generated methods final, their hand-written ones not): leave it out so that does not show as a change.
        if (!isFinalType()) {
            addIf(words, method.access, Opcodes.ACC_FINAL, "final");
        }
        if (!text.typeParameters().isEmpty()) {
            words.add(text.typeParameters());
        }
        String name = constructor ? simpleName() : method.name;
        words.add(constructor ? name + text.parameters() : text.returnType() + " " + name + text.parameters());
        if (method.annotationDefault != null) {
            words.add("default").add(Literals.annotationValue(method.annotationDefault));
        }
        if (!text.exceptions().isEmpty()) {
            words.add("throws").add(text.exceptions());
        }
        return new Member(constructor ? Member.CONSTRUCTOR : Member.METHOD, name, words.toString());
    }

    /**
     * An inner (non-static nested) class's constructor takes the enclosing instance as a hidden first
     * parameter in its descriptor, but not in its generic signature nor in source: drop it from the
     * descriptor so both spell the constructor as declared.
     */
    private String descriptorAsDeclared(MethodNode method) {
        boolean innerClass = nesting != null && nesting.outerName != null && (nesting.access & Opcodes.ACC_STATIC) == 0;
        if (!innerClass || !method.name.equals("<init>") || method.signature != null) {
            return method.desc;
        }
        Type[] parameters = Type.getArgumentTypes(method.desc);
        Type[] declared = Arrays.copyOfRange(parameters, 1, parameters.length);
        return Type.getMethodDescriptor(Type.VOID_TYPE, declared);
    }

    private boolean isFinalType() {
        return (type.access & (Opcodes.ACC_FINAL | Opcodes.ACC_ENUM | Opcodes.ACC_RECORD)) != 0;
    }

    private String simpleName() {
        if (nesting != null && nesting.innerName != null) {
            return nesting.innerName;
        }
        return type.name.substring(type.name.lastIndexOf('/') + 1);
    }

    private static String visibility(int access) {
        return (access & Opcodes.ACC_PUBLIC) != 0 ? "public" : "protected";
    }

    private static void deprecation(int access, StringJoiner words) {
        addIf(words, access, Opcodes.ACC_DEPRECATED, "@Deprecated");
    }

    private static void addIf(StringJoiner words, int access, int flag, String word) {
        if ((access & flag) != 0) {
            words.add(word);
        }
    }

    /** One listed member: its line without indentation, and what orders it among its type's members. */
    private record Member(int rank, String name, String text) {
        static final int ENUM_CONSTANT = 0;
        static final int FIELD = 1;
        static final int CONSTRUCTOR = 2;
        static final int METHOD = 3;
    }
}
