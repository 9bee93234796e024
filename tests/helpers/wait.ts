/** Waiting for something a test cannot be told about (a process gone, a file written), polling within a bound. */

/** Resolves true as soon as `test()` holds, checking every `everyMs`; false once `ms` have passed without it. */
export async function waitFor(test: () => boolean, ms: number, everyMs = 20): Promise<boolean> {
  for (const start = Date.now(); !test();) {
    if (Date.now() - start > ms) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return true;
}
