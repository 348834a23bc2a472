#!/usr/bin/env node
import { main } from './main.ts';

const code = await main(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
});
process.exitCode = code;
// A DNS lookup that never returns must not keep the process alive after the report is written.
setTimeout(() => process.exit(code), 500).unref();
