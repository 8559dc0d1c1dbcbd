/**
 * The one way the designer turns a value that came from a document into text on screen, in a file name or in a
 * message. Values read from YAML are typed at the core's door, but the designer must not brick if one slips
 * through: a mapping rendered as a React child throws (React error #31), and `String(value)` or a template string
 * throws on a mapping whose `toString` key holds a string ("Cannot convert object to primitive value"). Here a
 * mapping or a sequence is written in YAML's flow style, own keys only, without calling anything on the value.
 */

/** Longest text `displayText` returns; longer text is cut with an ellipsis. */
export const DISPLAY_TEXT_LIMIT = 200;
const MAX_DEPTH = 4;

function flow(value: unknown, depth: number, budget: { left: number }): string {
  if (budget.left <= 0) return '…';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return '';
    case 'symbol':
    case 'function':
      return `<${typeof value}>`;
  }
  if (value === null) return 'null';
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  const quoted = (v: unknown) => {
    const text = flow(v, depth + 1, budget);
    budget.left -= text.length;
    return typeof v === 'string' && (v === '' || /[,:{}[\]]/.test(v)) ? JSON.stringify(v) : text;
  };
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value as unknown[]) {
      if (budget.left <= 0) {
        items.push('…');
        break;
      }
      items.push(quoted(item));
    }
    return `[${items.join(', ')}]`;
  }
  const entries: string[] = [];
  // Own enumerable keys: `__proto__`, `constructor` and `toString` are plain data here.
  for (const key of Object.keys(value as object)) {
    if (budget.left <= 0) {
      entries.push('…');
      break;
    }
    entries.push(`${quoted(key)}: ${quoted((value as Record<string, unknown>)[key])}`);
  }
  return `{${entries.join(', ')}}`;
}

/**
 * Text for any value: a string as it is, a number or boolean as written, null and undefined as `null` and '',
 * a mapping or sequence in flow style (`{web: true}`, `[a, b]`), cut to `limit` characters. Never throws.
 */
export function displayText(value: unknown, limit = DISPLAY_TEXT_LIMIT): string {
  if (typeof value === 'string') return value.length > limit ? `${value.slice(0, limit - 1)}…` : value;
  let text: string;
  try {
    text = flow(value, 0, { left: limit });
  } catch {
    // A getter or a proxy could still throw; a plain parsed value cannot.
    text = '<unreadable value>';
  }
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** The message of anything thrown, as text (an Error's message, else its display text). */
export function errorText(error: unknown): string {
  if (error instanceof Error) return displayText(error.message, 1000);
  return displayText(error, 1000);
}
