/**
 * `duplicate-key` (no DM code: a plain tag): a key written twice in one device_map
 * literal. Python (and json.load) keep only the later value; say which one wins.
 */
import { removeEarlierDuplicate } from '../../text/edits/duplicates';
import type { Finding } from '../api';
import { dataOf } from '../fixes/fixContext';
import { action } from '../fixes/fixContext';
import { mapOfProblem, winnerOf } from '../problems';
import { defineRule } from './unit';
import { LineIndex } from '../../text/lineIndex';

export const DUPLICATE_KEY = 'duplicate-key';

export const duplicateKey = defineRule({
  code: DUPLICATE_KEY,
  severity: 'warning',
  title:
    'a key written twice in one dict: Python and `json.load` keep the later value (the message says which); a quick fix removes the earlier one',
  messages: {
    python:
      '"{key}" is written twice in this device_map; Python keeps only the later value, {value} (line {line}). The value written here is ignored: remove one of the two.',
    json: '"{key}" is written twice in this device_map; json.load (and transformers) keeps only the later value, {value} (line {line}). The value written here is ignored: remove one of the two.',
    noWinner: '"{key}" is written twice in this device_map; only the later value is used.',
    winner: 'this value ({value}) is the one used',
    remove: 'Remove the earlier duplicate `{key}`',
  },
  docs: {
    catches: 'A key written twice in one `device_map` dict literal (Python or JSON).',
    why: 'Never raises: Python and `json.load` keep only the later value, so the earlier entry **silently has no effect**, whatever it says.',
    example: {
      language: 'python',
      code: 'device_map = {"model.embed_tokens": 0, "model.layers": 0, "model.layers": 1, "model.norm": 1, "lm_head": 1}',
    },
    fix: 'Remove one of the two. The quick fix removes the earlier spelling, the one that is ignored, so the map keeps doing what it does.',
  },
  checkDocument(doc, facts, say) {
    const out: Finding[] = [];
    let lines: LineIndex | undefined; // built once, on the first duplicate: linear however many there are
    for (const p of facts.problems) {
      if (p.kind !== 'duplicate-key') continue;
      const map = mapOfProblem(facts, p.span);
      const winner = map ? winnerOf(map, p.span, p.key) : undefined;
      const mapIndex = map ? facts.maps.indexOf(map) : undefined;
      const data = { data: { key: p.key, ...(mapIndex !== undefined ? { mapIndex } : {}) } };
      if (!winner) {
        out.push(say.finding(p.span, 'noWinner', { key: p.key }, data));
        continue;
      }
      const values = {
        key: winner.key,
        value: winner.value.raw,
        line: (lines ??= new LineIndex(doc.text)).lineColumn(winner.keySpan.start).line,
      };
      const related = [{ span: winner.entrySpan, message: say.text('winner', { value: winner.value.raw }) }];
      out.push(say.finding(p.span, doc.languageId === 'python' ? 'python' : 'json', values, { ...data, related }));
    }
    return out;
  },
  fixes: [
    ({ finding, ctx }, say) => {
      const key = dataOf<{ key: string }>(finding).key;
      const span = { start: finding.start, end: finding.end };
      // The finding's span is the earlier key; the map keeps the later one as its entry.
      if (key === undefined || !winnerOf(ctx.map, span, key)) return [];
      return action(
        say.text('remove', { key: key === '' ? '""' : key }),
        [DUPLICATE_KEY],
        removeEarlierDuplicate(ctx.doc, ctx.map, span),
        true,
      );
    },
  ],
});
