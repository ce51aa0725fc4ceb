/** JSON's white space (RFC 8259, section 2: space, tab, line feed, carriage return), as a byte or a UTF-16 code unit. */
export const isJsonBlank = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
