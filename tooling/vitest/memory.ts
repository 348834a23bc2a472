/** Heap and buffer memory in use, in bytes: what a client's read of a body grows. */
function inUse(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/**
 * Runs `work` and returns the largest growth of heap plus buffer memory seen while it ran (sampled
 * every few ms, and once at the end), in bytes. A garbage collection first, when exposed, makes the
 * baseline tighter; without it the figure can only be larger, so a bound on it still holds.
 */
export async function peakMemoryGrowth(work: () => Promise<unknown>): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = inUse();
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, inUse());
  }, 2);
  try {
    await work();
  } finally {
    clearInterval(timer);
    peak = Math.max(peak, inUse());
  }
  return peak - baseline;
}
