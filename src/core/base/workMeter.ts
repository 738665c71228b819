/**
 * A step counter for the engine's expensive work on the calling thread. The extension keeps
 * analyses that cannot be bounded off its host thread; its tests read this meter to prove that
 * the host's share of a hostile file stays under the cap (a count, not a clock: timings are
 * never asserted). Weights, from the 2-core bench machine when idle (docs/performance.md):
 *   - one unit per expression the finder evaluates (about 2-3 us each),
 *   - PARSE_CHARS_PER_UNIT characters parsed per unit (a cold 290 KB parse is ~100 ms),
 *   - RULE_UNITS_PER_ENTRY per map entry whose rules run (about 10-20 us an entry).
 */
export const workMeter = { units: 0 };

export const PARSE_CHARS_PER_UNIT = 32;
export const RULE_UNITS_PER_ENTRY = 10;
