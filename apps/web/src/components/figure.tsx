import { Text } from '@mantine/core';

/** A count large, what it counts small beneath: the figures of a summary card. */
export function Figure({ n, label, color }: { n: number; label: string; color?: string }) {
  return (
    <div>
      <Text fz={28} fw={700} c={color} lh={1.1}>
        {n}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </div>
  );
}
