// How numbers read in the panels: addresses in hex as debuggers print them, sizes in bytes with binary
// units, counts with thousands separators, byte strings split into pairs. One place, so every view
// writes an address the same way.

import type { SourceSite } from '../protocol/messages';

export function hex(n: number): string {
  return '0x' + n.toString(16);
}

/** Hex padded to `digits`, for columns that must line up. */
export function hexPadded(n: number, digits: number): string {
  return '0x' + n.toString(16).padStart(digits, '0');
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function percent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}

export function nanoseconds(ns: number): string {
  if (ns < 1e3) return `${ns} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(1)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(1)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

/** Labels for ticks in `format`'s unit, or `exact` ones when rounding would label two ticks alike ("2.3 µs" twice). */
export function tickLabels(values: readonly number[], format: (n: number) => string, exact: (n: number) => string): string[] {
  const labels = values.map(format);
  return new Set(labels).size === labels.length ? labels : values.map(exact);
}

/** "list.c:14" — the file's last path component and the line. */
export function siteText(files: readonly string[], site: SourceSite): string {
  const path = files[site.file] ?? '?';
  const name = path.split(/[\\/]/).pop() ?? path;
  return `${name}:${site.line}`;
}

/** Splits a hex byte string ("2a000000") into its bytes (["2a","00","00","00"]). */
export function bytePairs(hexBytes: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < hexBytes.length; i += 2) out.push(hexBytes.slice(i, i + 2));
  return out;
}

/** Parses an address typed by the user: always hex (as every address in the panels), "0x" optional. */
export function parseAddress(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/_/g, '').replace(/^0x/, '');
  if (!/^[0-9a-f]{1,12}$/.test(t)) return null;
  return parseInt(t, 16);
}
