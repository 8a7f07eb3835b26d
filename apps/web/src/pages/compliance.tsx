import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Drawer,
  Group,
  Menu,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { Fragment, useMemo, useState } from 'react';
import { download } from '../api/download';
import { Chart } from '../components/chart';
import { Figure } from '../components/figure';
import { AnchorLink, ButtonLink } from '../components/links';
import { Page } from '../components/page';
import { SeverityBadge } from '../components/severity';
import { Empty, Failed, Loading } from '../components/states';
import { type ComplianceSearch, DEFAULT_FRAMEWORK, today } from '../lib/compliance-search';
import { explain } from '../lib/errors';
import { exactTime, plural, resourceLabel, scoreColor } from '../lib/format';
import type { ComplianceQuery } from '../gql/graphql';
import { complianceArgs, complianceQuery, controlFindingsQuery } from './compliance.data';

const route = getRouteApi('/app/compliance');

type Report = ComplianceQuery['complianceReport'];
type ControlResult = Report['controls'][number];
type Status = ControlResult['status'];

/** Each status's badge: a fill and the text colour that reads on it at WCAG AA. */
const STATUS: Record<Status, { label: string; color: string; text: 'white' | 'black' }> = {
  FAIL: { label: 'Fail', color: 'red.9', text: 'white' },
  ACCEPTED_RISK: { label: 'Accepted risk', color: 'orange.7', text: 'black' },
  NOT_EVALUABLE: { label: 'Not evaluable', color: 'gray.7', text: 'white' },
  PASS: { label: 'Pass', color: '#066649', text: 'white' },
  MANUAL: { label: 'Manual', color: 'gray.3', text: 'black' },
};

function StatusBadge({ status }: { status: Status }) {
  const s = STATUS[status];
  return (
    <Badge color={s.color} c={s.text} variant="filled" radius="sm" size="sm" miw={110}>
      {s.label}
    </Badge>
  );
}

const EXPORTS = [
  { format: 'pdf', label: 'PDF, for auditors' },
  { format: 'csv', label: 'CSV, for spreadsheets' },
  { format: 'oscal.json', label: 'OSCAL Assessment Results (JSON)' },
] as const;

export function CompliancePage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/compliance' });
  const set = (patch: Partial<ComplianceSearch>) =>
    void navigate({ search: (prev: ComplianceSearch) => ({ ...prev, ...patch }), replace: true });
  // While another framework, cluster or day loads, the previous one stays on screen.
  const { data, error, isPending, isFetching, refetch } = useQuery({
    ...complianceQuery(search),
    placeholderData: keepPreviousData,
  });
  const trendOption = useMemo(() => (data ? trendChart(data.complianceTrend) : null), [data]);
  const [exporting, setExporting] = useState<string | null>(null);
  const exportAs = async (format: string) => {
    if (!data) return;
    setExporting(format);
    // The report on screen, to the millisecond of its moment: the same file whenever it is asked for.
    const args = complianceArgs(search);
    const query = new URLSearchParams({ framework: data.complianceReport.framework.id, at: data.complianceReport.at });
    if (args.clusterIds) query.set('clusterIds', args.clusterIds.join(','));
    try {
      await download(`/exports/compliance.${format}?${query}`, `compliance.${format}`);
    } catch (err) {
      notifications.show({ color: 'red', ...explain(err) });
    } finally {
      setExporting(null);
    }
  };
  const selected = data?.complianceReport.controls.find((c) => c.control.id === search.control);
  return (
    <Page
      title="Compliance"
      description="A framework’s controls over your clusters, today or as they stood on any day the history keeps."
      action={
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="default" size="sm" disabled={!data} loading={exporting !== null}>
              Export evidence
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {EXPORTS.map((e) => (
              <Menu.Item key={e.format} onClick={() => void exportAs(e.format)}>
                {e.label}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      }
    >
      <Paper withBorder p="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <Select
            label="Framework"
            allowDeselect={false}
            data={(data?.frameworks ?? []).map((f) => ({ value: f.id, label: `${f.name} ${f.version}` }))}
            value={search.framework ?? DEFAULT_FRAMEWORK}
            onChange={(v) => v && set({ framework: v, control: undefined })}
          />
          <Select
            label="Clusters"
            placeholder="All clusters"
            clearable
            searchable
            data={(data?.clusters ?? []).map((c) => ({ value: c.id, label: c.name }))}
            value={search.cluster ?? null}
            onChange={(v) => set({ cluster: v ?? undefined })}
          />
          <TextInput
            type="date"
            label="As of (end of the UTC day)"
            max={today()}
            value={search.day ?? today()}
            onChange={(e) => {
              const v = e.currentTarget.value;
              set({ day: v && v < today() ? v : undefined });
            }}
          />
        </SimpleGrid>
      </Paper>
      {isPending ? (
        <Loading label="Loading the compliance report" />
      ) : error ? (
        <Failed error={error} retry={() => void refetch()} />
      ) : data.clusters.length === 0 ? (
        <Empty title="No cluster to assess yet">
          Register a cluster from the overview: its controls are judged from its first evaluation on.
        </Empty>
      ) : (
        <Stack gap="md" style={{ opacity: isFetching ? 0.6 : 1 }} aria-busy={isFetching}>
          <Summary report={data.complianceReport} />
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">
              Compliance and failing controls, 30 days to {search.day ?? 'today'}
            </Title>
            {trendOption && data.complianceTrend.some((d) => d.summary.percentage !== null) ? (
              <Chart
                option={trendOption}
                label="Compliance trend"
                summary={trendSummary(data.complianceTrend)}
                height={200}
              />
            ) : (
              <Text c="dimmed" size="sm">
                The trend starts with the first evaluation.
              </Text>
            )}
          </Paper>
          <Controls
            controls={data.complianceReport.controls}
            selected={search.control}
            open={(id) => set({ control: id })}
          />
        </Stack>
      )}
      <Drawer
        opened={Boolean(selected)}
        onClose={() => set({ control: undefined })}
        position="right"
        size="xl"
        closeButtonProps={{ 'aria-label': 'Close the control' }}
        title={selected ? `${selected.control.id} ${selected.control.title}` : ''}
      >
        {selected && data && <ControlDetail result={selected} report={data.complianceReport} search={search} />}
      </Drawer>
    </Page>
  );
}

function Summary({ report }: { report: Report }) {
  const s = report.summary;
  const unevaluated = report.clusters.filter((c) => !c.evaluationId);
  return (
    <>
      <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }}>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Compliance
          </Text>
          <Text fz={36} fw={700} c={scoreColor(s.percentage)} data-testid="compliance-percentage">
            {s.percentage === null ? '—' : `${s.percentage}%`}
          </Text>
          <Text size="xs" c="dimmed">
            of the {plural(s.pass + s.acceptedRisk + s.fail, 'evaluable control')}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Controls
          </Text>
          <Group gap="lg" mt={6}>
            <Figure n={s.fail} label="failing" color={s.fail > 0 ? '#a61e1e' : undefined} />
            <Figure n={s.pass} label="passing" />
            <Figure n={s.acceptedRisk} label="accepted risk" />
          </Group>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            Not judged from the clusters
          </Text>
          <Group gap="lg" mt={6}>
            <Figure n={s.notEvaluable} label="not evaluable" />
            <Figure n={s.manual} label="manual" />
          </Group>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            {report.framework.name} {report.framework.version}
          </Text>
          <Text size="sm" mt={6}>
            As of {exactTime(report.at)}
          </Text>
          <Text size="xs" c="dimmed">
            {plural(report.clusters.length - unevaluated.length, 'cluster')} judged ·{' '}
            <Anchor href={report.framework.url} target="_blank" rel="noreferrer" size="xs">
              {report.framework.publisher}
            </Anchor>
          </Text>
        </Card>
      </SimpleGrid>
      {unevaluated.length > 0 && (
        <Alert color="orange" variant="light" title="Not every cluster speaks for this moment">
          {unevaluated.map((c) => c.name).join(', ')} had no evaluation by then:{' '}
          {unevaluated.length === 1 ? 'it is' : 'they are'} left out.
        </Alert>
      )}
    </>
  );
}

/** The controls, by the framework's sections, in its order; a control's id opens it. */
function Controls({
  controls,
  selected,
  open,
}: {
  controls: ControlResult[];
  selected?: string;
  open: (id: string) => void;
}) {
  const groups = new Map<string, ControlResult[]>();
  for (const c of controls) groups.set(c.control.group, [...(groups.get(c.control.group) ?? []), c]);
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={640}>
        <Table highlightOnHover aria-label="Controls">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={170}>Control</Table.Th>
              <Table.Th>Title</Table.Th>
              <Table.Th w={150}>Status</Table.Th>
              <Table.Th w={90} ta="right">
                Failing
              </Table.Th>
              <Table.Th w={90} ta="right">
                Accepted
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...groups].map(([group, list]) => (
              <Fragment key={group}>
                <Table.Tr bg="var(--mantine-color-gray-0)">
                  <Table.Th colSpan={5} scope="colgroup">
                    <Text size="sm" fw={600}>
                      {group}
                    </Text>
                  </Table.Th>
                </Table.Tr>
                {list.map((c) => (
                  <Table.Tr
                    key={c.control.id}
                    bg={c.control.id === selected ? 'var(--mantine-color-blue-light)' : undefined}
                  >
                    <Table.Td>
                      {/* A shade darker than links elsewhere: it stays legible on the selected row's blue. */}
                      <Anchor
                        component="button"
                        type="button"
                        fw={500}
                        size="sm"
                        c="blue.9"
                        onClick={() => open(c.control.id)}
                      >
                        {c.control.id}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{c.control.title}</Text>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={c.status} />
                    </Table.Td>
                    <Table.Td ta="right">
                      {c.failingFindings > 0 ? c.failingFindings.toLocaleString('en') : '—'}
                    </Table.Td>
                    <Table.Td ta="right">
                      {c.acceptedFindings > 0 ? c.acceptedFindings.toLocaleString('en') : '—'}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function ControlDetail({
  result,
  report,
  search,
}: {
  result: ControlResult;
  report: Report;
  search: ComplianceSearch;
}) {
  const names = new Map(report.clusters.map((c) => [c.clusterId, c.name]));
  const ruleIds = result.control.rules.map((r) => r.id);
  const args = complianceArgs(search);
  const withFindings = ruleIds.length > 0 && (result.failingFindings > 0 || result.acceptedFindings > 0);
  const findings = useQuery({
    ...controlFindingsQuery({
      at: report.at,
      clusterIds: args.clusterIds ?? report.clusters.map((c) => c.clusterId),
      ruleIds,
    }),
    enabled: withFindings,
  });
  return (
    <Stack gap="md">
      <Group gap="xs">
        <StatusBadge status={result.status} />
        {result.reason && (
          <Text size="sm" c="dimmed">
            {result.reason}
          </Text>
        )}
      </Group>
      <div>
        <Text size="sm">{result.control.requirement}</Text>
        <Text size="xs" c="dimmed" mt={4}>
          {result.control.source}
        </Text>
      </div>
      {result.control.rules.length > 0 && (
        <div>
          <Title order={3} size="h5" mb={4}>
            Judged by
          </Title>
          <Group gap="xs">
            {result.control.rules.map((r) => (
              <AnchorLink key={r.id} to="/findings" search={{ rule: [r.id] }} size="sm">
                {r.title}
              </AnchorLink>
            ))}
          </Group>
        </div>
      )}
      {result.clusters.length > 1 && (
        <Table aria-label="Per cluster">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Cluster</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Failing</Table.Th>
              <Table.Th ta="right">Accepted</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.clusters.map((c) => (
              <Table.Tr key={c.clusterId}>
                <Table.Td>{names.get(c.clusterId) ?? c.clusterId}</Table.Td>
                <Table.Td>
                  <StatusBadge status={c.status} />
                </Table.Td>
                <Table.Td ta="right">{c.failingFindings}</Table.Td>
                <Table.Td ta="right">{c.acceptedFindings}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {result.acceptedRisks.length > 0 && (
        <div>
          <Title order={3} size="h5" mb={4}>
            Accepted risks
          </Title>
          <Stack gap="xs">
            {result.acceptedRisks.map((x) => (
              <Paper key={x.id} withBorder p="xs">
                <Text size="sm">{x.reason}</Text>
                <Text size="xs" c="dimmed">
                  Owner {x.owner} · covers {x.scope} · expires {exactTime(x.expiresAt)}
                </Text>
              </Paper>
            ))}
          </Stack>
        </div>
      )}
      {withFindings && (
        <div>
          <Group justify="space-between" mb={4}>
            <Title order={3} size="h5">
              Findings as of {exactTime(report.at)}
            </Title>
            {!search.day && (
              <ButtonLink
                to="/findings"
                search={{ rule: ruleIds, cluster: args.clusterIds }}
                variant="subtle"
                size="compact-sm"
              >
                Open in Findings
              </ButtonLink>
            )}
          </Group>
          {findings.isPending ? (
            <Loading rows={3} label="Loading the control’s findings" />
          ) : findings.error ? (
            <Failed error={findings.error} retry={() => void findings.refetch()} />
          ) : (
            <>
              <Table aria-label="Findings of the control">
                <Table.Tbody>
                  {findings.data.findings.edges.map(({ node: f }) => (
                    <Table.Tr key={f.id}>
                      <Table.Td w={90}>
                        <SeverityBadge severity={f.severity} />
                      </Table.Td>
                      <Table.Td>
                        <AnchorLink to="/findings/$findingId" params={{ findingId: f.id }} size="sm">
                          {resourceLabel(f.resource)}
                        </AnchorLink>
                        <Text size="xs" c="dimmed">
                          {names.get(f.clusterId) ?? f.clusterId} · {f.ruleId}
                        </Text>
                      </Table.Td>
                      <Table.Td w={110}>
                        {f.excepted && (
                          <Badge color="orange.7" c="black" variant="filled" size="sm">
                            accepted
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {findings.data.findings.totalCount > findings.data.findings.edges.length && (
                <Text size="xs" c="dimmed" mt={4}>
                  The {findings.data.findings.edges.length} most severe of{' '}
                  {plural(findings.data.findings.totalCount, 'finding')}; the exports list up to 100 per control.
                </Text>
              )}
            </>
          )}
        </div>
      )}
    </Stack>
  );
}

type TrendDay = ComplianceQuery['complianceTrend'][number];

function trendSummary(trend: TrendDay[]): string {
  const known = trend.filter((d) => d.summary.percentage !== null);
  if (known.length === 0) return 'no evaluable control yet';
  return `compliance from ${known[0]!.summary.percentage}% to ${known.at(-1)!.summary.percentage}% over ${plural(trend.length, 'day')}, ${plural(known.at(-1)!.summary.fail, 'failing control')} at the end`;
}

/** Compliance as a line over bars of failing controls, per day. */
function trendChart(trend: TrendDay[]) {
  const red = getComputedStyle(document.documentElement).getPropertyValue('--mantine-color-red-9').trim();
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 40, top: 10, bottom: 50 },
    xAxis: { type: 'category', data: trend.map((d) => d.at.slice(0, 10)) },
    yAxis: [
      { type: 'value', name: '%', min: 0, max: 100 },
      { type: 'value', name: 'failing', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      {
        name: 'failing controls',
        type: 'bar',
        yAxisIndex: 1,
        itemStyle: { color: red },
        data: trend.map((d) => d.summary.fail),
      },
      {
        name: 'compliance %',
        type: 'line',
        yAxisIndex: 0,
        lineStyle: { width: 3 },
        data: trend.map((d) => d.summary.percentage),
      },
    ],
  };
}
