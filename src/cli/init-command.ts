import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { SAMPLE_INSTRUMENTS } from '../data/sample/sample-instruments.js';
import { writeSampleData } from '../data/sample/write-sample-data.js';
import { loadConfig } from '../config/load.js';
import { writeFileAtomic } from '../io/atomic-file.js';
import { gitWorkTreeOf } from './git-work-tree.js';
import { starterConfig } from './starter-config.js';

/** Writes a starter autofolio.yaml and the sample data into `dir`; returns the config path. */
export async function initAccountFolder(dir: string): Promise<string> {
  const configPath = join(dir, 'autofolio.yaml');
  if (existsSync(configPath)) throw new InitError(`${configPath} already exists: edit it, or init another folder`);
  mkdirSync(dir, { recursive: true });
  await writeSampleData(join(dir, 'data'));
  writeFileAtomic(configPath, starterConfig(SAMPLE_INSTRUMENTS), 0o644);
  // Read back as every command will read it: a starter config its own schema refuses fails here,
  // not at the first run, and its validated form is in the user cache before the first command.
  loadConfig(configPath);
  return configPath;
}

export class InitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InitError';
  }
}

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .argument('[dir]', 'folder to set up', '.')
    .description('Write a starter autofolio.yaml (paper broker, bundled sample data) and the sample data')
    .action(async (dir: string) => {
      const configPath = await initAccountFolder(resolve(dir));
      console.log(`wrote ${configPath} and sample data in ${join(resolve(dir), 'data')} (synthetic prices)`);
      console.log(`next: cd ${resolve(dir)} && autofolio run --dry-run, then autofolio run`);
      // An account's database, orders and e-mails are not source code: one `git add -A` away
      // from a commit (of the autofolio clone, usually), they should live elsewhere.
      const workTree = gitWorkTreeOf(resolve(dir));
      if (workTree) console.error(`autofolio: note: ${resolve(dir)} is inside the git work tree ${workTree}; the account's database, orders and e-mails would be one \`git add\` away from a commit: keep accounts outside it (e.g. autofolio init ~/autofolio/my-account)`);
    });
}
