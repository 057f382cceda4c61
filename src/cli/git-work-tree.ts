import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The root of the git work tree that holds `dir` (a folder with `.git` in it or above it), if any. */
export function gitWorkTreeOf(dir: string): string | undefined {
  for (let folder = resolve(dir); ; folder = dirname(folder)) {
    if (existsSync(join(folder, '.git'))) return folder;
    if (dirname(folder) === folder) return undefined;
  }
}
