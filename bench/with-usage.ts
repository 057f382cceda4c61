import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// Runs a Node program (argv[2]) with the rest of the arguments, as if started directly, and on
// exit writes its peak resident set size to the file named by BENCH_USAGE_FILE: a parent
// process cannot read a child's peak RSS portably once the child is gone.
const usageFile = process.env.BENCH_USAGE_FILE;
const program = process.argv[2];
if (!usageFile || !program) throw new Error('usage: BENCH_USAGE_FILE=out.json node with-usage.js PROGRAM [ARGS…]');
process.on('exit', () => {
  writeFileSync(usageFile, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
});
process.argv.splice(1, 1);
await import(pathToFileURL(program).href);
