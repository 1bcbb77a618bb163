#!/usr/bin/env node
// The `calling-sim` bin: the local calling platform against any bot (see `calling-sim --help`).
import { runCli } from './run-cli.js';

const status = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
// Exit once the output is flushed: idle keep-alive sockets to the bot must not hold the process.
process.stdout.write('', () => process.exit(status));
