import { Badge, Group } from '@mantine/core';
import { type Counts, countOf, SEVERITIES, SEVERITY_COLOR, SEVERITY_TEXT, type SeverityName } from '../lib/format';

export function SeverityBadge({ severity }: { severity: SeverityName }) {
  return (
    <Badge color={SEVERITY_COLOR[severity]} c={SEVERITY_TEXT[severity]} variant="filled" radius="sm" size="sm" miw={78}>
      {severity}
    </Badge>
  );
}

/** Counts per severity as small badges; zeros faded so the eye goes to what is there. */
export function SeverityCounts({ counts, compact = false }: { counts: Counts; compact?: boolean }) {
  return (
    <Group gap={4} wrap="nowrap">
      {SEVERITIES.filter((s) => !compact || s !== 'INFO').map((s) => {
        const n = countOf(counts, s);
        return (
          // The browser's own tooltip (title): a list of 50 clusters renders 250 of these.
          <Badge
            key={s}
            title={`${n} ${s.toLowerCase()}`}
            color={n > 0 ? SEVERITY_COLOR[s] : 'gray'}
            c={n > 0 ? SEVERITY_TEXT[s] : undefined}
            variant={n > 0 ? 'filled' : 'outline'}
            radius="sm"
            size="sm"
            aria-label={`${n} ${s.toLowerCase()}`}
          >
            {compact ? n : `${s.slice(0, 1)} ${n}`}
          </Badge>
        );
      })}
    </Group>
  );
}
