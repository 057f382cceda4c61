// `node --import ./test/record-imports.js …`: appends every module the process loads (its URL,
// or the name a require() asked for) to the file named by AUTOFOLIO_TEST_IMPORTS, one a line,
// so that a test can tell which libraries a command loaded. Plain JavaScript: the child process
// runs the built CLI with Node alone.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const out = process.env.AUTOFOLIO_TEST_IMPORTS;
if (out) {
  // import and import(): resolved by the loader's hooks (they run on a thread of their own).
  register('./record-imports-hooks.js', import.meta.url);
  // require() from CommonJS code, which Node 20 does not pass through those hooks.
  const load = Module._load;
  Module._load = function recordRequire(request, parent, isMain) {
    appendFileSync(out, `require:${request}\n`);
    return load.call(this, request, parent, isMain);
  };
}
