import { availableParallelism, cpus, loadavg } from 'node:os';

/** What the figures were measured on: they are only comparable on the same machine. */
export function machineLine(): string {
  return `machine: ${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;
}

/** CPU time of a fixed loop: on a busy shared machine every figure is slower by about its ratio to an idle core (~100 ms). */
function calibrate(): number {
  const start = process.cpuUsage();
  let sum = 0;
  for (let i = 0; i < 1e8; i += 1) sum += i * 0.5;
  const used = process.cpuUsage(start);
  return sum > 0 ? (used.user + used.system) / 1000 : Number.NaN;
}

export function calibrationLine(): string {
  return `calibration: 1e8 float additions took ${calibrate().toFixed(0)} ms of CPU (about 100 ms on an idle core)`;
}
