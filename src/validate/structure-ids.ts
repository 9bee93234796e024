/** Section ids every brief has, in their default reading order (light module: no Markdown imports). */
export const REQUIRED_SECTIONS = ["executive-summary", "key-judgements", "analysis", "implications", "recommendations"] as const;
