#!/usr/bin/env node
import { runCli } from '../audit/cli/run-cli';

/** Reads all of standard input. */
function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', chunk => chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, readStdin })
  .then(code => { process.exitCode = code; })
  .catch(error => {
    process.stderr.write(`cdk8s-secure: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
