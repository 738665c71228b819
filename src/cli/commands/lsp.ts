/**
 * `device-map lsp --stdio`: the language server (src/lsp) on standard input and
 * output, for Neovim, Helix, Zed, Emacs, JetBrains (LSP4IJ) and any LSP client.
 * It never returns while the client is connected; the connection ends the process.
 */
import { cliSay } from '../messages';
import { parseArgs, UsageError } from '../args';
import type { Command } from '../io';
import { startStdioServer } from '../../lsp/server';

export const USAGE = 'device-map lsp --stdio';

export const lsp: Command = async (argv) => {
  const args = parseArgs(argv, { booleans: ['stdio'] });
  if (!args.booleans.has('stdio')) throw new UsageError(cliSay.text('stdioOnly', {}));
  await startStdioServer();
  return new Promise<number>(() => {
    /* the server owns the process from here; the connection's exit handler ends it */
  });
};
