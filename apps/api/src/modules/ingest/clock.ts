/**
 * Whether an agent's `collectedAt` may be believed, given the server's clock. A snapshot claiming to
 * come from the future would sort after every real one and make them all stale, so one more than
 * `skewMs` ahead is refused; the past is harmless (that snapshot alone becomes stale).
 * Returns the reason it is refused, or undefined.
 */
export function futureTimestampProblem(collectedAt: string, nowMs: number, skewMs: number): string | undefined {
  const at = Date.parse(collectedAt);
  if (Number.isNaN(at)) return 'is not a date-time';
  if (at - nowMs > skewMs) {
    return `is ${formatAhead(at - nowMs)} ahead of the server's clock (at most ${formatAhead(skewMs)} is allowed): check the cluster's clock`;
  }
  return undefined;
}

function formatAhead(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 600) return `${s} s`;
  if (s < 7_200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3_600)} h`;
  return `${Math.round(s / 86_400)} days`;
}
