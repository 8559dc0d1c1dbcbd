/**
 * Spelling a value that is not known to be a string. Data from the input is never stringified implicitly
 * (a template string or `String()` calls `toString`, which a YAML mapping `{toString: x}` replaces: "Cannot
 * convert object to primitive value"). ESLint's `no-base-to-string` with `checkUnknown` enforces it in the core.
 */

/** The text of a scalar (string, number, bigint, boolean, null); `otherwise` for a mapping, a list or anything else. */
export function scalarText(value: unknown, otherwise = ''): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    default:
      return value === null ? 'null' : otherwise;
  }
}

/** The message of a caught exception, without calling anything on a value that is not an Error. */
export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : scalarText(e, 'unknown error'));
