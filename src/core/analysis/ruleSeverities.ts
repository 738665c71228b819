/** Per-code severities from the configuration (`[tool.device-map-studio.rules]`): "off" drops a code, any other level replaces its default. */
import type { Finding, RuleSeverity } from './api';

export function applyRuleSeverities(findings: readonly Finding[], rules: Readonly<Record<string, RuleSeverity>> | undefined): Finding[] {
  if (!rules || Object.keys(rules).length === 0) return [...findings];
  const out: Finding[] = [];
  for (const f of findings) {
    const level = rules[f.code];
    if (level === 'off') continue;
    out.push(level && level !== f.severity ? { ...f, severity: level } : f);
  }
  return out;
}
