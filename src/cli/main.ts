#!/usr/bin/env node
// The command as tsc builds it (dist/cli/main.js): done when the command is, so that a caller
// importing it (the bad-input corpus's batch) can run the next one after it.
import { runCli } from './run-cli.js';

await runCli();
