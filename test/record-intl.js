// `node --import ./test/record-intl.js …`: counts the Intl objects a process creates and its
// calls that make Intl objects inside V8 (localeCompare, toLocaleString), and writes the counts
// as JSON to the file named by AUTOFOLIO_TEST_INTL at exit, so that a test can tell a command
// that never loads ICU's locale data from one that does. Plain JavaScript: the child process
// runs the built CLI with Node alone.
import { writeFileSync } from 'node:fs';

const out = process.env.AUTOFOLIO_TEST_INTL;
if (out) {
  const counts = {};
  const count = (name) => {
    counts[name] = (counts[name] ?? 0) + 1;
  };
  for (const name of Object.getOwnPropertyNames(Intl)) {
    const original = Intl[name];
    if (typeof original !== 'function' || !/^[A-Z]/.test(name)) continue;
    Intl[name] = new Proxy(original, {
      construct(target, args, newTarget) {
        count(`Intl.${name}`);
        return Reflect.construct(target, args, newTarget);
      },
      apply(target, self, args) {
        count(`Intl.${name}`);
        return Reflect.apply(target, self, args);
      },
    });
  }
  const methods = [
    [String.prototype, 'String', 'localeCompare'],
    [String.prototype, 'String', 'toLocaleLowerCase'],
    [String.prototype, 'String', 'toLocaleUpperCase'],
    [Number.prototype, 'Number', 'toLocaleString'],
    [BigInt.prototype, 'BigInt', 'toLocaleString'],
    [Array.prototype, 'Array', 'toLocaleString'],
    [Date.prototype, 'Date', 'toLocaleString'],
    [Date.prototype, 'Date', 'toLocaleDateString'],
    [Date.prototype, 'Date', 'toLocaleTimeString'],
  ];
  for (const [proto, owner, name] of methods) {
    const original = proto[name];
    Object.defineProperty(proto, name, {
      configurable: true,
      writable: true,
      value: function recorded(...args) {
        count(`${owner}.${name}`);
        return original.apply(this, args);
      },
    });
  }
  process.on('exit', () => writeFileSync(out, JSON.stringify(counts)));
}
