import { barChart, roundUp } from './bar-chart';

describe('barChart', () => {
  it('scales the bars to a round top, tallest bar reaching it', () => {
    const chart = barChart([
      { label: 'janv.', count: 0 },
      { label: 'févr.', count: 7 },
      { label: 'mars', count: 3 },
    ]);
    expect(chart.ticks.map((tick) => tick.value)).toEqual([0, 5, 10]);
    const [empty, tallest, third] = chart.bars;
    expect(empty.height).toBe(0);
    expect(tallest.height).toBeCloseTo((chart.baseline - chart.ticks[2].y) * 0.7);
    expect(third.height / tallest.height).toBeCloseTo(3 / 7);
    for (const bar of chart.bars) expect(bar.y + bar.height).toBeCloseTo(chart.baseline, 0);
  });

  it('keeps every bar inside the drawing, side by side', () => {
    const chart = barChart(Array.from({ length: 12 }, (_, i) => ({ label: `m${i}`, count: i })));
    expect(chart.bars[0].x).toBeGreaterThanOrEqual(chart.left);
    expect(chart.bars[11].x + chart.bars[11].width).toBeLessThanOrEqual(chart.right);
    for (let i = 1; i < 12; i++) expect(chart.bars[i].x).toBeGreaterThan(chart.bars[i - 1].x + chart.bars[i - 1].width);
  });

  it('draws an empty year on a scale of one', () => {
    const chart = barChart([{ label: 'déc.', count: 0 }]);
    expect(chart.ticks.map((tick) => tick.value)).toEqual([0, 1]);
  });
});

describe('roundUp', () => {
  it('reads in 1, 2, 5 steps', () => {
    expect([0, 1, 2, 3, 6, 11, 20, 21, 99, 101].map(roundUp)).toEqual([1, 1, 2, 5, 10, 20, 20, 50, 100, 200]);
  });
});
