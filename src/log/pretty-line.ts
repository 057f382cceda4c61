/**
 * One JSON log line as a person reads it on a terminal:
 * `14:35:02 INFO  [run 20251114T1435-ab12 · send-orders] sent 3 orders  key=value …`.
 */
export function prettyLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { time, level, msg, runId, step, account, pid: _pid, hostname: _hostname, ...rest } = record;
  const clock = typeof time === 'string' ? time.slice(11, 19) : '';
  const where = [account, runId !== undefined ? `run ${String(runId)}` : undefined, step].filter((part) => part !== undefined).map(String).join(' · ');
  const extra = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${clock} ${String(level ?? '').toUpperCase().padEnd(5)} ${where ? `[${where}] ` : ''}${String(msg ?? '')}${extra ? `  ${extra}` : ''}`;
}
