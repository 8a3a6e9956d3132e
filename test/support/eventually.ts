/** Retries `check` until it returns true or the time is up; returns whether it did. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000, intervalMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
