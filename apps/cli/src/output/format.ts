/** Longest cell text in a table before it is cut with `…`. */
export const MAX_CELL_WIDTH = 60;

/** A value as table text: null as `-`, objects as compact JSON, long text cut to `max` characters. */
export function formatCell(value: unknown, max = MAX_CELL_WIDTH): string {
  let text: string;
  if (value === null || value === undefined) text = '-';
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  text = text.replace(/\s*\n\s*/g, ' ');
  // Coloured text is ours and short; cutting it could split an escape sequence.
  if (text.includes('\u001b[')) return text;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Bytes with a binary unit: `512 B`, `1.5 KiB`, `3.2 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A 0–1 ratio as a percentage with one decimal, or `-` when there is none. */
export function formatPercent(ratio: number | null): string {
  return ratio === null ? '-' : `${(ratio * 100).toFixed(1)}%`;
}

/** Seconds as `850 ms`, `12.3 s` or `4m 05s`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m ${String(Math.round(seconds - minutes * 60)).padStart(2, '0')}s`;
}
