import { AnchorLink, ButtonLink } from '../components/links';
import { Badge, Card, Group, Paper, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Chart } from '../components/chart';
import { Figure } from '../components/figure';
import { SeverityBadge, SeverityCounts } from '../components/severity';
import { Empty, Failed, Loading } from '../components/states';
import { allows, viewerQuery } from '../api/session';
import { formatScore, plural, relativeTime, scoreColor, SEVERITIES, SEVERITY_COLOR, totalOf } from '../lib/format';
import { overviewQuery } from './overview.data';
import { RegisterCluster } from './register-cluster';

export function OverviewPage() {
  const { data, error, refetch, isPending } = useQuery(overviewQuery());
  const { data: viewer } = useQuery(viewerQuery);
  const trendOption = useMemo(() => (data ? trendChart(data.postureOverview.trend) : null), [data]);
  if (isPending) return <Loading label="Loading the overview" />;
  if (error) return <Failed error={error} retry={() => void refetch()} />;
  const o = data.postureOverview;
  const titles = new Map(data.rules.map((r) => [r.id, r.title]));
  const canRegister = allows(viewer?.current?.role, 'ADMIN');
  if (o.clusters.length === 0)
    return (
      <Stack>
        <Title order={1}>Overview</Title>
        <Empty title="No cluster reports here yet" action={canRegister ? <RegisterCluster /> : undefined}>
          {canRegister
            ? 'Register a cluster and install its agent: its posture appears here within a minute.'
            : 'An admin of your organisation registers clusters; their posture appears here once their agents report.'}
        </Empty>
      </Stack>
    );
  const open = totalOf(o.counts);
  const stale = o.clusters.filter((c) => c.cluster.stale).length;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1}>Overview</Title>
        {canRegister && <RegisterCluster />}
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }}>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Posture score
          </Text>
          <Text fz={36} fw={700} c={scoreColor(o.score)} data-testid="org-score">
            {formatScore(o.score)}
          </Text>
          <Text size="xs" c="dimmed">
            mean of {plural(o.clusters.filter((c) => c.score !== null).length, 'cluster')}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Open findings
          </Text>
          <Text fz={36} fw={700}>
            <AnchorLink to="/findings" search={{}} inherit underline="hover" c="inherit">
              {open.toLocaleString('en')}
            </AnchorLink>
          </Text>
          <SeverityCounts counts={o.counts} compact />
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Last 24 hours
          </Text>
          <Group gap="lg" mt={6}>
            <Figure label="opened" n={o.changes.opened} color={o.changes.opened > 0 ? 'red' : undefined} />
            <Figure label="resolved" n={o.changes.resolved} color={o.changes.resolved > 0 ? 'teal' : undefined} />
            <Figure label="reopened" n={o.changes.reopened} color={o.changes.reopened > 0 ? 'orange' : undefined} />
          </Group>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Clusters
          </Text>
          <Text fz={36} fw={700}>
            {o.clusters.length}
          </Text>
          <Text size="xs" c={stale > 0 ? 'orange.8' : 'dimmed'}>
            {stale > 0 ? `${plural(stale, 'cluster')} not reporting` : 'all reporting'}
          </Text>
        </Card>
      </SimpleGrid>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Score and open findings, last 30 days
        </Title>
        {o.trend.length > 0 && trendOption ? (
          <Chart
            option={trendOption}
            label="Posture trend"
            summary={`score from ${formatScore(o.trend[0]!.score)} to ${formatScore(o.trend.at(-1)!.score)} over ${plural(o.trend.length, 'day')}`}
          />
        ) : (
          <Text c="dimmed" size="sm">
            The trend starts with the first evaluation.
          </Text>
        )}
      </Paper>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Clusters, lowest score first
          </Title>
          <Table.ScrollContainer minWidth={480}>
            <Table highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Cluster</Table.Th>
                  <Table.Th>Score</Table.Th>
                  <Table.Th>Open</Table.Th>
                  <Table.Th>Last evaluation</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {o.clusters.map((c) => (
                  <Table.Tr key={c.cluster.id}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <AnchorLink to="/clusters/$clusterId" params={{ clusterId: c.cluster.id }} fw={500}>
                          {c.cluster.name}
                        </AnchorLink>
                        {c.cluster.stale && (
                          <Tooltip
                            label={`No report since ${relativeTime(c.cluster.lastSnapshotAt ?? c.cluster.lastHeartbeatAt)}: the posture shown may be out of date.`}
                          >
                            <Badge color="orange" variant="light" size="xs">
                              stale
                            </Badge>
                          </Tooltip>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text fw={600} c={scoreColor(c.score)}>
                        {formatScore(c.score)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <SeverityCounts counts={c.counts} compact />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{c.lastEvaluatedAt ? relativeTime(c.lastEvaluatedAt) : 'not yet'}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
        <Paper withBorder p="md">
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h4">
              Rules failing on most resources
            </Title>
            <ButtonLink to="/findings" search={{ group: 'rule' }} variant="subtle" size="compact-sm">
              All rules
            </ButtonLink>
          </Group>
          {o.topRules.groups.length === 0 ? (
            <Text c="dimmed" size="sm">
              No open finding: every rule passes.
            </Text>
          ) : (
            <Table>
              <Table.Tbody>
                {o.topRules.groups.map((g) => (
                  <Table.Tr key={g.key}>
                    <Table.Td w={90}>
                      <SeverityBadge severity={g.highest} />
                    </Table.Td>
                    <Table.Td>
                      <AnchorLink to="/findings" search={{ rule: [g.key] }} size="sm">
                        {titles.get(g.key) ?? g.key}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm" fw={600}>
                        {plural(g.total, 'resource')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}

type TrendPoint = {
  day: string;
  score: number;
  counts: Record<'critical' | 'high' | 'medium' | 'low' | 'info', number>;
};

/** Score as a line over stacked bars of open findings, per day. */
function trendChart(trend: TrendPoint[]) {
  const css = (c: string) => {
    const [hue, shade] = c.split('.');
    return getComputedStyle(document.documentElement)
      .getPropertyValue(`--mantine-color-${hue}-${shade ?? 6}`)
      .trim();
  };
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 40, right: 40, top: 10, bottom: 50 },
    xAxis: { type: 'category', data: trend.map((p) => p.day.slice(0, 10)) },
    yAxis: [
      { type: 'value', name: 'score', min: 0, max: 100 },
      { type: 'value', name: 'open', splitLine: { show: false } },
    ],
    series: [
      ...SEVERITIES.filter((s) => s !== 'INFO').map((s) => ({
        name: s.toLowerCase(),
        type: 'bar',
        stack: 'open',
        yAxisIndex: 1,
        itemStyle: { color: css(SEVERITY_COLOR[s]) },
        data: trend.map((p) => p.counts[s.toLowerCase() as keyof TrendPoint['counts']]),
      })),
      {
        name: 'score',
        type: 'line',
        yAxisIndex: 0,
        smooth: true,
        data: trend.map((p) => p.score),
        lineStyle: { width: 3 },
      },
    ],
  };
}
