import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type EChartsCoreOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only the parts the console draws: the bundle stays small.
use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/** Draws into `el`, following its size; returns how to dispose of it. */
export function draw(el: HTMLElement, option: EChartsCoreOption): () => void {
  const chart = init(el, undefined, { renderer: 'canvas' });
  chart.setOption(option);
  const resize = new ResizeObserver(() => chart.resize());
  resize.observe(el);
  return () => {
    resize.disconnect();
    chart.dispose();
  };
}
