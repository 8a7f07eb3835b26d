import { ShownOnce } from '../components/shown-once';
import { AnchorLink } from '../components/links';
import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Menu,
  Modal,
  Paper,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { gql, gqlPartial } from '../api/client';
import { allows, viewerQuery } from '../api/session';
import { Chart } from '../components/chart';
import { ChangeDiff } from '../components/diff';
import { SeverityBadge, SeverityCounts } from '../components/severity';
import { Empty, Failed, Loading } from '../components/states';
import { graphql } from '../gql';
import {
  countOf,
  exactTime,
  formatScore,
  plural,
  relativeTime,
  resourceLabel,
  scoreColor,
  SEVERITIES,
  SEVERITY_COLOR,
} from '../lib/format';
import { clusterQuery, DriftDocument } from './cluster.data';

const route = getRouteApi('/app/clusters/$clusterId');

export function ClusterPage() {
  const { clusterId } = route.useParams();
  const { evaluation } = route.useSearch();
  const { data, error, isPending, refetch } = useQuery(clusterQuery(clusterId));
  const { data: viewer } = useQuery(viewerQuery);
  const trend = useMemo(
    () =>
      data && data.postureTrend.length > 0
        ? {
            animation: false,
            tooltip: { trigger: 'axis' },
            grid: { left: 40, right: 20, top: 10, bottom: 30 },
            xAxis: { type: 'time' },
            yAxis: { type: 'value', min: 0, max: 100 },
            series: [
              {
                name: 'score',
                type: 'line',
                // A few points are dots: a single one would not show as a line.
                showSymbol: data.postureTrend.length < 30,
                data: data.postureTrend.map((p) => [p.at, p.score]),
              },
            ],
          }
        : null,
    [data],
  );
  if (isPending) return <Loading label="Loading the cluster" />;
  if (error) return <Failed error={error} retry={() => void refetch()} />;
  const c = data.cluster;
  const evaluations = data.evaluations.edges.map((e) => e.node);
  const isAdmin = allows(viewer?.current?.role, 'ADMIN');
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={1}>{c.name}</Title>
            {c.stale && (
              <Badge color="orange" variant="light">
                stale
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            Kubernetes {c.kubernetesVersion ?? 'unknown'} · agent {c.agentVersion ?? 'not reported'} · last report{' '}
            {relativeTime(c.lastSnapshotAt ?? c.lastHeartbeatAt)}
          </Text>
        </Stack>
        <Group gap="md">
          <Stack gap={0} align="flex-end">
            <Text size="xs" c="dimmed">
              Score
            </Text>
            <Text fz={32} fw={700} c={scoreColor(c.currentScore)} lh={1} data-testid="cluster-score">
              {formatScore(c.currentScore)}
            </Text>
          </Stack>
          {isAdmin && <ClusterActions cluster={c} />}
        </Group>
      </Group>
      {c.stale && (
        <Alert color="orange" variant="light" title="This cluster has not reported recently">
          Nothing arrived from its agent since {exactTime(c.lastSnapshotAt ?? c.lastHeartbeatAt ?? c.createdAt)}: what
          is shown may be out of date. Check the agent’s pod, its token and its network path to Kubeward.
        </Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="md" h="100%">
            <Title order={2} size="h4" mb="xs">
              Score, last 14 days
            </Title>
            {trend ? (
              <Chart
                option={trend}
                label="Cluster score trend"
                summary={`from ${formatScore(data.postureTrend[0]!.score)} to ${formatScore(data.postureTrend.at(-1)!.score)}`}
              />
            ) : (
              <Text size="sm" c="dimmed">
                No evaluation in the last 14 days.
              </Text>
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="md" h="100%">
            <Title order={2} size="h4" mb="xs">
              Namespaces, most severe first
            </Title>
            {data.namespaces.groups.length === 0 ? (
              <Text size="sm" c="dimmed">
                No open finding.
              </Text>
            ) : (
              <Table>
                <Table.Tbody>
                  {data.namespaces.groups.map((g) => (
                    <Table.Tr key={g.key}>
                      <Table.Td>
                        <AnchorLink
                          to="/findings"
                          search={g.namespace ? { cluster: [c.id], namespace: [g.namespace] } : { cluster: [c.id] }}
                          size="sm"
                        >
                          {g.namespace ?? '(cluster-scoped)'}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>
                        <SeverityCounts counts={g.counts} compact />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Open findings by practice and severity
        </Title>
        <PracticeMatrix clusterId={c.id} groups={data.practices.groups} />
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Drift timeline
        </Title>
        {evaluations.length === 0 ? (
          <Empty title="No evaluation yet">The first snapshot from this cluster’s agent starts its history.</Empty>
        ) : (
          <Grid>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <ScrollArea.Autosize mah={520}>
                <Stack gap={4} role="list" aria-label="Evaluations, newest first">
                  {evaluations.map((e) => (
                    <EvaluationRow
                      key={e.id}
                      clusterId={c.id}
                      evaluation={e}
                      selected={(evaluation ?? evaluations[0]!.id) === e.id}
                    />
                  ))}
                </Stack>
              </ScrollArea.Autosize>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <EvaluationDrift
                key={evaluation ?? evaluations[0]!.id}
                clusterId={c.id}
                evaluations={evaluations}
                selected={evaluation ?? evaluations[0]!.id}
              />
            </Grid.Col>
          </Grid>
        )}
      </Paper>
    </Stack>
  );
}

type Counts = { critical: number; high: number; medium: number; low: number; info: number };

function PracticeMatrix({
  clusterId,
  groups,
}: {
  clusterId: string;
  groups: { key: string; total: number; counts: Counts }[];
}) {
  if (groups.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No open finding: every practice passes.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table withColumnBorders>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Practice</Table.Th>
            {SEVERITIES.map((s) => (
              <Table.Th key={s} ta="center">
                {s.toLowerCase()}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((g) => (
            <Table.Tr key={g.key}>
              <Table.Td>{g.key}</Table.Td>
              {SEVERITIES.map((s) => {
                const n = countOf(g.counts, s);
                return (
                  <Table.Td key={s} ta="center" bg={n > 0 ? `${SEVERITY_COLOR[s].split('.')[0]}.0` : undefined}>
                    {n > 0 ? (
                      <AnchorLink
                        to="/findings"
                        search={{ cluster: [clusterId], practice: [g.key], severity: s }}
                        fw={600}
                        c="dark.9"
                      >
                        {n}
                      </AnchorLink>
                    ) : (
                      <Text c="dimmed" size="sm" span>
                        0
                      </Text>
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

type EvaluationNode = {
  id: string;
  collectedAt: string;
  score: number;
  opened: number;
  resolved: number;
  reopened: number;
  counts: Counts;
};

function EvaluationRow({
  clusterId,
  evaluation: e,
  selected,
}: {
  clusterId: string;
  evaluation: EvaluationNode;
  selected: boolean;
}) {
  const navigate = useNavigate();
  return (
    <UnstyledButton
      role="listitem"
      aria-current={selected ? 'true' : undefined}
      onClick={() =>
        void navigate({
          to: '/clusters/$clusterId',
          params: { clusterId },
          search: { evaluation: e.id },
          replace: true,
        })
      }
      p={6}
      style={{
        borderRadius: 4,
        border: '1px solid var(--mantine-color-default-border)',
        background: selected ? 'var(--mantine-color-blue-light)' : undefined,
      }}
    >
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" title={exactTime(e.collectedAt)}>
          {exactTime(e.collectedAt)}
        </Text>
        <Group gap={4} wrap="nowrap">
          {e.opened > 0 && (
            <Badge size="sm" color="red" variant="light">
              +{e.opened} opened
            </Badge>
          )}
          {e.reopened > 0 && (
            <Badge size="sm" color="orange" variant="light">
              {e.reopened} reopened
            </Badge>
          )}
          {e.resolved > 0 && (
            <Badge size="sm" color="teal" variant="light">
              −{e.resolved} resolved
            </Badge>
          )}
          <Text size="sm" fw={600} c={scoreColor(e.score)} w={40} ta="right">
            {formatScore(e.score)}
          </Text>
        </Group>
      </Group>
    </UnstyledButton>
  );
}

/** Rows of each list shown before "show all": the first screen stays readable after a big change. */
const SHOWN = 15;

function EvaluationDrift({
  clusterId,
  evaluations,
  selected,
}: {
  clusterId: string;
  evaluations: EvaluationNode[];
  selected: string;
}) {
  const index = evaluations.findIndex((e) => e.id === selected);
  const current = evaluations[index];
  const previous = evaluations[index + 1];
  // What changed since the evaluation before (or, for the first one, everything it found).
  const from = previous?.collectedAt ?? new Date(new Date(current?.collectedAt ?? 0).getTime() - 1).toISOString();
  const drift = useQuery({
    queryKey: ['drift', clusterId, selected],
    enabled: Boolean(current),
    queryFn: ({ signal }) => gql(DriftDocument, { clusterId, from, to: current!.collectedAt }, signal),
  });
  const [all, setAll] = useState(false);
  if (!current) return <Text size="sm">That evaluation is not among the latest 50.</Text>;
  if (drift.isPending) return <Loading rows={3} label="Loading what changed" />;
  if (drift.error) return <Failed error={drift.error} retry={() => void drift.refetch()} />;
  const d = drift.data.drift;
  const changes = [...d.added, ...d.modified, ...d.removed];
  const findings = [
    ...d.opened.map((x) => ({ ...x, change: 'opened' })),
    ...d.reopened.map((x) => ({ ...x, change: 'reopened' })),
    ...d.resolved.map((x) => ({ ...x, change: 'resolved' })),
  ];
  return (
    <Stack gap="sm" aria-live="polite">
      <Text size="sm" fw={500}>
        {exactTime(current.collectedAt)}: {plural(d.counts.opened, 'finding')} opened, {d.counts.reopened} reopened,{' '}
        {d.counts.resolved} resolved; {plural(changes.length, 'object')} changed
        {previous ? ` since ${exactTime(previous.collectedAt)}` : ''}.
      </Text>
      {findings.length > 0 && (
        <Table fz="sm">
          <Table.Tbody>
            {(all ? findings : findings.slice(0, SHOWN)).map((x) => (
              <Table.Tr key={`${x.change}-${x.finding.id}`}>
                <Table.Td w={90}>
                  <Badge
                    size="sm"
                    variant="light"
                    color={x.change === 'resolved' ? 'teal' : x.change === 'opened' ? 'red' : 'orange'}
                  >
                    {x.change}
                  </Badge>
                </Table.Td>
                <Table.Td w={100}>
                  <SeverityBadge severity={x.finding.severity} />
                </Table.Td>
                <Table.Td>
                  <AnchorLink to="/findings/$findingId" params={{ findingId: x.finding.id }} size="sm">
                    {x.finding.ruleId}
                  </AnchorLink>{' '}
                  <Text span size="xs" ff="monospace">
                    {resourceLabel(x.finding.resource)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {(all ? changes : changes.slice(0, SHOWN)).map((ch) => (
        <ChangeDiff key={ch.id} change={ch} />
      ))}
      {!all && (findings.length > SHOWN || changes.length > SHOWN) && (
        <Button variant="subtle" size="xs" onClick={() => setAll(true)}>
          Show all {plural(findings.length, 'finding')} and {plural(changes.length, 'object change')}
        </Button>
      )}
      {d.truncated && (
        <Text size="xs" c="dimmed">
          Only the first 200 of each list are shown.
        </Text>
      )}
      {findings.length === 0 && changes.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing changed in this evaluation.
        </Text>
      )}
    </Stack>
  );
}

const RotateDocument = graphql(`
  mutation RotateClusterToken($clusterId: ID!) {
    rotateClusterToken(clusterId: $clusterId) {
      agentToken
      previousTokenValidUntil
      installManifests
    }
  }
`);
const RevokeDocument = graphql(`
  mutation RevokeClusterToken($clusterId: ID!) {
    revokeClusterToken(clusterId: $clusterId)
  }
`);
const DeleteDocument = graphql(`
  mutation DeleteCluster($id: ID!) {
    deleteCluster(id: $id)
  }
`);

function ClusterActions({ cluster }: { cluster: { id: string; name: string } }) {
  const [dialog, setDialog] = useState<'rotate' | 'revoke' | 'delete' | null>(null);
  const [typed, setTyped] = useState('');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const rotate = useMutation({ mutationFn: () => gqlPartial(RotateDocument, { clusterId: cluster.id }) });
  const revoke = useMutation({
    mutationFn: () => gql(RevokeDocument, { clusterId: cluster.id }),
    onSuccess: () => {
      setDialog(null);
      notifications.show({
        color: 'teal',
        title: 'Tokens revoked',
        message: `${cluster.name}’s agent is refused from now on.`,
      });
    },
  });
  const remove = useMutation({
    mutationFn: () => gql(DeleteDocument, { id: cluster.id }),
    onSuccess: async () => {
      notifications.show({
        color: 'teal',
        title: 'Cluster deleted',
        message: `${cluster.name} and its history are being removed.`,
      });
      queryClient.removeQueries({ queryKey: ['cluster', cluster.id] });
      await queryClient.invalidateQueries();
      await navigate({ to: '/' });
    },
  });
  const shut = () => {
    setDialog(null);
    setTyped('');
    rotate.reset();
    revoke.reset();
    remove.reset();
  };
  const rotation = rotate.data?.data.rotateClusterToken;
  return (
    <>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button variant="default">Manage</Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => setDialog('rotate')}>Rotate agent token…</Menu.Item>
          <Menu.Item onClick={() => setDialog('revoke')}>Revoke agent tokens…</Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red" onClick={() => setDialog('delete')}>
            Delete cluster…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={dialog === 'rotate'} onClose={shut} title="Rotate the agent token" size="xl">
        {rotation ? (
          <ShownOnce
            title="New token issued"
            text={rotation.installManifests ?? rotation.agentToken}
            label={rotation.installManifests ? 'install manifests' : 'agent token'}
            filename={rotation.installManifests ? `kubeward-agent-${cluster.name}.yaml` : undefined}
          >
            The previous token works until {exactTime(rotation.previousTokenValidUntil)}. Apply the manifests below (or
            put the token in the agent’s Secret): the agent picks it up without a restart. Shown only now.
          </ShownOnce>
        ) : (
          <Stack>
            <Text size="sm">
              A new token is issued now; the current one keeps working for a grace period, so the agent never stops.
            </Text>
            {rotate.error && <Failed error={rotate.error} />}
            <Button onClick={() => rotate.mutate()} loading={rotate.isPending}>
              Rotate token
            </Button>
          </Stack>
        )}
      </Modal>
      <Modal opened={dialog === 'revoke'} onClose={shut} title="Revoke the agent tokens">
        <Stack>
          <Text size="sm">
            Every token of {cluster.name} stops working at once: its agent is refused until you rotate in a new one. Do
            this if a token leaked.
          </Text>
          {revoke.error && <Failed error={revoke.error} />}
          <Button color="red" onClick={() => revoke.mutate()} loading={revoke.isPending}>
            Revoke tokens
          </Button>
        </Stack>
      </Modal>
      <Modal opened={dialog === 'delete'} onClose={shut} title={`Delete ${cluster.name}`}>
        <form onSubmit={(e) => (e.preventDefault(), remove.mutate())}>
          <Stack>
            <Text size="sm">
              The cluster, its findings and its whole history are deleted; its agent is refused from now on. This cannot
              be undone.
            </Text>
            <TextInput
              label={`Type ${cluster.name} to confirm`}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              autoComplete="off"
            />
            {remove.error && <Failed error={remove.error} />}
            <Button type="submit" color="red" disabled={typed !== cluster.name} loading={remove.isPending}>
              Delete cluster
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
