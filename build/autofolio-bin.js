#!/usr/bin/env -S node --v8-pool-size=0
// The `autofolio` command (dist/bin/autofolio.js once built): runs the bundled CLI,
// autofolio.cjs beside this file, from the code V8 compiled for it at build time
// (autofolio.cjs.cache). Compiling the CLI's code took more of a start than running it; V8
// checks that the cache fits this source and this Node, and compiles afresh when it does not.
// A cache holds what one command compiled: `backtest` runs the cycle, the paper broker and the
// report, which `status` never compiles, and has a cache of its own (autofolio.cjs.backtest.cache).
// A CommonJS script (dist/bin/package.json says so): an ES module here made Node set up its ES
// module loader, and import every builtin below whole, on every start.
//
// --v8-pool-size=0 on the `#!` line: V8's background threads (its optimising compiler, the
// garbage collector's helpers) one fewer than the machine's processors, as Node sizes the pool
// when asked to, instead of its fixed four. The cycle and a backtest are one thread of
// JavaScript; on two cores four busy helpers took that thread's processor from it for about a
// sixth of a 500-symbol backtest (its wait in the run queue, /proc/self/task/PID/schedstat),
// while with one helper it waits for none. A sweep's worker threads share the pool, which grows
// with the machine's processors as they do.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const vm = require('node:vm');

// Commands with a cache of their own; the others start from the default one.
const OWN_CACHE = new Set(['backtest']);

/** The command named on the command line: the first word that is not an option or its value (as src/cli/run-cli.ts finds it). */
function commandName(args) {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-c' || arg === '--config') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

const file = join(__dirname, 'autofolio.cjs');
const command = commandName(process.argv.slice(2));
const cacheFile = OWN_CACHE.has(command) ? `${file}.${command}.cache` : `${file}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // No cache (a build that could not make one): compiled from the source, as any script.
}
// The CLI's own `#!` line (kept by esbuild) is no JavaScript inside the wrapper: blanked, so lines keep their numbers.
// Latin-1: one byte per character, not the two V8 keeps for the whole source when one character
// is not ASCII. The build makes sure every such character is inside a comment (build/bundle.js).
const source = readFileSync(file, 'latin1').replace(/^#!.*/, '');
const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
// The build runs a command with this set, and keeps what V8 compiled for it by its end.
if (process.env.AUTOFOLIO_WRITE_CODE_CACHE === '1') process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, Module.createRequire(file), bundle, file, __dirname);
