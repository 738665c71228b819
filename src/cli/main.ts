/**
 * `device-map`: the engine on the command line, for CI and pre-commit.
 * Each command lives in `commands/<name>.ts` and returns an exit code:
 * 0 ok, 1 the check found errors, 2 bad input (one clear line, no stack trace).
 */
import { UsageError } from './args';
import type { CliIO, Command } from './io';
import { EXIT_USAGE } from './io';
import { finish, ignoreBrokenPipe, processIo } from './processIo';
import { sizes, USAGE as SIZES } from './commands/sizes';
import { plan, USAGE as PLAN } from './commands/plan';
import { check, USAGE as CHECK } from './commands/check';
import { estimate, USAGE as ESTIMATE } from './commands/estimate';
import { gpus, USAGE as GPUS } from './commands/gpus';
import { lsp, USAGE as LSP } from './commands/lsp';
import { init, USAGE as INIT } from './commands/init';
import { VERSION } from '../node/packageInfo';
import { messageLocale, setMessageLocale } from '../core/index';
import { cliLocale, takeLangFlag } from './commonFlags';
import { cliSay } from './messages';
import { CLI_ZH_CN } from './locales/zh-cn';

/** Registered commands: name -> [handler, usage line]. */
export const COMMANDS = new Map<string, [Command, string]>([
  ['sizes', [sizes, SIZES]],
  ['plan', [plan, PLAN]],
  ['check', [check, CHECK]],
  ['estimate', [estimate, ESTIMATE]],
  ['gpus', [gpus, GPUS]],
  ['init', [init, INIT]],
  ['lsp', [lsp, LSP]],
]);

export function usage(): string {
  return [cliSay.text('usageHeading', {}), ...[...COMMANDS.values()].map(([, u]) => `  ${u}`)].join('\n');
}

/** The CLI in the language `--lang` or the environment asks for; the previous language is back afterwards (tests run it in-process). */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const before = messageLocale();
  try {
    const { lang, rest } = takeLangFlag(argv);
    setMessageLocale(cliLocale(lang, io.env), { 'zh-cn': CLI_ZH_CN });
    return await runCommand(rest, io);
  } catch (e) {
    // Only --lang itself can fail here (a bad value): the commands catch their own errors.
    io.err(`device-map: ${(e as Error).message}`);
    return EXIT_USAGE;
  } finally {
    setMessageLocale(before, { 'zh-cn': CLI_ZH_CN });
  }
}

async function runCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.out(`device-map ${VERSION}`);
    return 0;
  }
  const entry = COMMANDS.get(name);
  if (!entry) {
    io.err(`${cliSay.text('unknownCommand', { name })}\n${usage()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help')) {
    io.out(cliSay.text('usageOf', { usage: entry[1] }));
    return 0;
  }
  try {
    return await entry[0](rest, io);
  } catch (e) {
    // Every expected failure is a UsageError or an engine error with a clear message; show one line.
    const msg = e instanceof Error ? e.message : String(e);
    io.err(cliSay.text('failed', { name, message: msg.split('\n')[0]! }));
    if (!(e instanceof UsageError) && process.env.DEVICE_MAP_DEBUG) io.err(String((e as Error).stack));
    return EXIT_USAGE;
  }
}

/** Real process wiring, called by bin/device-map.js (tests call runCli directly). Output is drained before exit (processIo.ts). */
export function cliMain(): void {
  ignoreBrokenPipe();
  const io: CliIO = {
    ...processIo(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
  runCli(process.argv.slice(2), io).then(
    (code) => finish(code),
    (e) => {
      process.stderr.write(`device-map: ${(e as Error).message}\n`);
      return finish(EXIT_USAGE);
    },
  );
}
