package org.hvref.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacketLineTest {

    @Test
    void shouldParseEveryField() {
        PacketLine p = PacketLine.parse(
                "{\"type\":6,\"flags\":1,\"transactionId\":\"18446744073709551615\",\"data\":\"0aFF\"}");
        assertEquals(6, p.type());
        assertEquals(1, p.flags());
        assertEquals(-1L, p.transactionId());
        assertEquals(PacketLine.PLAIN_OFFSET8, p.offset8());
        assertArrayEquals(new byte[] {0x0a, (byte) 0xff}, p.data());
    }

    @Test
    void shouldAcceptNumericTransactionIdAndHeaderLength() {
        PacketLine p = PacketLine.parse(
                "{\"type\":9,\"flags\":0,\"transactionId\":42,\"offset8\":3,\"data\":\"0000000000000000\"}");
        assertEquals(42L, p.transactionId());
        assertEquals(3, p.offset8());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\":6,\"flags\":0,\"transactionId\":1}                           | data: missing (expected: a string of hex digit pairs)",
        "{\"type\":6,\"flags\":0,\"transactionId\":1,\"data\":\"abc\"}          | data: \"abc\" (expected: a string of hex digit pairs)",
        "{\"type\":6,\"flags\":0,\"transactionId\":1,\"data\":\"zz\"}           | data: \"zz\" (expected: a string of hex digit pairs)",
        "{\"type\":65536,\"flags\":0,\"transactionId\":1,\"data\":\"\"}         | type: 65536 (expected: 0..65535)",
        "{\"type\":-1,\"flags\":0,\"transactionId\":1,\"data\":\"\"}            | type: -1 (expected: 0..65535)",
        "{\"type\":\"6\",\"flags\":0,\"transactionId\":1,\"data\":\"\"}         | type: \"6\" (expected: an unsigned 16-bit integer)",
        "{\"flags\":0,\"transactionId\":1,\"data\":\"\"}                        | type: missing (expected: an unsigned 16-bit integer)",
        "{\"type\":6,\"transactionId\":1,\"data\":\"\"}                         | flags: missing (expected: an unsigned 16-bit integer)",
        "{\"type\":6,\"flags\":0,\"data\":\"\"}                                 | transactionId: missing (expected: an unsigned 64-bit integer or decimal string)",
        "{\"type\":6,\"flags\":0,\"transactionId\":\"18446744073709551616\",\"data\":\"\"} | transactionId: 18446744073709551616 (expected: 0..18446744073709551615)",
        "{\"type\":6,\"flags\":0,\"transactionId\":1.5,\"data\":\"\"}           | transactionId: 1.5 (expected: an unsigned 64-bit integer or decimal string)",
        "{\"type\":6,\"flags\":0,\"transactionId\":1,\"data\":\"\",\"len8\":3}  | unknown field: len8 (expected: type, flags, transactionId, data, offset8)",
        "{\"type\":6,\"flags\":0,\"transactionId\":1,\"data\":\"\",\"offset8\":3} | offset8: 3 (expected: 2..2, the header must lie inside descriptor + data)",
        "[1,2]                                                                  | line: [1,2] (expected: a JSON object)",
    })
    void shouldRejectMalformedLineWithTypedMessage(String line, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PacketLine.parse(line));
        assertEquals(message, e.getMessage());
    }

    @Test
    void shouldRejectInvalidJson() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PacketLine.parse("{\"type\":6,"));
        assertEquals(true, e.getMessage().startsWith("not valid JSON: "), e.getMessage());
    }

    @Test
    void shouldRejectDuplicateField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PacketLine.parse("{\"type\":6,\"type\":7,\"flags\":0,\"transactionId\":1,\"data\":\"\"}"));
        assertEquals(true, e.getMessage().contains("Duplicate field 'type'"), e.getMessage());
    }
}
