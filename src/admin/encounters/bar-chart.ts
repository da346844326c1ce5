/** A bar of the chart, in the SVG's own units (its viewBox), with its value and label placed. */
export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  count: number;
  label: string;
  /** The middle of the bar, where its label and value are centred. */
  middle: number;
  /** The baseline of the value written above the bar. */
  valueY: number;
}

export interface Chart {
  width: number;
  height: number;
  /** Where the bars stand, and the left and right ends of the axis. */
  baseline: number;
  left: number;
  right: number;
  labelY: number;
  bars: Bar[];
  /** Horizontal guide lines with their value, from 0 to the top of the scale. */
  ticks: { y: number; value: number }[];
}

const WIDTH = 640;
const HEIGHT = 260;
const LEFT = 44;
const RIGHT = 8;
const TOP = 24;
const BOTTOM = 40;
/** The share of each month's slot a bar fills; the rest is the gap between bars. */
const BAR_SHARE = 0.7;

/** Coordinates to a tenth of a unit: enough for a screen, short in the page. */
const tenth = (value: number) => Math.round(value * 10) / 10;

/** The smallest of 1, 2, 5, 10, 20, 50... at or above `value`, so that the scale reads in round numbers. */
export function roundUp(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((step) => step >= value)!;
}

/** A bar chart of counts, one bar per label, drawn by the server as SVG (no script): the geometry of each shape. */
export function barChart(points: { label: string; count: number }[]): Chart {
  const top = roundUp(Math.max(0, ...points.map((point) => point.count)));
  const baseline = HEIGHT - BOTTOM;
  const scale = (baseline - TOP) / top;
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(points.length, 1);
  const width = slot * BAR_SHARE;
  const bars = points.map(({ label, count }, index) => {
    const height = count * scale;
    const x = LEFT + index * slot + (slot - width) / 2;
    return {
      x: tenth(x),
      y: tenth(baseline - height),
      width: tenth(width),
      height: tenth(height),
      count,
      label,
      middle: tenth(x + width / 2),
      valueY: tenth(baseline - height - 6),
    };
  });
  const ticks = [0, top / 2, top]
    .filter((value) => Number.isInteger(value))
    .map((value) => ({ value, y: tenth(baseline - value * scale) }));
  return { width: WIDTH, height: HEIGHT, baseline, left: LEFT, right: WIDTH - RIGHT, labelY: HEIGHT - 12, bars, ticks };
}
