#!/usr/bin/env node
import { run } from './main';

// Exit once stdout has drained: a piped report (`--format json | jq`) is written asynchronously,
// and exiting at once cut it at 64 KiB.
void run(process.argv.slice(2)).then((code) => process.stdout.write('', () => process.exit(code)));
