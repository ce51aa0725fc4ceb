/** The CLI's entry point (package.json `bin`): dispatches to one module per command and turns errors into exit code 2. */
import { InputError, UsageError } from './args';
import { terminalBlock, terminalLine } from '../core/terminalText';
import { OutputConflictError } from '../node/output';
import * as validate from './validate';
import * as stats from './stats';
import * as exportCommand from './export';
import * as report from './report';
import * as check from './check';
import * as queue from './queue';
import * as progress from './progress';
import * as next from './next';

/** One module per command, each exporting `usage` and `run(args) → exit code`. */
const commands: Record<string, { usage: string; run(args: string[]): Promise<number> }> = {
  validate,
  stats,
  export: exportCommand,
  report,
  check,
  queue,
  progress,
  next,
};

const usage = `usage:\n${Object.values(commands).map((c) => `  ${c.usage}`).join('\n')}`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage + '\n');
    return name ? 0 : 2;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`${terminalLine(`transcript-review: unknown command '${name}'`)}${usage}\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) process.stderr.write(terminalBlock(`usage: ${err.message}\n`));
    else if (err instanceof InputError || err instanceof OutputConflictError || (err as NodeJS.ErrnoException).code) process.stderr.write(terminalLine(`transcript-review: ${(err as Error).message}`));
    else throw err;
    return 2;
  }
}

// A reader that stops early (`| head`) closes the pipe: that ends the command, quietly and
// successfully, as it would a `cat`; no stack trace, no "errors found" exit code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

// Ctrl-C (or a kill) ends the run through `process.exit`, so exit hooks run: a spooled pipe's copy is removed.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) process.on(signal, () => process.exit(code));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(terminalBlock(`transcript-review: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`));
    process.exitCode = 2;
  },
);
