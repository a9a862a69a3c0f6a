#!/usr/bin/env node
import type * as ReadInput from '../audit/cli/read-input';
import type * as RunCli from '../audit/cli/run-cli';

/** Every failure of the tool itself: one line on standard error, exit code 2 (never 1, which means findings). */
function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  try {
    process.stderr.write(`cdk8s-secure: ${message.split('\n')[0]}\n`);
  } finally {
    process.exit(2);
  }
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
// A closed pipe (`cdk8s-secure audit … | head`) or a full disk: the report is incomplete, so exit 2.
process.stdout.on('error', (error: NodeJS.ErrnoException) => fail(error.code === 'EPIPE'
  ? new Error('standard output was closed before the report was written (EPIPE)')
  : error));

/** Loaded after the guards are in place, so that even a broken installation exits 2 with one line. */
function start(): Promise<number> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { readBoundedStream } = require('../audit/cli/read-input') as typeof ReadInput;
  const { runCli } = require('../audit/cli/run-cli') as typeof RunCli;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    readStdin: maxBytes => readBoundedStream(process.stdin, maxBytes),
  });
}

Promise.resolve().then(start).then(code => { process.exitCode = code; }, fail);
