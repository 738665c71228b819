/**
 * A rule is one unit (as in ruff or rust-analyzer): its code, default severity,
 * title, message templates, documentation and quick fixes live in one file.
 * The engine, the quick-fix table, the code table, the README table and
 * docs/diagnostics/ are all read from the registered units (rules/index.ts).
 */
import type { Span } from '../../text/types';
import type { CodeAction, Finding, Severity, SourceDocument } from '../api';
import type { DocumentFacts } from '../../text/types';
import type { RuleContext } from '../context';
import { finding, type FindingExtras } from '../finding';
import type { FixInput } from '../fixes/fixContext';
import { voice, type Messages, type ValuesOf, type Voice } from '../messages';

export interface RuleDocs {
  /** What the rule catches (Markdown). */
  readonly catches: string;
  /** Why it fails, and when (at load, at the first forward or training step, or silently); quotes the exact texts users see. */
  readonly why: string;
  /** A short file that raises it. */
  readonly example: { readonly language: 'python' | 'json'; readonly code: string };
  /** How to fix it, and which quick fixes do it (Markdown). */
  readonly fix: string;
}

/** What a rule's check and fixes receive to write their texts: one template per text, filled by one formatter. */
export interface Say<M extends Messages> extends Voice<M> {
  /** A finding of this unit's code (severity: the unit's default unless `extras` says otherwise). */
  finding<K extends keyof M & string>(span: Span, id: K, values: ValuesOf<M[K]>, extras?: FindingExtras): Finding;
}

export interface RuleUnit<M extends Messages = Messages> {
  /** `DM0xx`, or a plain tag (`duplicate-key`) for findings about nothing broken in the map. */
  readonly code: string;
  readonly severity: Severity;
  /** One line for tables and hovers. */
  readonly title: string;
  /** Every text the unit shows, keyed by stable ids (a second locale supplies the same keys). */
  readonly messages: M;
  readonly docs: RuleDocs;
  /** The check over one map that reaches a model. */
  check?(ctx: RuleContext, say: Say<M>): Finding[];
  /** The check over the whole document (parse problems), for units not tied to one map's context. */
  checkDocument?(doc: SourceDocument, facts: DocumentFacts, say: Say<M>): Finding[];
  /** Quick fixes for this unit's findings; offered on the finding and on its related locations. */
  readonly fixes?: ReadonlyArray<(input: FixInput, say: Say<M>) => CodeAction[]>;
}

/** Declares a unit with its templates' literal types kept, so `say` checks every placeholder at compile time. */
export function defineRule<const M extends Messages>(unit: RuleUnit<M>): RuleUnit<M> {
  return unit;
}

export function sayFor<M extends Messages>(unit: RuleUnit<M>): Say<M> {
  const v = voice(unit.code, unit.messages);
  return {
    text: v.text,
    finding: (span, id, values, extras = {}) => finding(unit.code, unit.severity, span, v.text(id, values), extras),
  };
}
