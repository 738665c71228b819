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

/** The panel's table: key -> English text, from the `PANEL_TEXT` object literal. */
export function panelTexts(root) {
  const file = join(root, 'src/protocol/panelText.ts');
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out = new Map();
  const visit = (node) => {
    if (ts.isVariableDeclaration(node) && node.name.getText(sf) === 'PANEL_TEXT') {
      let init = node.initializer;
      while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression?.(init))) init = init.expression;
      for (const p of init.properties) out.set(p.name.getText(sf), p.initializer.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Every message the bundles must hold, sorted. */
export function allRuntimeMessages(root) {
  return [...new Set([...extensionMessages(root).messages.keys(), ...panelTexts(root).values()])].sort();
}

/** `{0}`-style placeholders of a message, sorted (the same set must appear in every translation). */
export function placeholders(message) {
  return [...new Set(message.match(/\{\d+\}/g) ?? [])].sort();
}
