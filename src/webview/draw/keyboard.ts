/**
 * The keyboard path to every drag: arrows walk the blocks in forward order
 * (shift extends the range), Alt+arrows / `[` `]` move the selection to the
 * previous or next device, digits move it to `cuda:N`, the context-menu key
 * (or Shift+F10, or `m`) opens a menu of devices, Enter reveals the entry in
 * the editor, Escape clears the selection.
 */
export type KeyAction =
  | { readonly kind: 'focus'; readonly index: number; readonly extend: boolean }
  | { readonly kind: 'moveBy'; readonly step: -1 | 1 }
  | { readonly kind: 'moveTo'; readonly gpu: number }
  | { readonly kind: 'menu' }
  | { readonly kind: 'reveal' }
  | { readonly kind: 'toggle' }
  | { readonly kind: 'clear' };

/** Maps a key press on the block at `index` (of `count`) to an action; undefined for keys we leave alone. Pure. */
export function keyAction(
  e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey'>,
  index: number,
  count: number,
): KeyAction | undefined {
  const clamp = (i: number): number => Math.max(0, Math.min(count - 1, i));
  if (e.ctrlKey || e.metaKey) return undefined;
  switch (e.key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return e.altKey ? { kind: 'moveBy', step: 1 } : { kind: 'focus', index: clamp(index + 1), extend: e.shiftKey };
    case 'ArrowLeft':
    case 'ArrowUp':
      return e.altKey ? { kind: 'moveBy', step: -1 } : { kind: 'focus', index: clamp(index - 1), extend: e.shiftKey };
    case 'Home':
      return { kind: 'focus', index: 0, extend: e.shiftKey };
    case 'End':
      return { kind: 'focus', index: count - 1, extend: e.shiftKey };
    case ']':
      return { kind: 'moveBy', step: 1 };
    case '[':
      return { kind: 'moveBy', step: -1 };
    case 'ContextMenu':
    case 'm':
      return { kind: 'menu' };
    case 'F10':
      return e.shiftKey ? { kind: 'menu' } : undefined;
    case 'Enter':
      return { kind: 'reveal' };
    case ' ':
      return { kind: 'toggle' };
    case 'Escape':
      return { kind: 'clear' };
    default:
      if (/^[0-9]$/.test(e.key) && !e.altKey) return { kind: 'moveTo', gpu: Number(e.key) };
      return undefined;
  }
}
