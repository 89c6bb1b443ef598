package dev.circuit.spring.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    @Test
    void anObjectIsWrittenWithoutWhiteSpaceInTheMapsOrder() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("v", 1);
        body.put("type", "TRIP");
        body.put("rate", 0.5);
        body.put("shared", true);
        body.put("none", null);
        body.put("until", Instant.parse("2026-12-01T10:16:00Z"));
        body.put("nested", Map.of("state", "OPEN"));
        body.put("list", List.of(1L, "two", false));
        body.put("array", new Object[] {"a", 2});

        assertThat(Json.write(body)).isEqualTo("{\"v\":1,\"type\":\"TRIP\",\"rate\":0.5,\"shared\":true,\"none\":null,"
            + "\"until\":\"2026-12-01T10:16:00Z\",\"nested\":{\"state\":\"OPEN\"},\"list\":[1,\"two\",false],"
            + "\"array\":[\"a\",2]}");
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscapedAndOtherCharactersWrittenAsTheyAre() {
        assertThat(Json.write("say \"hi\" \\ now")).isEqualTo("\"say \\\"hi\\\" \\\\ now\"");
        assertThat(Json.write("\b\f\n\r\t")).isEqualTo("\"\\b\\f\\n\\r\\t\"");
        assertThat(Json.write("\u0000\u0001\u001f\u007f\u009f")).isEqualTo("\"\\u0000\\u0001\\u001F\\u007F\\u009F\"");
        assertThat(Json.write("é ☃ 😀 / \u2028")).isEqualTo("\"é ☃ 😀 / \u2028\"");
    }

    @Test
    void numbersJsonCannotHoldAreRefused() {
        assertThatThrownBy(() -> Json.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("JSON has no number NaN");
        assertThatThrownBy(() -> Json.write(List.of(Float.POSITIVE_INFINITY))).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("JSON has no number Infinity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "say \"hi\"", "back\\slash", "\b\f\n\r\t", "\u0000\u0001\u001f\u007f", "é ☃ 😀", "",
        "\\u0041 is not an escape here", "end\\"})
    void everyStringSurvivesARoundTrip(String text) {
        assertThat(Json.parse(Json.write(text))).isEqualTo(text);
        assertThat(Json.parseObject(Json.write(Map.of(text, text)))).containsExactly(Map.entry(text, text));
    }

    @Test
    void anObjectSurvivesARoundTripWithItsTypesAndOrder() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("state", "OPEN");
        nested.put("since", "2026-12-01T10:15:30Z");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("z", 1L);
        body.put("a", -2.5);
        body.put("m", true);
        body.put("b", false);
        body.put("n", null);
        body.put("list", Arrays.asList(1L, null, "x", List.of()));
        body.put("nested", nested);
        body.put("empty", Map.of());

        Map<String, Object> read = Json.parseObject(Json.write(body));

        assertThat(read).isEqualTo(body);
        assertThat(read.keySet()).containsExactly("z", "a", "m", "b", "n", "list", "nested", "empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0", "-0|0", "7|7", "-42|-42", "9223372036854775807|9223372036854775807",
        "-9223372036854775808|-9223372036854775808"})
    void integersAreReadAsLongs(String text, long expected) {
        assertThat(Json.parse(text)).isEqualTo(expected);
    }

    @Test
    void integersBeyondALongAreReadAsBigIntegers() {
        assertThat(Json.parse("92233720368547758070")).isEqualTo(new BigInteger("92233720368547758070"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0.5|0.5", "-1.25|-1.25", "1e3|1000", "1E-2|0.01", "2.5e+2|250", "10.0|10"})
    void numbersWithAFractionOrAnExponentAreReadAsDoubles(String text, double expected) {
        assertThat(Json.parse(text)).isEqualTo(expected);
    }

    @Test
    void literalsEscapesAndWhiteSpaceAreRead() {
        assertThat(Json.parse(" true ")).isEqualTo(true);
        assertThat(Json.parse("false")).isEqualTo(false);
        assertThat(Json.parse("\tnull\r\n")).isNull();
        assertThat(Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u2603\\ud83d\\ude00\""))
            .isEqualTo("\"\\/\b\f\n\r\té☃😀");
        assertThat(Json.parseObject(" { \"a\" : [ 1 , { } ] } ")).isEqualTo(Map.of("a", List.of(1L, Map.of())));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|0|expected a value, found the end of the text",
        "`{`|1|expected a member's name in double quotes, found the end of the text",
        "`{\"a\":1,}`|7|expected a member's name in double quotes, found '}'",
        "`{\"a\" 1}`|5|expected ':' after a member's name, found '1'",
        "`{\"a\":1 \"b\":2}`|7|expected ',' or '}' after a member, found '\"'",
        "`{'a':1}`|1|expected a member's name in double quotes, found '''",
        "`{\"a\":1,\"a\":2}`|7|the name \"a\" is given twice",
        "`[1,]`|3|expected a value, found ']'",
        "`[1 2]`|3|expected ',' or ']' after an element, found '2'",
        "`\"open`|5|expected '\"' to end the string, found the end of the text",
        "`\"tab\there\"`|4|a control character in a string must be escaped, found \\u0009",
        "`\"\\x\"`|1|unknown escape \\x",
        "`\"\\u12g4\"`|1|expected four hexadecimal digits after \\u",
        "`\"\\u12`|1|expected four hexadecimal digits after \\u",
        "`01`|1|expected the end of the text after the value, found '1'",
        "`-`|1|expected a digit, found the end of the text",
        "`1.`|2|expected a digit after the decimal point, found the end of the text",
        "`1e`|2|expected a digit in the exponent, found the end of the text",
        "`.5`|0|expected a value, found '.'",
        "`tru`|0|expected a value, found 't'",
        "`nul1`|0|expected a value, found 'n'",
        "`{} {}`|3|expected the end of the text after the value, found '{'",
        "`NaN`|0|expected a value, found 'N'"})
    void malformedTextIsRefusedSayingWhereAndWhatWasExpected(String text, int offset, String detail) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOfSatisfying(MalformedJsonException.class, e -> {
            assertThat(e.offset()).isEqualTo(offset);
            assertThat(e).hasMessage("Malformed JSON at offset " + offset + ": " + detail);
        });
    }

    @Test
    void anObjectIsExpectedWhereOneIsAskedFor() {
        assertThatThrownBy(() -> Json.parseObject(" [1]")).isInstanceOf(MalformedJsonException.class)
            .hasMessage("Malformed JSON at offset 1: expected an object, found '['");
        assertThatThrownBy(() -> Json.parseObject("")).isInstanceOf(MalformedJsonException.class)
            .hasMessage("Malformed JSON at offset 0: expected an object, found the end of the text");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefusedWithoutExhaustingTheStack() {
        String deepest = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThat(Json.parse(deepest)).isInstanceOf(List.class);

        String tooDeep = "[".repeat(100_000);
        assertThatThrownBy(() -> Json.parse(tooDeep)).isInstanceOf(MalformedJsonException.class)
            .hasMessage("Malformed JSON at offset " + Json.MAX_DEPTH + ": objects and arrays nested more than "
                + Json.MAX_DEPTH + " deep, found '['");
    }

    @Test
    void anIterableThatIsNotACollectionIsWrittenAsAnArray() {
        List<String> names = new ArrayList<>(List.of("a", "b"));
        Iterable<String> iterable = names::iterator;
        assertThat(Json.write(iterable)).isEqualTo("[\"a\",\"b\"]");
    }
}
