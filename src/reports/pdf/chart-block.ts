import { formatNumber, niceScale } from './nice-scale.js';
import { COLOUR, TYPE, type ReportCanvas } from './report-canvas.js';

/** One point of a chart series. */
export interface ChartPoint {
  label: string;
  value: number;
}

/** Options of a chart. */
export interface ChartOptions {
  title: string;
  /** What the values count, printed above the value axis (e.g. "messages"); none by default. */
  valueLabel?: string;
}

const PLOT_HEIGHT = 150;
const LABEL_GAP = 6;
/** Above this many categories a bar chart stays vertical and thins its labels instead. */
const MAX_HORIZONTAL_BARS = 25;

/**
 * Draws a bar chart at the cursor. Categories whose labels would collide on a vertical chart
 * (rule names, senders) are drawn as horizontal bars with every label; long date series stay
 * vertical with thinned labels.
 */
export function drawBarChart(canvas: ReportCanvas, series: readonly ChartPoint[], options: ChartOptions): void {
  const points = clean(series);
  const size = TYPE.chart;
  const slot = (canvas.width - 40) / Math.max(1, points.length);
  const widest = Math.max(0, ...points.map((p) => canvas.textWidth(p.label, size)));
  if (points.length > 0 && points.length <= MAX_HORIZONTAL_BARS && widest + LABEL_GAP > slot) {
    drawHorizontalBars(canvas, points, options);
    return;
  }
  drawVerticalChart(canvas, points, options, 'bar');
}

/** Draws a line chart at the cursor: axes, round ticks, thinned labels, value labels where they fit. */
export function drawLineChart(canvas: ReportCanvas, series: readonly ChartPoint[], options: ChartOptions): void {
  drawVerticalChart(canvas, clean(series), options, 'line');
}

function clean(series: readonly ChartPoint[]): ChartPoint[] {
  return series.map((p) => ({ label: p.label, value: Number.isFinite(p.value) ? p.value : 0 }));
}

function drawTitle(canvas: ReportCanvas, options: ChartOptions, bodyHeight: number): void {
  const titleHeight = canvas.lineHeight(TYPE.body) + (options.valueLabel === undefined ? 2 : canvas.lineHeight(TYPE.chart));
  canvas.ensureSpace(titleHeight + bodyHeight + 12);
  canvas.y += canvas.atPageTop ? 0 : 4;
  canvas.drawLabel(options.title, canvas.left, canvas.y, { size: TYPE.body, weight: 'bold', maxWidth: canvas.width });
  canvas.y += canvas.lineHeight(TYPE.body);
  if (options.valueLabel !== undefined) {
    canvas.drawLabel(options.valueLabel, canvas.left, canvas.y, { size: TYPE.chart, maxWidth: canvas.width, color: COLOUR.muted });
    canvas.y += canvas.lineHeight(TYPE.chart);
  }
  canvas.y += 2;
}

function drawNoData(canvas: ReportCanvas, options: ChartOptions): void {
  const height = 40;
  drawTitle(canvas, options, height);
  const doc = canvas.doc;
  doc.save().rect(canvas.left, canvas.y, canvas.width, height).lineWidth(0.6).strokeColor(COLOUR.rule).stroke().restore();
  canvas.drawLabel('no data', canvas.left + canvas.width / 2, canvas.y + height / 2 - TYPE.body * 0.7, { size: TYPE.body, maxWidth: canvas.width, align: 'center', color: COLOUR.muted });
  canvas.y += height + 12;
}

function drawVerticalChart(canvas: ReportCanvas, points: ChartPoint[], options: ChartOptions, kind: 'bar' | 'line'): void {
  if (points.length === 0) {
    drawNoData(canvas, options);
    return;
  }
  const doc = canvas.doc;
  const size = TYPE.chart;
  const lineHeight = canvas.lineHeight(size);
  const scale = niceScale(points.map((p) => p.value));
  const tickLabels = scale.ticks.map(formatNumber);
  const axisWidth = Math.max(...tickLabels.map((t) => canvas.textWidth(t, size))) + LABEL_GAP;
  drawTitle(canvas, options, PLOT_HEIGHT + 2 * lineHeight);

  const plotLeft = canvas.left + axisWidth;
  const plotRight = canvas.right;
  const plotTop = canvas.y + lineHeight;
  const plotBottom = plotTop + PLOT_HEIGHT;
  const yOf = (v: number): number => plotBottom - ((v - scale.min) / (scale.max - scale.min)) * PLOT_HEIGHT;

  scale.ticks.forEach((tick, i) => {
    const y = yOf(tick);
    doc.save().moveTo(plotLeft, y).lineTo(plotRight, y).lineWidth(0.4).strokeColor(tick === 0 ? COLOUR.rule : COLOUR.grid).stroke().restore();
    canvas.drawLabel(tickLabels[i] as string, plotLeft - LABEL_GAP, y - size * 0.7, { size, maxWidth: axisWidth, align: 'right', color: COLOUR.muted });
  });
  doc.save().moveTo(plotLeft, plotTop).lineTo(plotLeft, plotBottom).lineTo(plotRight, plotBottom).lineWidth(0.8).strokeColor(COLOUR.muted).stroke().restore();

  const slot = (plotRight - plotLeft) / points.length;
  const xOf = (i: number): number => plotLeft + slot * (i + 0.5);
  const valueLabels = points.map((p) => formatNumber(p.value));
  const valueFits = valueLabels.every((label) => canvas.textWidth(label, size) + 2 <= slot);
  const peak = points.reduce((best, p, i) => (p.value > (points[best] as ChartPoint).value ? i : best), 0);

  if (kind === 'bar') {
    const barWidth = Math.min(48, Math.max(0.5, slot * 0.7));
    points.forEach((p, i) => {
      const top = yOf(Math.max(p.value, 0));
      const base = yOf(Math.min(p.value, 0));
      if (base - top > 0) doc.save().rect(xOf(i) - barWidth / 2, top, barWidth, base - top).fill(COLOUR.accent).restore();
    });
  } else {
    doc.save().lineWidth(1.4).strokeColor(COLOUR.accent).lineJoin('round');
    points.forEach((p, i) => (i === 0 ? doc.moveTo(xOf(i), yOf(p.value)) : doc.lineTo(xOf(i), yOf(p.value))));
    doc.stroke().restore();
    if (points.length <= 60) points.forEach((p, i) => doc.save().circle(xOf(i), yOf(p.value), 1.8).fill(COLOUR.accent).restore());
  }
  points.forEach((p, i) => {
    // Every value when they fit in their slots; otherwise the peak and the last value only.
    if (valueFits || i === peak || i === points.length - 1) {
      canvas.drawLabel(valueLabels[i] as string, xOf(i), yOf(Math.max(p.value, 0)) - lineHeight - 1, { size, maxWidth: Math.max(slot, 60), align: 'center' });
    }
  });
  drawCategoryLabels(canvas, points, { left: plotLeft, slot, top: plotBottom + 3 });
  canvas.y = plotBottom + 3 + lineHeight + 12;
}

/** Labels under the x axis, every n-th one so that they never overlap. */
function drawCategoryLabels(canvas: ReportCanvas, points: ChartPoint[], at: { left: number; slot: number; top: number }): void {
  const size = TYPE.chart;
  const widest = Math.max(...points.map((p) => canvas.textWidth(p.label, size)));
  const every = Math.max(1, Math.ceil((widest + LABEL_GAP) / at.slot));
  const room = every * at.slot - LABEL_GAP;
  points.forEach((p, i) => {
    if (i % every !== 0) return;
    const x = at.left + at.slot * (i + 0.5);
    canvas.drawLabel(p.label, x, at.top, { size, maxWidth: room, align: 'center', color: COLOUR.muted });
  });
}

function drawHorizontalBars(canvas: ReportCanvas, points: ChartPoint[], options: ChartOptions): void {
  const doc = canvas.doc;
  const size = TYPE.chart;
  const lineHeight = canvas.lineHeight(size);
  const barPitch = lineHeight + 4;
  const scale = niceScale(points.map((p) => p.value));
  const labelWidth = Math.min(canvas.width * 0.35, Math.max(...points.map((p) => canvas.textWidth(p.label, size))) + LABEL_GAP);
  const plotLeft = canvas.left + labelWidth;
  const valueRoom = Math.max(...points.map((p) => canvas.textWidth(formatNumber(p.value), size))) + LABEL_GAP;
  const plotRight = canvas.right - valueRoom;
  const height = points.length * barPitch;
  drawTitle(canvas, options, height + 2 * lineHeight);

  const plotTop = canvas.y;
  const plotBottom = plotTop + height;
  const xOf = (v: number): number => plotLeft + ((v - scale.min) / (scale.max - scale.min)) * (plotRight - plotLeft);
  scale.ticks.forEach((tick) => {
    const x = xOf(tick);
    doc.save().moveTo(x, plotTop).lineTo(x, plotBottom).lineWidth(0.4).strokeColor(COLOUR.grid).stroke().restore();
    canvas.drawLabel(formatNumber(tick), x, plotBottom + 3, { size, maxWidth: 60, align: 'center', color: COLOUR.muted });
  });
  doc.save().moveTo(plotLeft, plotTop).lineTo(plotLeft, plotBottom).lineTo(plotRight, plotBottom).lineWidth(0.8).strokeColor(COLOUR.muted).stroke().restore();
  points.forEach((p, i) => {
    const top = plotTop + i * barPitch + 2;
    canvas.drawLabel(p.label, plotLeft - LABEL_GAP, top, { size, maxWidth: labelWidth - LABEL_GAP, align: 'right' });
    const from = xOf(Math.min(p.value, 0));
    const to = xOf(Math.max(p.value, 0));
    if (to - from > 0) doc.save().rect(from, top, to - from, lineHeight).fill(COLOUR.accent).restore();
    canvas.drawLabel(formatNumber(p.value), to + 3, top, { size, maxWidth: valueRoom });
  });
  canvas.y = plotBottom + 3 + lineHeight + 12;
}
