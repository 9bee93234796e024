/** A language pack's message with its `{name}` placeholders filled in. */

/** Fills `{name}` placeholders of `text` from `values`; a placeholder without a value is kept as written. */
export function fillMessage(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{([^{}]*)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
