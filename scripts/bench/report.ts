// The results: a table on the terminal and a JSON file for comparing one run with the next.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { dirname } from 'node:path';
import Table from 'cli-table3';
import type { Figure, Spread } from './stats';

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  mode: 'full' | 'quick';
  benchmarks: string[];
  machine: { node: string; platform: string; cpus: number; cpuModel: string; memoryGiB: number };
  figures: Figure[];
  notes: string[];
}

export function machine(): BenchReport['machine'] {
  const c = cpus();
  return { node: process.version, platform: `${platform()} ${release()}`, cpus: c.length, cpuModel: c[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30) };
}

function num(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '–';
  if (unit === 'USD') return v < 0.01 ? v.toFixed(4) : v.toFixed(3);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en');
  if (Math.abs(v) >= 100) return v.toFixed(0);
  return v.toFixed(1);
}

const cell = (s: Spread, unit: string) => `${num(s.median, unit)} ${unit}`;

export function table(figures: readonly Figure[]): string {
  const t = new Table({
    head: ['Benchmark', 'Figure', 'Median', 'Min', 'Max', 'Runs', 'Baseline (median)', 'Ratio'],
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: [30, 44, 16, 11, 11, 6, 34, 8],
  });
  let group = '';
  for (const f of figures) {
    t.push([
      f.group === group ? '' : f.group,
      f.name,
      cell(f.value, f.unit),
      num(f.value.min, f.unit),
      num(f.value.max, f.unit),
      String(f.value.runs),
      f.baseline ? `${f.baseline.name}: ${cell(f.baseline.value, f.unit)}` : '',
      f.ratio !== undefined && Number.isFinite(f.ratio) ? `${f.ratio.toFixed(2)}×` : '',
    ]);
    group = f.group;
  }
  return t.toString();
}

/** The same table as GitHub Markdown, for the README's Performance section. */
export function markdown(figures: readonly Figure[]): string {
  const rows = figures.map((f) =>
    [f.group, f.name, cell(f.value, f.unit), num(f.value.min, f.unit), num(f.value.max, f.unit), String(f.value.runs), f.baseline ? `${f.baseline.name}: ${cell(f.baseline.value, f.unit)}` : '', f.ratio !== undefined && Number.isFinite(f.ratio) ? `${f.ratio.toFixed(2)}×` : ''].join(' | '),
  );
  return ['| Benchmark | Figure | Median | Min | Max | Runs | Baseline (median) | Ratio |', '|---|---|---|---|---|---|---|---|', ...rows.map((r) => `| ${r} |`)].join('\n');
}

export function writeReport(file: string, report: BenchReport): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
