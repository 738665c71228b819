// `npm run l10n`: writes l10n/bundle.l10n.json (English, message -> message) from the sources
// (scripts/lib/l10n.mjs) and lists the messages l10n/bundle.l10n.zh-cn.json lacks or no longer uses.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allRuntimeMessages } from './lib/l10n.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const messages = allRuntimeMessages(ROOT);
mkdirSync(join(ROOT, 'l10n'), { recursive: true });
writeFileSync(join(ROOT, 'l10n/bundle.l10n.json'), JSON.stringify(Object.fromEntries(messages.map((m) => [m, m])), null, 2) + '\n');
console.log(`l10n/bundle.l10n.json: ${messages.length} messages`);
const zhFile = join(ROOT, 'l10n/bundle.l10n.zh-cn.json');
const zh = existsSync(zhFile) ? JSON.parse(readFileSync(zhFile, 'utf8')) : {};
for (const m of messages) if (!(m in zh)) console.log(`zh-cn lacks: ${JSON.stringify(m)}`);
for (const m of Object.keys(zh)) if (!messages.includes(m)) console.log(`zh-cn no longer used: ${JSON.stringify(m)}`);
