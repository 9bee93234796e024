/** Finds unescaped output in a parsed Handlebars template: only the memo body (a SafeString) may be printed as HTML. */

/** The line of the first statement that prints a value unescaped (`{{{x}}}`, `{{&x}}`, `{{~{x}}}`, `{{~&x}}` …), or undefined. */
export function firstUnescaped(ast: hbs.AST.Program): number | undefined {
  let line: number | undefined;
  const walk = (node: unknown): void => {
    if (!node || typeof node !== "object" || line !== undefined) return;
    const n = node as { type?: unknown; escaped?: unknown; loc?: { start: { line: number } } };
    // The parser marks every triple-stash and `&` mustache, whatever its whitespace control, as `escaped: false`.
    if (n.type === "MustacheStatement" && n.escaped !== true) {
      line = n.loc?.start.line ?? 1;
      return;
    }
    for (const [key, value] of Object.entries(node))
      if (key !== "loc" && value && typeof value === "object") walk(value);
  };
  walk(ast);
  return line;
}
