/** Thrown for bad command-line usage: the CLI prints it and exits 2. */
export class UsageError extends Error {}

/** Thrown when an input file cannot be read: exit 2, message on stderr. */
export class InputError extends Error {}
