// The runtime texts VS Code translates through `vscode.l10n` (l10n/bundle.l10n.*.json): every
// literal `l10n.t('…')` in src/extension, plus the layout panel's table (src/protocol/panelText.ts),
// which the host translates entry by entry. Read with TypeScript's parser, never by regex.
// Used by `npm run l10n` (writes the English bundle) and test/unit/build/l10n.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** `{ messages: Map<message, first file>, dynamic: ['file:line', ...] }` (dynamic: a call whose message is not a literal). */
export function extensionMessages(root) {
  const messages = new Map();
  const dynamic = [];
  for (const file of tsFiles(join(root, 'src/extension'))) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isCallExpression(node) && /(^|\.)l10n\.t$/.test(node.expression.getText(sf))) {
        const arg = node.arguments[0];
        const where = `${relative(root, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
        if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
          if (!messages.has(arg.text)) messages.set(arg.text, where);
        } else dynamic.push(where);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { messages, dynamic };
}

/** Tables of English texts the extension translates entry by entry (`vscode.l10n.t(table[key])`). */
export const TEXT_TABLES = [
  ['src/protocol/panelText.ts', 'PANEL_TEXT'],
  ['src/extension/models/modelHints.ts', 'VSCODE_MODEL_HINTS'],
];

/** One table: key -> English text, from the object literal named `name` in `path`. */
export function tableTexts(root, path, name) {
  const file = join(root, path);
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out = new Map();
  const visit = (node) => {
    if (ts.isVariableDeclaration(node) && node.name.getText(sf) === name) {
      let init = node.initializer;
      while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression?.(init))) init = init.expression;
      for (const p of init.properties) {
        // A literal, or literals joined by + (prettier breaks long ones).
        const text = (e) =>
          ts.isBinaryExpression(e) ? text(e.left) + text(e.right) : ts.isParenthesizedExpression(e) ? text(e.expression) : e.text;
        out.set(p.name.getText(sf), text(p.initializer));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Every message the bundles must hold, sorted. */
export function allRuntimeMessages(root) {
  const tables = TEXT_TABLES.flatMap(([path, name]) => [...tableTexts(root, path, name).values()]);
  return [...new Set([...extensionMessages(root).messages.keys(), ...tables])].sort();
}

/** `{0}`-style placeholders of a message, sorted (the same set must appear in every translation). */
export function placeholders(message) {
  return [...new Set(message.match(/\{\d+\}/g) ?? [])].sort();
}
