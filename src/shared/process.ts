/** Whether another process is still there: a lock's holder, a killed build's temp folder. */

/**
 * True when process `pid` exists: signal 0 tests without sending, and EPERM means it exists as another user's. Not a
 * whole positive number (an unreadable pid): false.
 */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
