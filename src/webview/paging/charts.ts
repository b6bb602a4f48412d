// Charts over the stops of the session, drawn with uPlot: memory (RSS, VSZ, shared, swapped), faults by
// kind, and the simulated clock, for the process shown. A canvas cannot read CSS variables, so the line
// colours are read from the theme's `--vscode-charts-*` variables when a chart is built, and the charts
// are rebuilt when the theme changes (VS Code swaps the body's theme class). Each chart also carries a
// sentence saying what it shows, for screen readers.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { el, replaceChildren } from '../dom';
import { bytes, count, nanoseconds, tickLabels } from '../format';
import type { HistoryPoint, MemoryCounters } from '../../protocol/messages';

interface SeriesSpec {
  readonly label: string;
  readonly value: (c: MemoryCounters) => number;
  /** Name of the theme variable with the line colour. */
  readonly colour: string;
}

interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly series: readonly SeriesSpec[];
  readonly format: (n: number) => string;
  /** The exact figure, for axis ticks too close together for `format` to tell apart. */
  readonly exact: (n: number) => string;
}

const CHARTS: readonly ChartSpec[] = [
  {
    id: 'memory',
    title: 'Memory (bytes)',
    format: bytes,
    exact: (n) => `${count(n)} B`,
    series: [
      { label: 'RSS', value: (c) => c.rss, colour: '--vscode-charts-blue' },
      { label: 'VSZ', value: (c) => c.vsz, colour: '--vscode-charts-purple' },
      { label: 'shared', value: (c) => c.shared, colour: '--vscode-charts-green' },
      { label: 'swapped', value: (c) => c.swapped, colour: '--vscode-charts-orange' },
    ],
  },
  {
    id: 'faults',
    title: 'Page faults (total)',
    format: count,
    exact: count,
    series: [
      { label: 'minor', value: (c) => c.minorFaults, colour: '--vscode-charts-blue' },
      { label: 'major', value: (c) => c.majorFaults, colour: '--vscode-charts-red' },
      { label: 'invalid', value: (c) => c.invalidFaults, colour: '--vscode-charts-yellow' },
      { label: 'copy-on-write', value: (c) => c.cowFaults, colour: '--vscode-charts-green' },
    ],
  },
  {
    id: 'time',
    title: 'Simulated time',
    format: nanoseconds,
    exact: (n) => `${count(n)} ns`,
    series: [{ label: 'time', value: (c) => c.simulatedTimeNs, colour: '--vscode-charts-purple' }],
  },
];

const HEIGHT = 150;

function themeColour(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || getComputedStyle(document.body).color;
}

export class Charts {
  readonly element: HTMLElement;
  private plots: uPlot[] = [];
  private readonly boxes: HTMLElement[];
  private readonly summaries: HTMLElement[];
  private points: readonly HistoryPoint[] = [];
  private pid = -1;
  private width = 0;

  constructor() {
    this.boxes = CHARTS.map((c) => el('div', { class: 'chart-canvas', attrs: { 'data-chart': c.id } }));
    this.summaries = CHARTS.map(() => el('p', { class: 'visually-hidden' }));
    this.element = el('div', { class: 'charts' }, ...CHARTS.map((c, i) =>
      el('figure', { class: 'chart', attrs: { 'aria-label': c.title } }, el('figcaption', { text: c.title }), this.boxes[i]!, this.summaries[i]!)));
    new ResizeObserver(() => {
      const width = Math.floor(this.boxes[0]!.clientWidth);
      if (width > 0 && width !== this.width) {
        this.width = width;
        this.rebuild();
      }
    }).observe(this.boxes[0]!);
    new MutationObserver(() => this.rebuild()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  show(history: readonly HistoryPoint[], pid: number): void {
    this.points = history.filter((h) => h.pid === pid);
    if (pid !== this.pid || this.plots.length === 0) {
      this.pid = pid;
      this.rebuild();
      return;
    }
    CHARTS.forEach((spec, i) => this.plots[i]?.setData(this.data(spec)));
    this.summarise();
  }

  private data(spec: ChartSpec): uPlot.AlignedData {
    return [this.points.map((p) => p.step), ...spec.series.map((s) => this.points.map((p) => s.value(p.counters)))];
  }

  private rebuild(): void {
    for (const p of this.plots) p.destroy();
    this.plots = [];
    if (this.width <= 0) return;
    const axisColour = themeColour('--vscode-descriptionForeground');
    const gridColour = themeColour('--vscode-charts-lines');
    const font = `11px ${getComputedStyle(document.body).fontFamily}`;
    CHARTS.forEach((spec, i) => {
      const box = this.boxes[i]!;
      replaceChildren(box);
      const plot = new uPlot({
        width: this.width,
        height: HEIGHT,
        scales: { x: { time: false } },
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        axes: [
          { stroke: axisColour, grid: { stroke: gridColour, width: 1 }, ticks: { stroke: gridColour }, font, label: 'step', labelFont: font },
          { stroke: axisColour, grid: { stroke: gridColour, width: 1 }, ticks: { stroke: gridColour }, font, size: 70, values: (_u, splits) => tickLabels(splits, spec.format, spec.exact) },
        ],
        series: [
          { label: 'step' },
          ...spec.series.map((s) => ({ label: s.label, stroke: themeColour(s.colour), width: 2, value: (_u: uPlot, v: number | null) => (v === null ? '–' : spec.format(v)) })),
        ],
      }, this.data(spec), box);
      this.plots.push(plot);
    });
    this.summarise();
  }

  private summarise(): void {
    const first = this.points[0];
    const last = this.points[this.points.length - 1];
    CHARTS.forEach((spec, i) => {
      const text = !first || !last ? 'No stops yet.'
        : `Over ${this.points.length} stops from step ${first.step} to ${last.step}: ` +
          spec.series.map((s) => `${s.label} ${spec.format(s.value(first.counters))} to ${spec.format(s.value(last.counters))}`).join('; ');
      this.summaries[i]!.textContent = text;
    });
  }
}
