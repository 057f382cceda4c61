/* global process, URL, Buffer */
// Runs the built `autofolio` command for many jobs in one Node process, so that a corpus of
// eighty cases pays Node's and the modules' start-up once instead of eighty times. Each job
// imports dist/cli/main.js afresh (a new module instance through a query string), so the real
// entry point, its argument parsing, its error printing and its exit codes run for every case;
// only process start-up is shared. Usage: node run-batch.mjs JOBS.json RESULTS.json, where a
// job is { cwd, args } and a result { code, stdout, stderr }.
import { readFileSync, writeFileSync } from 'node:fs';

const [jobsFile, resultsFile] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(jobsFile, 'utf8'));
const main = new URL('../../dist/cli/main.js', import.meta.url).href;
const write = { stdout: process.stdout.write, stderr: process.stderr.write };
const results = [];

for (const [index, job] of jobs.entries()) {
  const captured = { stdout: '', stderr: '' };
  for (const stream of ['stdout', 'stderr']) {
    process[stream].write = (chunk) => {
      captured[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    };
  }
  process.chdir(job.cwd);
  process.argv = [process.argv[0], 'autofolio', ...job.args];
  process.exitCode = undefined;
  try {
    await import(`${main}?job=${index}`);
  } catch (error) {
    // main.js catches every error itself; reaching here is a bug the test must see.
    captured.stderr += `run-batch: uncaught ${error instanceof Error ? error.stack : String(error)}\n`;
    process.exitCode = 70;
  }
  process.stdout.write = write.stdout;
  process.stderr.write = write.stderr;
  results.push({ code: Number(process.exitCode ?? 0), stdout: captured.stdout, stderr: captured.stderr });
}
process.exitCode = 0;
writeFileSync(resultsFile, JSON.stringify(results));
