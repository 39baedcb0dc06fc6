/** The server − local clock offset in words. */
export function describeClock(offsetMs: number | undefined): string {
  if (offsetMs === undefined) return 'not measured (no Date header)';
  const seconds = Math.round(Math.abs(offsetMs) / 1000);
  if (seconds < 2) return 'in sync with the server (within 2 s)';
  return `this machine is ${seconds} s ${offsetMs > 0 ? 'behind' : 'ahead of'} the server; Maskinporten tolerates about 10 s`;
}
