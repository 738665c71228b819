/**
 * The New Setup flow's words go through `l10n.t` (each message a literal, gathered into
 * l10n/bundle.l10n*.json by `npm run l10n`). The flow runs without VS Code in the unit
 * tests, so the translator is injected: `vscode.l10n.t` by the command (newSetupCommand.ts),
 * English with its `{0}` placeholders filled until then.
 */
type Arg = string | number | boolean;
export type Translate = (message: string, ...args: Arg[]) => string;

const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));

let translate: Translate = english;

export const l10n = {
  t: (message: string, ...args: Arg[]): string => translate(message, ...args),
};

/** The command's translator (VS Code's display language); undefined goes back to English. */
export function useSetupTranslator(t: Translate | undefined): void {
  translate = t ?? english;
}
