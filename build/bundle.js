// `npm run build`, second half: the command as one script V8 can keep compiled, not hundreds
// of modules. Loading the CLI's modules one by one (each resolved, read and compiled apart;
// Kysely alone is 260 of them) and compiling them took most of a command's start-up, and cron
// starts autofolio every hour. tsc's dist/ stays as it is (tests import from it); the command
// goes to dist/bin, which package.json's "bin" names:
//   package.json        says that the .js files here are CommonJS
//   autofolio.js        the command: runs autofolio.cjs from V8's code cache (build/autofolio-bin.js)
//   autofolio.cjs       the CLI and the libraries bundled in it, one CommonJS script
//   autofolio.cjs.cache V8's compiled code for it, made here by running `autofolio status`
//   autofolio.cjs.backtest.cache  the same for `autofolio backtest`, made by a backtest
//   sweep-worker.js     the backtest sweep's worker thread, started by its file name
//   vendor/             libraries bundled apart, loaded by the commands that need them (VENDORED)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

// Bundled: pure JavaScript that every command (or most) loads. The rest stays in node_modules,
// loaded only where a command needs it: native code (resvg; better-sqlite3's addon, below), libraries with
// worker files of their own (pino), and those only some commands use (SMTP, PostgreSQL, the
// web server, the browser driver of the tests; the IB client goes to vendor/, below).
// better-sqlite3's JavaScript is bundled, its compiled addon not: src/store/sqlite.ts names the
// addon's file, so the `bindings` package that would search for it is never loaded.
const BUNDLED = new Set(['better-sqlite3', 'commander', 'croner', 'kysely', 'pino', 'yaml', 'zod']);
const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies), 'bindings'].filter((name) => !BUNDLED.has(name));
// Bundled apart, a file of their own under vendor/ that the CLI requires where a command needs
// them: libraries that only some commands use but that are hundreds of modules. IB's client is
// 72 files and rxjs 226 more; Node resolved, read and compiled each on every `autofolio run` of
// an IB account, three times as long as loading them as one file.
const VENDORED = ['@stoqey/ib'];
const vendorFile = (name) => `./vendor/${name}.cjs`;
const vendored = {
  name: 'vendored',
  setup(build) {
    // Bare package names only (no path, no relative import); the others go their usual way.
    build.onResolve({ filter: /^[^./]/ }, (args) => (VENDORED.includes(args.path) ? { path: vendorFile(args.path), external: true } : undefined));
  },
};

// Builtins that bundled libraries require when they load but use only on paths autofolio
// seldom or never takes, each of which Node compiled on every start: commander's
// child_process (for subcommands that are programs of their own, which autofolio has none
// of; about 5 ms), sonic-boom's and thread-stream's assert (checks on closing; about 7 ms with
// what it loads). Inside the bundle, these libraries get a stand-in that loads the builtin on
// first use: a function, so that assert(...) can be called through it too.
const LAZY_BUILTINS = new Map([
  ['commander', ['child_process']],
  ['sonic-boom', ['assert']],
  ['thread-stream', ['assert']],
]);
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      const owner = /[\\/]node_modules[\\/]([^\\/]+)[\\/]/.exec(args.importer)?.[1];
      return owner && LAZY_BUILTINS.get(owner)?.includes(name) ? { path: name, namespace: 'lazy-builtin' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let loaded;
const real = () => (loaded ??= require(${JSON.stringify(`node:${args.path}`)}));
module.exports = new Proxy(function () {}, { apply: (_, self, args) => Reflect.apply(real(), self, args), get: (_, key) => real()[key] });`,
      loader: 'js',
    }));
  },
};

// The bench bundles its own copy (`node build/bundle.js dist-bench/bin`), so that a concurrent
// `npm run build` cannot swap files under it. The files sit two folders below the package, as
// tsc's dist/cli/main.js does: the paths they resolve from their own location (package.json,
// src/web/static) are the same.
const outdir = fileURLToPath(new URL(`${process.argv[2] ?? 'dist/bin'}/`, root));
rmSync(outdir, { recursive: true, force: true });

const common = {
  absWorkingDir: fileURLToPath(root),
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: external.flatMap((name) => [name, `${name}/*`]),
  sourcemap: true,
  logLevel: 'warning',
};
// The bundle's build id (src/io/build-id.ts) is a hash of the bundle itself, so that any change
// of the code it runs, its own or a library's, gives another id. It cannot be known before the
// bundle is: the bundle is made with a placeholder of the id's length, hashed, and the
// placeholder replaced, which keeps every column of the source map where it was.
const BUILD_ID_PLACEHOLDER = 'autofolio-build-id-'.padEnd(64, '0');
const main = await build({
  ...common,
  entryPoints: ['src/cli/bundle-main.ts'],
  outfile: join(outdir, 'autofolio.cjs'),
  format: 'cjs',
  // import() becomes require(): a command's modules are still run only when it runs (esbuild
  // wraps each in an initialiser), and a vm.Script has no dynamic import of its own.
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': 'import_meta_url', AUTOFOLIO_BUILD_ID: JSON.stringify(BUILD_ID_PLACEHOLDER) },
  inject: [fileURLToPath(new URL('import-meta-url.js', import.meta.url))],
  plugins: [vendored, lazyBuiltins],
  write: false,
});
mkdirSync(outdir, { recursive: true });
for (const output of main.outputFiles) {
  if (!output.path.endsWith('.cjs')) {
    writeFileSync(output.path, output.contents);
    continue;
  }
  const text = output.text;
  if (text.split(BUILD_ID_PLACEHOLDER).length !== 2) throw new Error(`${output.path}: the build id placeholder is not there exactly once`);
  await checkAsciiOutsideComments(output.path, text);
  const id = createHash('sha256').update(text).digest('hex');
  writeFileSync(output.path, text.replace(BUILD_ID_PLACEHOLDER, id));
}
for (const name of VENDORED) {
  await build({
    ...common,
    external: [],
    stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: fileURLToPath(root), sourcefile: `vendor-${name}.cjs`, loader: 'js' },
    outfile: join(outdir, vendorFile(name)),
    format: 'cjs',
  });
}
await build({
  ...common,
  entryPoints: ['src/backtest/sweep-worker.ts'],
  outfile: join(outdir, 'sweep-worker.js'),
  // CommonJS, as every .js file of dist/bin (its package.json, below).
  format: 'cjs',
  define: { 'import.meta.url': 'import_meta_url' },
  inject: [fileURLToPath(new URL('import-meta-url.js', import.meta.url))],
});
// The files of dist/bin are CommonJS scripts, the command's own file (autofolio.js) included:
// Node starts a CommonJS main file without setting up its ES module loader, which an ES module
// main file (the package's "type": "module") costs on every start.
writeFileSync(join(outdir, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
/**
 * build/autofolio-bin.js reads the bundle as Latin-1: a string of one byte per character, where
 * a single non-ASCII character read as UTF-8 makes V8 keep all 2.4 MB as two bytes per
 * character, slower to read and to compile. That reads the code right only if its every
 * non-ASCII character is inside a comment, where a misread one changes nothing. esbuild escapes
 * them in strings, regular expressions and names (charset: ascii, its default) but keeps
 * comments as written (a library's em dash). Checked here by printing the bundle without its
 * comments twice, as written and with every non-ASCII character made "?": the two are the same
 * only if no such character is outside a comment.
 */
async function checkAsciiOutsideComments(path, text) {
  const nonAscii = /[^\x00-\x7f]/g;
  if (!nonAscii.test(text)) return;
  const bare = async (code) => (await transform(code, { minifyWhitespace: true, legalComments: 'none', charset: 'utf8', format: 'cjs', platform: 'node' })).code;
  if ((await bare(text)) !== (await bare(text.replace(nonAscii, '?')))) throw new Error(`${path}: a non-ASCII character outside comments, but autofolio-bin.js reads the bundle as Latin-1`);
}

const bin = join(outdir, 'autofolio.js');
copyFileSync(fileURLToPath(new URL('autofolio-bin.js', import.meta.url)), bin);
chmodSync(bin, 0o755);

// V8's code cache, made by the command users wait on most: `status` in a folder fresh from
// `init`, after a run, as cron meets it: its config validated by the run and found in the user
// cache, so the cache holds the code of that path (the YAML parser and the schema compile on
// the rare start whose config changed). V8 keeps every function compiled by the end of the process.
const temp = mkdtempSync(join(tmpdir(), 'autofolio-build-'));
try {
  const account = join(temp, 'account');
  const config = join(account, 'autofolio.yaml');
  // A user cache of the build's own: the build neither reads the user's entries nor leaves its own.
  const quiet = { stdio: 'ignore', env: { ...process.env, AUTOFOLIO_WRITE_CODE_CACHE: '', AUTOFOLIO_CACHE_DIR: join(temp, 'cache') } };
  execFileSync(process.execPath, [bin, 'init', account], quiet);
  execFileSync(process.execPath, [bin, 'run', '--config', config], quiet);
  execFileSync(process.execPath, [bin, 'status', '--config', config], { ...quiet, env: { ...quiet.env, AUTOFOLIO_WRITE_CODE_CACHE: '1' } });
  // A backtest compiles the cycle, the paper broker and the report, which status never runs: it
  // has a cache of its own, made by a backtest of the starter config over its sample data.
  execFileSync(process.execPath, [bin, 'backtest', '--config', config, '--json'], { ...quiet, cwd: account, env: { ...quiet.env, AUTOFOLIO_WRITE_CODE_CACHE: '1' } });
} finally {
  rmSync(temp, { recursive: true, force: true });
}
// Written under the CLI's umask (owner only); every user of an installed command reads them.
for (const cache of ['autofolio.cjs.cache', 'autofolio.cjs.backtest.cache']) chmodSync(join(outdir, cache), 0o644);
