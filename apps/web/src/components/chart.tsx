import { Box, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

// ECharts is loaded with the first chart, after the page's data: never on the first paint's path.
const loadCharts = () => import('./echarts');

/**
 * A chart drawn by ECharts; `label` and `summary` say in words what it shows, for screen readers
 * (a canvas says nothing).
 */
export function Chart({
  option,
  height = 220,
  label,
  summary,
}: {
  option: EChartsCoreOption;
  height?: number;
  label: string;
  summary: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let disposed = false;
    let dispose: (() => void) | undefined;
    // Drawn when the browser is idle: the page's figures and tables paint first.
    const idle = (run: () => void) =>
      'requestIdleCallback' in window ? window.requestIdleCallback(run, { timeout: 500 }) : setTimeout(run, 0);
    loadCharts().then(
      ({ draw }) =>
        idle(() => {
          if (!disposed && ref.current) dispose = draw(ref.current, option);
        }),
      // A chunk that did not load (a new release replaced it, the network dropped): say so in place.
      () => setFailed(true),
    );
    return () => {
      disposed = true;
      dispose?.();
    };
  }, [option]);
  if (failed)
    return (
      <Text size="sm" c="dimmed">
        The chart could not be drawn (reload the page): {summary}.
      </Text>
    );
  return (
    <Box role="img" aria-label={`${label}: ${summary}`}>
      <div ref={ref} style={{ height, width: '100%' }} data-chart={label} />
    </Box>
  );
}
