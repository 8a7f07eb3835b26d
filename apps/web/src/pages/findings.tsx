import { AnchorLink } from '../components/links';
import {
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { SeverityBadge, SeverityCounts } from '../components/severity';
import { Empty, Failed, Loading } from '../components/states';
import { explain } from '../lib/errors';
import { activeFilters, type FindingsSearch, toFindingFilter } from '../lib/findings-search';
import { plural, relativeTime, resourceLabel, SEVERITIES, type SeverityName } from '../lib/format';
import { downloadFindingsCsv } from '../api/download';
import { findingsCountQuery, findingsGroupsQuery, findingsPageQuery } from './findings.data';

const route = getRouteApi('/app/findings');
const ROW_HEIGHT = 44;

export function FindingsPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/findings' });
  const set = (patch: Partial<FindingsSearch>) =>
    void navigate({ search: (prev: FindingsSearch) => ({ ...prev, ...patch }), replace: true });
  const [exporting, setExporting] = useState(false);
  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadFindingsCsv(toFindingFilter(search));
    } catch (err) {
      notifications.show({ color: 'red', ...explain(err) });
    } finally {
      setExporting(false);
    }
  };
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1}>Findings</Title>
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            aria-label="Group by"
            value={search.group ?? 'none'}
            onChange={(v) => set({ group: v === 'none' ? undefined : (v as FindingsSearch['group']) })}
            data={[
              { value: 'none', label: 'List' },
              { value: 'rule', label: 'By rule' },
              { value: 'namespace', label: 'By namespace' },
              { value: 'workload', label: 'By workload' },
            ]}
          />
          <Button size="xs" variant="default" onClick={() => void exportCsv()} loading={exporting}>
            Export CSV
          </Button>
        </Group>
      </Group>
      <Filters search={search} set={set} />
      {search.group ? <Groups search={search} set={set} /> : <Rows search={search} />}
    </Stack>
  );
}

type Options = { clusters: { id: string; name: string }[]; rules: { id: string; title: string; practice: string }[] };

/** The options the filters offer come with the page's data (one request); until then, none. */
function useOptions(search: FindingsSearch): Options {
  const rows = useInfiniteQuery({ ...findingsPageQuery(search), enabled: !search.group });
  const groups = useQuery({ ...findingsGroupsQuery(search), enabled: Boolean(search.group) });
  const first = search.group ? groups.data : rows.data?.pages[0];
  const last = useRef<Options>({ clusters: [], rules: [] });
  if (first?.clusters && first.rules) last.current = { clusters: first.clusters, rules: first.rules };
  return last.current;
}

function Filters({ search, set }: { search: FindingsSearch; set: (p: Partial<FindingsSearch>) => void }) {
  const options = useOptions(search);
  const [q, setQ] = useState(search.q ?? '');
  const pushQ = useDebouncedCallback((v: string) => set({ q: v.trim() || undefined }), 300);
  useEffect(() => setQ(search.q ?? ''), [search.q]);
  const practices = [...new Set(options.rules.map((r) => r.practice))].sort();
  const tri = (v: boolean | undefined) => (v === undefined ? 'any' : v ? 'yes' : 'no');
  const fromTri = (v: string | null) => (v === 'yes' ? true : v === 'no' ? false : undefined);
  const n = activeFilters(search);
  return (
    <Paper withBorder p="sm">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="xs" verticalSpacing="xs">
        <TextInput
          label="Resource name"
          placeholder="contains…"
          value={q}
          onChange={(e) => (setQ(e.currentTarget.value), pushQ(e.currentTarget.value))}
        />
        <MultiSelect
          label="Cluster"
          placeholder="any"
          searchable
          data={options.clusters.map((c) => ({ value: c.id, label: c.name }))}
          value={search.cluster ?? []}
          onChange={(v) => set({ cluster: v.length ? v : undefined })}
        />
        <TagsInput
          label="Namespace"
          placeholder="any (type, then Enter)"
          value={search.namespace ?? []}
          onChange={(v) => set({ namespace: v.length ? v : undefined })}
        />
        <Select
          label="Severity"
          placeholder="any"
          clearable
          data={SEVERITIES.map((s) => ({ value: s, label: s === 'INFO' ? 'INFO' : `${s} and above` }))}
          value={search.severity ?? null}
          onChange={(v) => set({ severity: (v as SeverityName | null) ?? undefined })}
        />
        <MultiSelect
          label="Rule"
          placeholder="any"
          searchable
          data={options.rules.map((r) => ({ value: r.id, label: r.title }))}
          value={search.rule ?? []}
          onChange={(v) => set({ rule: v.length ? v : undefined })}
        />
        <MultiSelect
          label="Practice"
          placeholder="any"
          data={practices}
          value={search.practice ?? []}
          onChange={(v) => set({ practice: v.length ? v : undefined })}
        />
        <Group grow gap="xs" align="flex-end">
          <Select
            label="Status"
            data={[
              { value: 'OPEN', label: 'Open' },
              { value: 'RESOLVED', label: 'Resolved' },
            ]}
            value={search.status ?? 'OPEN'}
            allowDeselect={false}
            onChange={(v) => set({ status: v === 'RESOLVED' ? 'RESOLVED' : undefined })}
          />
          <Select
            label="Excepted"
            data={['any', 'yes', 'no']}
            value={tri(search.excepted)}
            allowDeselect={false}
            onChange={(v) => set({ excepted: fromTri(v) })}
          />
        </Group>
        <Group grow gap="xs" align="flex-end">
          <Select
            label="Platform"
            data={['any', 'yes', 'no']}
            value={tri(search.platform)}
            allowDeselect={false}
            onChange={(v) => set({ platform: fromTri(v) })}
          />
          <Button
            variant="subtle"
            disabled={n === 0}
            onClick={() =>
              set({ ...Object.fromEntries(Object.keys(search).map((k) => [k, undefined])), group: search.group })
            }
          >
            Clear {n > 0 ? `(${n})` : ''}
          </Button>
        </Group>
      </SimpleGrid>
    </Paper>
  );
}

function Rows({ search }: { search: FindingsSearch }) {
  const query = useInfiniteQuery(findingsPageQuery(search));
  const rows = query.data?.pages.flatMap((p) => p.findings.edges.map((e) => e.node)) ?? [];
  // Counted once the rows are on screen: a count of a million rows must not slow their first paint.
  const count = useQuery({ ...findingsCountQuery(search), enabled: !query.isPending });
  const more = query.hasNextPage;
  const clusters = new Map(query.data?.pages[0]?.clusters?.map((c) => [c.id, c.name]));
  const titles = new Map(query.data?.pages[0]?.rules?.map((r) => [r.id, r.title]));
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Rows have a fixed height: no synchronous re-render per scroll event is needed (70 ms of the first paint).
    useFlushSync: false,
    // The first render already has rows to show, before the scroller is measured.
    initialRect: { width: 1200, height: 600 },
  });
  const items = virtual.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  // Fetch ahead: the next page is asked for while a screenful of rows is still left.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= rows.length - 60) void fetchNextPage();
  }, [lastIndex, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (query.isPending) return <Loading label="Loading findings" rows={8} />;
  if (query.error) return <Failed error={query.error} retry={() => void query.refetch()} />;
  if (rows.length === 0)
    return (
      <Empty title={activeFilters(search) > 0 ? 'No finding matches these filters' : 'No open finding'}>
        {activeFilters(search) > 0
          ? 'Widen the filters, or clear them.'
          : 'Every rule passes on every cluster, or no cluster has reported yet.'}
      </Empty>
    );
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <Paper withBorder>
      <Group justify="space-between" px="sm" py={6}>
        <Text size="sm" c="dimmed" data-testid="findings-total" aria-live="polite">
          {count.data !== undefined
            ? plural(count.data, 'finding')
            : `${rows.length.toLocaleString('en')}${more ? '+' : ''} ${rows.length === 1 && !more ? 'finding' : 'findings'}`}
        </Text>
        {isFetchingNextPage && (
          <Text size="xs" c="dimmed">
            loading more…
          </Text>
        )}
      </Group>
      <Box
        ref={scroller}
        style={{ height: 'calc(100vh - 330px)', minHeight: 360, overflow: 'auto' }}
        tabIndex={0}
        aria-label="Findings table"
      >
        <Table stickyHeader highlightOnHover miw={860} aria-rowcount={(count.data ?? rows.length) + 1} layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={100}>Severity</Table.Th>
              <Table.Th>Rule</Table.Th>
              <Table.Th>Resource</Table.Th>
              <Table.Th w={150}>Cluster</Table.Th>
              <Table.Th w={130}>First seen</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {padTop > 0 && (
              <tr aria-hidden>
                <td colSpan={5} style={{ height: padTop, padding: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const f = rows[item.index]!;
              return (
                <Table.Tr key={f.id} h={ROW_HEIGHT} aria-rowindex={item.index + 2}>
                  <Table.Td>
                    <SeverityBadge severity={f.severity} />
                  </Table.Td>
                  <Table.Td style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                    <AnchorLink to="/findings/$findingId" params={{ findingId: f.id }} size="sm">
                      {titles.get(f.ruleId) ?? f.ruleId}
                    </AnchorLink>
                    {f.excepted && (
                      <Badge size="xs" variant="light" color="grape" ml={6}>
                        accepted
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                    <Text size="sm" ff="monospace" span title={resourceLabel(f.resource)}>
                      {resourceLabel(f.resource)}
                      {f.container ? ` · ${f.container}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                    {clusters.get(f.clusterId) ?? '—'}
                  </Table.Td>
                  <Table.Td>{relativeTime(f.firstSeenAt)}</Table.Td>
                </Table.Tr>
              );
            })}
            {padBottom > 0 && (
              <tr aria-hidden>
                <td colSpan={5} style={{ height: padBottom, padding: 0 }} />
              </tr>
            )}
          </Table.Tbody>
        </Table>
      </Box>
    </Paper>
  );
}

function Groups({ search, set }: { search: FindingsSearch; set: (p: Partial<FindingsSearch>) => void }) {
  const query = useQuery(findingsGroupsQuery(search));
  if (query.isPending) return <Loading label="Loading groups" rows={6} />;
  if (query.error) return <Failed error={query.error} retry={() => void query.refetch()} />;
  const { groups, totalGroups, totalFindings } = query.data.findingGroups;
  const titles = new Map(query.data.rules.map((r) => [r.id, r.title]));
  const clusters = new Map(query.data.clusters.map((c) => [c.id, c.name]));
  if (groups.length === 0)
    return <Empty title="No finding matches these filters">Widen the filters, or clear them.</Empty>;
  // A group opens as the list, filtered to it.
  const drill = (g: (typeof groups)[number]): Partial<FindingsSearch> =>
    search.group === 'rule'
      ? { group: undefined, rule: [g.key] }
      : search.group === 'namespace'
        ? { group: undefined, namespace: g.namespace ? [g.namespace] : undefined }
        : {
            group: undefined,
            cluster: g.clusterId ? [g.clusterId] : undefined,
            namespace: g.namespace ? [g.namespace] : undefined,
            q: g.name ?? undefined,
          };
  const label = (g: (typeof groups)[number]) =>
    search.group === 'rule'
      ? (titles.get(g.key) ?? g.key)
      : search.group === 'namespace'
        ? g.namespace || '(cluster-scoped)'
        : `${resourceLabel({ kind: g.kind ?? '', namespace: g.namespace, name: g.name ?? '' })} · ${clusters.get(g.clusterId ?? '') ?? ''}`;
  return (
    <Paper withBorder>
      <Text size="sm" c="dimmed" px="sm" py={6}>
        {plural(totalFindings, 'finding')} in {plural(totalGroups, 'group')}
        {totalGroups > groups.length ? ` (the ${groups.length} most severe shown)` : ''}
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={100}>Highest</Table.Th>
              <Table.Th>
                {search.group === 'rule' ? 'Rule' : search.group === 'namespace' ? 'Namespace' : 'Workload'}
              </Table.Th>
              <Table.Th>By severity</Table.Th>
              <Table.Th ta="right">Findings</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.map((g) => (
              <Table.Tr key={g.key}>
                <Table.Td>
                  <SeverityBadge severity={g.highest} />
                </Table.Td>
                <Table.Td>
                  <Anchor component="button" type="button" size="sm" onClick={() => set(drill(g))}>
                    {label(g)}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <SeverityCounts counts={g.counts} compact />
                </Table.Td>
                <Table.Td ta="right">{g.total.toLocaleString('en')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
