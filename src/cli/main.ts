import { InputError, UsageError } from './args';
import { OutputConflictError } from '../node/output';
import * as validate from './validate';
import * as stats from './stats';
import * as exportCommand from './export';
import * as report from './report';
import * as check from './check';

/** One module per command, each exporting `usage` and `run(args) → exit code`. */
const commands: Record<string, { usage: string; run(args: string[]): Promise<number> }> = {
  validate,
  stats,
  export: exportCommand,
  report,
  check,
};

const usage = `usage:\n${Object.values(commands).map((c) => `  ${c.usage}`).join('\n')}`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage + '\n');
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`transcript-review: unknown command '${name}'\n${usage}\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) process.stderr.write(`usage: ${err.message}\n`);
    else if (err instanceof InputError || err instanceof OutputConflictError || (err as NodeJS.ErrnoException).code) process.stderr.write(`transcript-review: ${(err as Error).message}\n`);
    else throw err;
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`transcript-review: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
