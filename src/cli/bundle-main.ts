#!/usr/bin/env node
// The entry of the bundled command (build/bundle.js → dist/bin): a CommonJS script, which V8 can
// keep compiled between starts, has no top-level await; Node waits for the command all the same.
import { runCli } from './run-cli.js';

void runCli();
