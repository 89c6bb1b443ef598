package dev.circuit.spring.json;

import org.jspecify.annotations.Nullable;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for the few fixed shapes circuit sends between processes: fleet messages and webhook payloads. No
 * library: {@code circuit-spring} runs on a plain Spring Framework application, which may have no JSON
 * library at all.
 *
 * <p>Writing gives the text Spring Boot's {@code JsonWriter.standard()} gives for the same values (earlier
 * releases wrote fleet messages with it, and a fleet may mix releases): no white space, names and values in
 * the map's order, {@code "}, {@code \}, {@code \b}, {@code \f}, {@code \n}, {@code \r} and {@code \t}
 * escaped by their short forms, other control characters as {@code \}{@code uXXXX}, every other character as
 * it is.
 *
 * <p>Reading follows RFC 8259 strictly: anything else (a trailing comma, a single quote, a name given twice,
 * text after the value) is a {@link MalformedJsonException} saying where and what was expected.
 */
public final class Json {

    /** How deeply objects and arrays may nest in text that is read: far more than any message needs. */
    public static final int MAX_DEPTH = 256;

    private Json() {
    }

    /**
     * Writes a value as JSON text.
     *
     * @param value {@code null}, a {@link Map} (an object: its keys' {@code toString()} as names, in the map's
     *              order), an {@link Iterable} or an {@code Object[]} (an array), a {@link Number}, a
     *              {@link Boolean}, or anything else, written as the string of its {@code toString()}
     * @return the JSON text
     * @throws IllegalArgumentException for a number JSON cannot hold (NaN or infinite)
     */
    public static String write(@Nullable Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(@Nullable Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(String.valueOf(entry.getKey()), out);
                out.append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Iterable<?> iterable) {
            writeArray(iterable, out);
        } else if (value instanceof Object[] array) {
            writeArray(Arrays.asList(array), out);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw new IllegalArgumentException("JSON has no number " + value);
            }
            out.append(value);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            writeString(value.toString(), out);
        }
    }

    private static void writeArray(Iterable<?> elements, StringBuilder out) {
        out.append('[');
        boolean first = true;
        for (Object element : elements) {
            if (!first) {
                out.append(',');
            }
            first = false;
            write(element, out);
        }
        out.append(']');
    }

    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(ch)) {
                        out.append(String.format("\\u%04X", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Reads JSON text whose value is an object.
     *
     * @param text the JSON text
     * @return the object's members in the text's order: values are {@code null}, {@link String},
     *         {@link Boolean}, {@link Long} (or {@link BigInteger} beyond a long) for a number without fraction
     *         or exponent, {@link Double} for any other number, {@code List<Object>} and
     *         {@code Map<String, Object>}
     * @throws MalformedJsonException when the text is not JSON, or its value is not an object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, @Nullable Object> parseObject(String text) {
        return (Map<String, @Nullable Object>) read(text, true);
    }

    /**
     * Reads JSON text.
     *
     * @param text the JSON text
     * @return its value, of the types {@link #parseObject(String)} lists
     * @throws MalformedJsonException when the text is not JSON
     */
    public static @Nullable Object parse(String text) {
        return read(text, false);
    }

    private static @Nullable Object read(String text, boolean object) {
        Reader reader = new Reader(text);
        reader.skipWhiteSpace();
        if (object && !reader.at('{')) {
            throw reader.malformed("expected an object");
        }
        Object value = reader.value(0);
        reader.skipWhiteSpace();
        if (!reader.atEnd()) {
            throw reader.malformed("expected the end of the text after the value");
        }
        return value;
    }

    /** Reads one text from start to end, keeping its place. */
    private static final class Reader {

        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        @Nullable Object value(int depth) {
            skipWhiteSpace();
            if (atEnd()) {
                throw malformed("expected a value");
            }
            char ch = text.charAt(at);
            return switch (ch) {
                case '{' -> object(depth + 1);
                case '[' -> array(depth + 1);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (ch == '-' || isDigit(ch)) {
                        yield number();
                    }
                    throw malformed("expected a value");
                }
            };
        }

        private Map<String, @Nullable Object> object(int depth) {
            nested(depth);
            at++;
            Map<String, @Nullable Object> members = new LinkedHashMap<>();
            skipWhiteSpace();
            if (at('}')) {
                at++;
                return members;
            }
            while (true) {
                skipWhiteSpace();
                if (!at('"')) {
                    throw malformed("expected a member's name in double quotes");
                }
                int nameAt = at;
                String name = string();
                if (members.containsKey(name)) {
                    throw new MalformedJsonException(nameAt, "the name \"" + name + "\" is given twice");
                }
                skipWhiteSpace();
                expect(':', "expected ':' after a member's name");
                members.put(name, value(depth));
                skipWhiteSpace();
                if (at('}')) {
                    at++;
                    return members;
                }
                expect(',', "expected ',' or '}' after a member");
            }
        }

        private List<@Nullable Object> array(int depth) {
            nested(depth);
            at++;
            List<@Nullable Object> elements = new ArrayList<>();
            skipWhiteSpace();
            if (at(']')) {
                at++;
                return elements;
            }
            while (true) {
                elements.add(value(depth));
                skipWhiteSpace();
                if (at(']')) {
                    at++;
                    return elements;
                }
                expect(',', "expected ',' or ']' after an element");
            }
        }

        private void nested(int depth) {
            if (depth > MAX_DEPTH) {
                throw malformed("objects and arrays nested more than " + MAX_DEPTH + " deep");
            }
        }

        private String string() {
            at++;
            StringBuilder value = new StringBuilder();
            while (!atEnd()) {
                char ch = text.charAt(at);
                if (ch == '"') {
                    at++;
                    return value.toString();
                }
                if (ch == '\\') {
                    value.append(escaped());
                } else if (ch < 0x20) {
                    throw malformed("a control character in a string must be escaped");
                } else {
                    value.append(ch);
                    at++;
                }
            }
            throw malformed("expected '\"' to end the string");
        }

        private char escaped() {
            int start = at;
            at++;
            if (atEnd()) {
                throw malformed("expected an escape after '\\'");
            }
            char ch = text.charAt(at++);
            return switch (ch) {
                case '"', '\\', '/' -> ch;
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw new MalformedJsonException(start, "expected four hexadecimal digits after \\u");
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(text.charAt(at + i), 16);
                        if (digit < 0) {
                            throw new MalformedJsonException(start, "expected four hexadecimal digits after \\u");
                        }
                        code = code * 16 + digit;
                    }
                    at += 4;
                    yield (char) code;
                }
                default -> throw new MalformedJsonException(start, "unknown escape \\" + ch);
            };
        }

        private Object number() {
            int start = at;
            boolean integral = true;
            if (at('-')) {
                at++;
            }
            if (at('0')) {
                at++;
            } else if (!atEnd() && isDigit(text.charAt(at))) {
                digits();
            } else {
                throw malformed("expected a digit");
            }
            if (at('.')) {
                integral = false;
                at++;
                if (atEnd() || !isDigit(text.charAt(at))) {
                    throw malformed("expected a digit after the decimal point");
                }
                digits();
            }
            if (at('e') || at('E')) {
                integral = false;
                at++;
                if (at('+') || at('-')) {
                    at++;
                }
                if (atEnd() || !isDigit(text.charAt(at))) {
                    throw malformed("expected a digit in the exponent");
                }
                digits();
            }
            String number = text.substring(start, at);
            if (!integral) {
                return Double.parseDouble(number);
            }
            try {
                return Long.parseLong(number);
            } catch (NumberFormatException beyondLong) {
                return new BigInteger(number);
            }
        }

        private void digits() {
            while (!atEnd() && isDigit(text.charAt(at))) {
                at++;
            }
        }

        private @Nullable Object literal(String word, @Nullable Object value) {
            if (!text.startsWith(word, at)) {
                throw malformed("expected a value");
            }
            at += word.length();
            return value;
        }

        private void expect(char ch, String detail) {
            if (!at(ch)) {
                throw malformed(detail);
            }
            at++;
        }

        void skipWhiteSpace() {
            while (!atEnd()) {
                char ch = text.charAt(at);
                if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
                    return;
                }
                at++;
            }
        }

        boolean at(char ch) {
            return !atEnd() && text.charAt(at) == ch;
        }

        boolean atEnd() {
            return at >= text.length();
        }

        private static boolean isDigit(char ch) {
            return ch >= '0' && ch <= '9';
        }

        MalformedJsonException malformed(String detail) {
            String found;
            if (atEnd()) {
                found = "the end of the text";
            } else {
                char ch = text.charAt(at);
                found = ch < 0x20 || Character.isISOControl(ch) ? String.format("\\u%04X", (int) ch) : "'" + ch + "'";
            }
            return new MalformedJsonException(at, detail + ", found " + found);
        }
    }
}
