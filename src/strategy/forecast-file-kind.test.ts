import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseForecast, readForecast, type ReadForecastOptions } from './read-forecast.js';

const NOW = Date.UTC(2025, 11, 1, 15, 30);
const OPTIONS: ReadForecastOptions = { knownSymbols: ['SPY', 'TLT'], allowShort: false, maxGrossLeverage: 2, now: NOW, maxAgeMs: 120 * 60_000 };
const GOOD = 'symbol,weight,leverage,as_of,source\nSPY,0.6,1,2025-12-01T15:00:00Z,m\nTLT,0.4,1,2025-12-01T15:00:00Z,m\n';

function messageOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('what the forecast reader opens', () => {
  let dir: string;
  let state: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autofolio-forecast-kind-'));
    state = join(dir, 'state');
    await mkdir(state);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a FIFO at once, naming the file, instead of waiting for a writer for ever', async () => {
    const fifo = join(state, 'fifo.csv');
    execFileSync('mkfifo', [fifo]);
    await expect(readForecast(fifo, OPTIONS, state)).rejects.toThrow(/fifo\.csv: not a regular file \(a named pipe \(FIFO\)\)/);
  });

  it('refuses a directory, naming it', async () => {
    await mkdir(join(state, 'dir.csv'));
    await expect(readForecast(join(state, 'dir.csv'), OPTIONS, state)).rejects.toThrow(/dir\.csv: not a regular file \(a directory\)/);
  });

  it('refuses a symbolic link to a file outside the state folder, without a word of that file', async () => {
    const secret = join(dir, 'secrets.txt');
    await writeFile(secret, 'root:x:0:0:hunter2:/root:/bin/bash\n');
    await symlink(secret, join(state, 'linked.csv'));
    const error = await readForecast(join(state, 'linked.csv'), OPTIONS, state).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/linked\.csv: a symbolic link to a file outside the state folder/);
    expect((error as Error).message).not.toMatch(/root|hunter2/);
  });

  it('follows a symbolic link to a forecast inside the state folder', async () => {
    await mkdir(join(state, 'model'));
    await writeFile(join(state, 'model', 'out.csv'), GOOD);
    await symlink(join(state, 'model', 'out.csv'), join(state, 'forecast.csv'));
    expect((await readForecast(join(state, 'forecast.csv'), OPTIONS, state)).weights.get('SPY')).toBe(0.6);
  });
});

describe('what an error about a forecast file quotes', () => {
  const line = fc.string({ unit: fc.constantFrom('r', 'o', 't', ':', 'x', '0', '/', ' ', 'a', 'p', 's', 'w', '=', '"', 'ü', '\u001b'), minLength: 6, maxLength: 60 });

  it('never quotes a word of a CSV file whose first line names none of the forecast columns', () => {
    fc.assert(
      fc.property(line.filter((text) => /[A-Za-z0-9]{4}/.test(text) && !/symbol|weight|leverage|as_of|source/i.test(text)), (first) => {
        const message = messageOf(() => parseForecast(`${first}\nmore secret text\n`, 'forecast.csv', OPTIONS));
        expect(message).toMatch(/^forecast\.csv:1: bad header: (not a forecast|broken quoting|the first column has no name)/);
        for (const word of first.split(/[^A-Za-z0-9]+/).filter((w) => w.length >= 4)) expect(message).not.toContain(word);
        expect(message).not.toContain('secret');
      }),
    );
  });

  it('never quotes a key or value of a JSON document with none of the forecast keys', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 4 }).filter((k) => !['asOf', 'source', 'leverage', 'weights'].includes(k)), fc.string({ minLength: 4 }), { minKeys: 1, maxKeys: 3 }), (document) => {
        const message = messageOf(() => parseForecast(JSON.stringify(document), 'forecast.json', OPTIONS));
        expect(message).toMatch(/^forecast\.json: not a forecast/);
        for (const [key, value] of Object.entries(document)) {
          expect(message).not.toContain(key);
          expect(message).not.toContain(value);
        }
      }),
    );
  });

  it('never quotes the text around a JSON syntax error', () => {
    const message = messageOf(() => parseForecast('root:x:0:0:hunter2:/root:/bin/bash\n', 'forecast.json', OPTIONS));
    expect(message).toMatch(/^forecast\.json:1: malformed JSON/);
    expect(message).not.toMatch(/hunter2|root:x/);
  });

  it('quotes a field of a forecast at most 24 characters long, with control and other characters shown as ?', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }).filter((s) => !s.includes(',') && !s.includes('"') && !s.includes('\n') && !s.includes('\r') && s.trim() === s && s !== ''), (weight) => {
        fc.pre(!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(weight));
        const message = messageOf(() => parseForecast(`symbol,weight,leverage,as_of,source\nSPY,${weight},1,2025-12-01T15:00:00Z,m\n`, 'forecast.csv', OPTIONS));
        const quoted = /weight "([^"]*)" is not a number/.exec(message)?.[1];
        expect(quoted).toBeDefined();
        expect([...quoted!.replace(/…$/, '')].length).toBeLessThanOrEqual(24);
        expect(quoted!.replace(/…$/, '')).toMatch(/^[A-Za-z0-9.:+\-_ /?]*$/);
      }),
    );
  });
});
