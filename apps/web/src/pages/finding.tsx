import { AnchorLink } from '../components/links';
import {
  Alert,
  Badge,
  Breadcrumbs,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError, gql } from '../api/client';
import { allows, viewerQuery } from '../api/session';
import { CopyBlock } from '../components/copy';
import { ChangeDiff } from '../components/diff';
import { SeverityBadge } from '../components/severity';
import { Failed, Loading } from '../components/states';
import { graphql } from '../gql';
import { explain } from '../lib/errors';
import { exactTime, relativeTime, resourceLabel, type SeverityName } from '../lib/format';
import { findingQuery } from './finding.data';

const route = getRouteApi('/app/findings/$findingId');

const EVENT = {
  OPENED: { color: 'red', label: 'Opened' },
  REOPENED: { color: 'orange', label: 'Reopened' },
  RESOLVED: { color: 'teal', label: 'Resolved' },
} as const;

export function FindingPage() {
  const { findingId } = route.useParams();
  const { data, error, isPending, refetch } = useQuery(findingQuery(findingId));
  const { data: viewer } = useQuery(viewerQuery);
  if (isPending) return <Loading label="Loading the finding" />;
  if (error) return <Failed error={error} retry={() => void refetch()} />;
  const f = data.finding;
  const cluster = data.clusters.find((c) => c.id === f.clusterId);
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <AnchorLink to="/findings" search={{}}>
          Findings
        </AnchorLink>
        {cluster && (
          <AnchorLink to="/clusters/$clusterId" params={{ clusterId: cluster.id }} search={{}}>
            {cluster.name}
          </AnchorLink>
        )}
        <Text size="sm">{f.resource.name}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="xs">
            <SeverityBadge severity={f.severity} />
            <Badge variant="light" color={f.status === 'OPEN' ? 'red' : 'teal'}>
              {f.status.toLowerCase()}
            </Badge>
            {f.excepted && (
              <Badge variant="light" color="grape">
                risk accepted
              </Badge>
            )}
            {f.platform && (
              <Badge variant="light" color="gray">
                platform
              </Badge>
            )}
          </Group>
          <Title order={1} size="h2">
            {f.rule.title}
          </Title>
          <Text ff="monospace" size="sm">
            {resourceLabel(f.resource)}
            {f.container ? ` · container ${f.container}` : ''}
          </Text>
          <Text size="sm">{f.message}</Text>
        </Stack>
        {f.status === 'OPEN' && !f.excepted && allows(viewer?.current?.role, 'MEMBER') && <AcceptRisk finding={f} />}
      </Group>
      {(f.primary || f.related.length > 0) && <SameCause primary={f.primary} related={f.related} />}
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Why it matters
              </Title>
              <Text size="sm">{f.rule.rationale}</Text>
              {f.paths.length > 0 && (
                <Text size="xs" c="dimmed" mt="xs">
                  Fields: {f.paths.join(', ')}
                </Text>
              )}
            </Paper>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                How to fix it
              </Title>
              <Text size="sm" mb="sm">
                {f.rule.remediation.text}
              </Text>
              {f.rule.remediation.yaml && <CopyBlock text={f.rule.remediation.yaml} label="remediation YAML" />}
            </Paper>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Framework references
              </Title>
              {f.rule.references.length === 0 ? (
                <Text size="sm" c="dimmed">
                  None: a practice of container security fundamentals ({f.rule.practice}).
                </Text>
              ) : (
                <Group gap="xs">
                  {f.rule.references.map((r) => (
                    <Badge key={`${r.framework}-${r.control ?? r.section ?? r.level}`} variant="outline" radius="sm">
                      {r.framework} {r.control ?? r.section ?? ''} {r.level ? `(${r.level})` : ''}
                    </Badge>
                  ))}
                </Group>
              )}
              <Text size="xs" c="dimmed" mt="xs">
                Practice: {f.rule.practice} · area: {f.rule.area} · rule id: {f.rule.id}
              </Text>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              Timeline
            </Title>
            <Timeline bulletSize={14} lineWidth={2} active={f.events.length}>
              {f.events.map((e) => (
                <Timeline.Item
                  key={e.id}
                  color={EVENT[e.type as keyof typeof EVENT]?.color ?? 'gray'}
                  title={`${EVENT[e.type as keyof typeof EVENT]?.label ?? e.type} · ${e.severity.toLowerCase()}`}
                >
                  <Text size="xs" c="dimmed" title={exactTime(e.at)}>
                    {relativeTime(e.at)} · {exactTime(e.at)}
                  </Text>
                  {e.reason && <Text size="xs">Why: {e.reason.toLowerCase().replaceAll('_', ' ')}</Text>}
                  {e.cause && (
                    <Stack gap={2} mt={4}>
                      <Text size="xs" fw={500}>
                        Caused by this change:
                      </Text>
                      <ChangeDiff change={e.cause} />
                    </Stack>
                  )}
                </Timeline.Item>
              ))}
            </Timeline>
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

interface GroupedFinding {
  id: string;
  ruleId: string;
  severity: SeverityName;
  message: string;
  resource: { kind: string; namespace?: string | null; name: string };
}

/** One cause reported by several rules: read the primary first; the others say the same from another side. */
function SameCause({ primary, related }: { primary?: GroupedFinding | null; related: GroupedFinding[] }) {
  const item = (g: GroupedFinding) => (
    <Group key={g.id} gap="xs" wrap="nowrap" align="flex-start">
      <SeverityBadge severity={g.severity} />
      <Stack gap={0}>
        <AnchorLink to="/findings/$findingId" params={{ findingId: g.id }} search={{}} size="sm">
          {g.ruleId} · {resourceLabel(g.resource)}
        </AnchorLink>
        <Text size="xs" c="dimmed">
          {g.message}
        </Text>
      </Stack>
    </Group>
  );
  return (
    <Paper withBorder p="md" aria-label="Same cause">
      <Title order={2} size="h4" mb="xs">
        Same cause
      </Title>
      {primary ? (
        <Stack gap="xs">
          <Text size="sm">This finding is one side of a cause reported first by:</Text>
          {item(primary)}
        </Stack>
      ) : (
        <Stack gap="xs">
          <Text size="sm">
            Fixing this usually resolves{' '}
            {related.length === 1 ? 'this related finding' : `these ${related.length} related findings`} too:
          </Text>
          {related.map(item)}
        </Stack>
      )}
    </Paper>
  );
}

const CreateExceptionDocument = graphql(`
  mutation CreateException($input: CreateExceptionInput!) {
    createException(input: $input) {
      id
      expiresAt
    }
  }
`);

const ReevaluateDocument = graphql(`
  mutation Reevaluate($clusterId: ID!) {
    requestReevaluation(clusterId: $clusterId)
  }
`);

type Scope = 'resource' | 'namespace' | 'cluster';

function AcceptRisk({
  finding,
}: {
  finding: {
    id: string;
    clusterId: string;
    ruleId: string;
    resource: { kind: string; namespace?: string | null; name: string };
  };
}) {
  const [opened, { open, close }] = useDisclosure();
  const in90Days = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  const [scope, setScope] = useState<Scope>('resource');
  const [reason, setReason] = useState('');
  const [owner, setOwner] = useState('');
  const [expires, setExpires] = useState(in90Days);
  const queryClient = useQueryClient();
  const accept = useMutation({
    mutationFn: async () => {
      const r = finding.resource;
      await gql(CreateExceptionDocument, {
        input: {
          clusterId: finding.clusterId,
          ruleId: finding.ruleId,
          namespace: scope === 'cluster' ? undefined : (r.namespace ?? undefined),
          resourceKind: scope === 'resource' ? r.kind : undefined,
          resourceName: scope === 'resource' ? r.name : undefined,
          reason: reason.trim(),
          owner: owner.trim(),
          expiresAt: new Date(`${expires}T23:59:59Z`).toISOString(),
        },
      });
      // The score leaves out accepted findings from the next evaluation: ask for one now.
      return gql(ReevaluateDocument, { clusterId: finding.clusterId }).then(
        () => null,
        (err: unknown) => (err instanceof ApiError ? err : null),
      );
    },
    onSuccess: (reevaluation) => {
      close();
      notifications.show({
        color: 'teal',
        title: 'Risk accepted',
        message: reevaluation
          ? `The exception holds from now; the score changes at the next evaluation (${explain(reevaluation).message})`
          : 'The exception holds from now; the cluster is being evaluated again, and its score will leave this finding out.',
      });
      void queryClient.invalidateQueries();
    },
  });
  return (
    <>
      <Button variant="light" color="grape" onClick={open}>
        Accept this risk
      </Button>
      <Modal opened={opened} onClose={close} title="Accept this risk" size="lg">
        <form onSubmit={(e) => (e.preventDefault(), accept.mutate())}>
          <Stack>
            <Radio.Group label="For" value={scope} onChange={(v) => setScope(v as Scope)}>
              <Stack gap={6} mt={6}>
                <Radio value="resource" label={`this resource only (${resourceLabel(finding.resource)})`} />
                {finding.resource.namespace && (
                  <Radio value="namespace" label={`this rule in namespace ${finding.resource.namespace}`} />
                )}
                <Radio value="cluster" label="this rule on the whole cluster" />
              </Stack>
            </Radio.Group>
            <Textarea
              label="Reason"
              description="Why the risk is acceptable, for whoever reviews it later."
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              required
              autosize
              minRows={2}
            />
            <TextInput
              label="Owner"
              description="Who answers for it (a person or team)."
              value={owner}
              onChange={(e) => setOwner(e.currentTarget.value)}
              required
            />
            <TextInput
              label="Expires"
              description="At most a year away; it is listed as expiring soon before then."
              type="date"
              value={expires}
              onChange={(e) => setExpires(e.currentTarget.value)}
              required
            />
            {accept.error && <Failed error={accept.error} />}
            <Alert variant="light" color="gray">
              Accepted findings stay listed, marked as accepted, but leave the score and alerts until the exception
              expires or is revoked.
            </Alert>
            <Button type="submit" color="grape" loading={accept.isPending}>
              Accept risk
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
