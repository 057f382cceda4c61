// `npm run build`, second half: the command as a few files, not hundreds. Loading the CLI's
// modules one by one (each resolved, read and compiled apart; Kysely alone is 260 of them) took
// most of a command's start-up, and cron starts autofolio every hour. tsc's dist/ stays as it
// is (tests import from it); the bundle goes to dist/bin, which package.json's "bin" names.
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

// Bundled: pure JavaScript that every command (or most) loads. The rest stays in node_modules,
// loaded only where a command needs it: native code (better-sqlite3, resvg), libraries with
// worker files of their own (pino), and those only some commands use (the IB client, SMTP,
// PostgreSQL, the web server, the browser driver of the tests).
const BUNDLED = new Set(['commander', 'croner', 'kysely', 'yaml', 'zod']);
const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((name) => !BUNDLED.has(name));

// The bench bundles its own copy (`node build/bundle.js dist-bench/bin`), so that a concurrent
// `npm run build` cannot swap files under it.
const outdir = fileURLToPath(new URL(`${process.argv[2] ?? 'dist/bin'}/`, root));
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: fileURLToPath(root),
  // The sweep worker is an entry of its own: the backtest pool starts it by its file name,
  // beside the module that starts it (every file of the bundle is in dist/bin).
  entryPoints: { autofolio: 'src/cli/main.ts', 'sweep-worker': 'src/backtest/sweep-worker.ts' },
  outdir,
  bundle: true,
  // Each command stays a chunk of its own, loaded when that command runs (src/cli/main.ts).
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: external.flatMap((name) => [name, `${name}/*`]),
  // CommonJS code in the bundle (commander) calls require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
});
// The files sit two folders below the package, as tsc's dist/cli/main.js does: the paths they
// resolve from their own location (package.json, src/web/static) are the same.
chmodSync(join(outdir, 'autofolio.js'), 0o755);
