/**
 * Object names, paths and fixes come from the input: a 100,000-character name must not make a
 * 100,000-character line in a CI log. Everything the CLI prints from the input goes through here.
 */
export const MAX_PRINTED_FIELD = 200;
/** Messages and fixes quote names inside longer prose, so they get more room. */
export const MAX_PRINTED_SENTENCE = 1000;

export function clip(s: string, max = MAX_PRINTED_FIELD): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
