/**
 * Size strings as users write them in `max_memory` ("24GiB", "10GB", "500MiB").
 * Mirrors accelerate 1.15 `utils.modeling.convert_file_size_to_int`, including its
 * quirks: `GiB/MiB/KiB` are powers of two, `GB/MB/KB` powers of ten, and a
 * lowercase trailing `b` ("10Gb") means bits.
 */

export class SizeStringError extends Error {}

/** The exact message accelerate raises for a bad size. */
export function sizeErrorMessage(size: string | number): string {
  return `\`size\` ${size} is not in a valid format. Use an integer for bytes, or a string with an unit (like '5.0GB').`;
}

/** Python's `float(s)`: surrounding whitespace, underscores between digits, inf/nan. Undefined when Python would raise. */
export function parsePythonFloat(raw: string): number | undefined {
  const s = raw.trim();
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return NaN;
  const digits = '\\d(?:_?\\d)*';
  const re = new RegExp(`^[+-]?(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?$`);
  if (!re.test(s)) return undefined;
  return Number(s.replace(/_/g, ''));
}

/** Python's `int(float)`: truncation; nan and infinities raise (here: undefined). */
function pyInt(x: number): number | undefined {
  return Number.isFinite(x) ? Math.trunc(x) : undefined;
}

const UNITS: ReadonlyArray<[suffix: string, factor: number, bitsAware: boolean]> = [
  ['GIB', 2 ** 30, false],
  ['MIB', 2 ** 20, false],
  ['KIB', 2 ** 10, false],
  ['GB', 10 ** 9, true],
  ['MB', 10 ** 6, true],
  ['KB', 10 ** 3, true],
];

/** Bytes for an int or a size string; throws SizeStringError with accelerate's text. */
export function convertFileSizeToInt(size: number | string): number {
  if (typeof size === 'number') {
    if (!Number.isInteger(size) || size < 0) throw new SizeStringError(sizeErrorMessage(size));
    return size;
  }
  const upper = size.toUpperCase();
  for (const [suffix, factor, bitsAware] of UNITS) {
    if (!upper.endsWith(suffix)) continue;
    const value = parsePythonFloat(size.slice(0, size.length - suffix.length));
    const bytes = value === undefined ? undefined : pyInt(value * factor);
    if (bytes === undefined || bytes < 0) throw new SizeStringError(sizeErrorMessage(size));
    return bitsAware && size.endsWith('b') ? Math.floor(bytes / 8) : bytes;
  }
  throw new SizeStringError(sizeErrorMessage(size));
}

/** True for the silent trap: "10Gb"/"10gb" is read as gigabits (an eighth of what the user meant). */
export function isBitsSize(size: string): boolean {
  return /(g|m|k)b$/i.test(size) && size.endsWith('b') && !/ib$/i.test(size);
}

/** Formats bytes for people: GiB with two decimals, smaller units below 1 GiB. */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
  if (abs >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  if (abs >= 2 ** 10) return `${(bytes / 2 ** 10).toFixed(1)} KiB`;
  return `${bytes} B`;
}
