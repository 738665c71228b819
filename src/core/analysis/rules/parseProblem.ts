/** `parse` (no DM code: a plain tag): the finder could not read the file at all. It never throws; this says so instead. */
import { defineRule } from './unit';

export const PARSE_PROBLEM = 'parse';

export const parseProblem = defineRule({
  code: PARSE_PROBLEM,
  severity: 'info',
  title: 'something in the file could not be read (the finder never throws; this says so)',
  messages: {
    unreadable: 'Device Map Studio could not read this file, so nothing in it is checked. {detail}',
    partly: 'Device Map Studio could not read this part of the file: {detail}',
  },
  docs: {
    catches: 'A file the finder could not read (an internal limit or a bug met on unusual text).',
    why: 'Nothing in your code fails: Device Map Studio checks nothing in this file and says so, instead of failing silently.',
    example: { language: 'python', code: '# any file the finder cannot read' },
    fix: "Report the file (or the smallest part of it that shows this) as an issue; the message carries the finder's reason.",
  },
  checkDocument(_doc, facts, say) {
    return facts.problems.flatMap((p) =>
      p.kind === 'unreadable' ? [say.finding(p.span, p.partly ? 'partly' : 'unreadable', { detail: p.message })] : [],
    );
  },
});
