// Closing the build's browser ends Chromium at once: its process group is killed rather than shut down gracefully
// (nothing in it is worth saving), so what a user would check is that nothing is left behind — no Chromium process of
// that browser, no temp profile, no temp folder — and that closing twice is harmless.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { BrowserSession } from "../src/print/browser.js";
import { printIsolated } from "../src/print/print.js";
import { waitFor } from "./helpers/wait.js";

/** Processes of process group `group` that are still running (a zombie has ended; only its exit is unreaped). */
function running(group: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // ended while we looked
    }
    // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so split after its last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === group && state !== "Z" && state !== "X") pids.push(Number(entry));
  }
  return pids;
}

describe.runIf(process.platform === "linux")("closing the browser session", () => {
  it("leaves no Chromium process of it, no temp profile and no temp folder, and may be called twice", async () => {
    const session = new BrowserSession();
    const pdf = await printIsolated(
      session,
      "<!doctype html><html lang=en><head><title>t</title></head><body><p>Memo</p></body></html>",
      "us/close",
      30_000,
      [],
    );
    expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    const child = (await session.browser()).process()!;
    const group = child.pid!;
    const profile = child.spawnargs.find((a) => a.startsWith("--user-data-dir="))!.split("=")[1]!;
    const environ = readFileSync(`/proc/${group}/environ`, "utf8").split("\0");
    const temp = environ.find((v) => v.startsWith("TMPDIR="))!.slice("TMPDIR=".length);
    expect(running(group).length).toBeGreaterThan(1); // the browser and the processes it started
    expect(existsSync(profile) && existsSync(temp)).toBe(true);

    await session.close();
    // The group was sent SIGKILL and the browser's own exit awaited; a renderer the kill reached may still be tearing
    // down its memory on a busy machine (seen once in a full suite), so it is given a moment, as a user's `ps` would.
    await waitFor(() => running(group).length === 0, 5_000);
    expect(running(group)).toEqual([]);
    expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
    expect(existsSync(profile)).toBe(false);
    expect(existsSync(temp)).toBe(false);
    await expect(session.close()).resolves.toBeUndefined();
    await expect(session.browser()).rejects.toThrow(/closed/);
  }, 60_000);
});
