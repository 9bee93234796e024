/** The median of `xs`: the middle value, or the mean of the two middle ones for an even count (two runs: their mean). */
export function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Min, median and max of `xs`. */
export function spread(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  return { min: sorted[0], median: median(sorted), max: sorted[sorted.length - 1] };
}
