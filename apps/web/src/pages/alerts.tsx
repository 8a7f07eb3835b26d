import { ShownOnce } from '../components/shown-once';
import {
  Badge,
  Button,
  Code,
  Group,
  Modal,
  MultiSelect,
  Paper,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { gql } from '../api/client';
import { useAction } from '../api/mutate';
import { Page } from '../components/page';
import { Empty, Failed, Loading } from '../components/states';
import { graphql } from '../gql';
import type { DeliverySchedule, DestinationKind, Severity, WebhookEndpointsQuery } from '../gql/graphql';
import { exactTime, relativeTime, SEVERITIES } from '../lib/format';

const EVENT_TYPES = [
  'finding.opened',
  'finding.reopened',
  'finding.resolved',
  'posture.degraded',
  'control.regressed',
  'cluster.stale',
  'cluster.recovered',
  'exception.expired',
];

const EndpointsDocument = graphql(`
  query WebhookEndpoints {
    webhookEndpoints {
      id
      kind
      url
      schedule
      namespaces
      teamIds
      clusterIds
      jira {
        email
        projectKey
        issueType
      }
      description
      enabled
      disabledReason
      failingSince
      eventTypes
      minSeverity
      createdAt
    }
  }
`);
const DeliveriesDocument = graphql(`
  query WebhookDeliveries($endpointId: ID!) {
    webhookDeliveries(endpointId: $endpointId, first: 50) {
      edges {
        node {
          id
          type
          status
          attempts
          createdAt
          deliveredAt
          lastStatusCode
          lastError
          webhookId
        }
      }
    }
  }
`);
const CreateEndpointDocument = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      secret
      endpoint {
        id
      }
    }
  }
`);
const TestEndpointDocument = graphql(`
  mutation TestWebhookEndpoint($id: ID!) {
    testWebhookEndpoint(id: $id) {
      succeeded
      statusCode
      latencyMs
      error
    }
  }
`);
const RedeliverDocument = graphql(`
  mutation RedeliverWebhook($deliveryId: ID!) {
    redeliverWebhook(deliveryId: $deliveryId)
  }
`);
const CreateDestinationDocument = graphql(`
  mutation CreateAlertDestination($input: CreateAlertDestinationInput!) {
    createAlertDestination(input: $input) {
      id
    }
  }
`);
const UpdateDestinationDocument = graphql(`
  mutation UpdateAlertDestination($id: ID!, $input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(id: $id, input: $input) {
      id
    }
  }
`);
const SetEnabledDocument = graphql(`
  mutation SetAlertDestinationEnabled($id: ID!, $enabled: Boolean!) {
    updateWebhookEndpoint(id: $id, input: { enabled: $enabled }) {
      id
    }
  }
`);
const RoutesDocument = graphql(`
  query AlertRoutes {
    teams {
      id
      name
    }
    clusters {
      id
      name
    }
  }
`);
const DeleteEndpointDocument = graphql(`
  mutation DeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id)
  }
`);

const STATUS_COLOR: Record<string, string> = { SUCCEEDED: 'teal', PENDING: 'blue', FAILED: 'orange', DEAD: 'red' };

const KINDS: { value: DestinationKind; label: string }[] = [
  { value: 'SLACK', label: 'Slack' },
  { value: 'TEAMS', label: 'Microsoft Teams' },
  { value: 'PAGERDUTY', label: 'PagerDuty' },
  { value: 'JIRA', label: 'Jira' },
  { value: 'EMAIL', label: 'Email' },
  { value: 'WEBHOOK', label: 'Webhook' },
];
const KIND_LABEL = Object.fromEntries(KINDS.map((k) => [k.value, k.label])) as Record<DestinationKind, string>;
/** Pagers and trackers act on each finding, and must hear of its fix: what the API defaults to. */
const acts = (kind: DestinationKind) => kind === 'PAGERDUTY' || kind === 'JIRA';
const defaultEvents = (kind: DestinationKind) =>
  kind === 'PAGERDUTY'
    ? ['finding.opened', 'finding.reopened', 'finding.resolved', 'cluster.stale', 'cluster.recovered']
    : kind === 'JIRA'
      ? ['finding.opened', 'finding.reopened', 'finding.resolved']
      : EVENT_TYPES.filter((t) => t !== 'finding.resolved');
const SCHEDULE_LABEL: Record<DeliverySchedule, string> = {
  IMMEDIATE: 'at once',
  HOURLY: 'hourly digest',
  DAILY: 'daily digest',
};

/** Where a destination's alerts come from, in words. */
function routeText(
  e: { teamIds: string[]; clusterIds: string[]; namespaces: string[] },
  teamNames: ReadonlyMap<string, string>,
): string {
  const parts = [
    e.teamIds.length > 0 ? `teams ${e.teamIds.map((id) => teamNames.get(id) ?? id).join(', ')}` : null,
    e.clusterIds.length > 0 ? `${e.clusterIds.length} ${e.clusterIds.length === 1 ? 'cluster' : 'clusters'}` : null,
    e.namespaces.length > 0 ? `namespaces ${e.namespaces.join(', ')}` : null,
  ].filter(Boolean);
  return parts.length > 0 ? `Only ${parts.join(' · ')}` : 'Every cluster and namespace';
}

export function AlertsPage() {
  const endpoints = useQuery({ queryKey: ['webhooks'], queryFn: ({ signal }) => gql(EndpointsDocument, {}, signal) });
  const routes = useQuery({ queryKey: ['alert-routes'], queryFn: ({ signal }) => gql(RoutesDocument, {}, signal) });
  const teamNames = new Map((routes.data?.teams ?? []).map((t) => [t.id, t.name]));
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<Endpoint | 'new' | null>(null);
  const test = useAction((id: string) => gql(TestEndpointDocument, { id }), {
    done: (r) =>
      r.testWebhookEndpoint.succeeded
        ? `Test delivered: ${r.testWebhookEndpoint.statusCode} in ${r.testWebhookEndpoint.latencyMs} ms.`
        : `Test failed: ${r.testWebhookEndpoint.error ?? `answered ${r.testWebhookEndpoint.statusCode}`}.`,
    refresh: ['deliveries'],
  });
  const remove = useAction((id: string) => gql(DeleteEndpointDocument, { id }), {
    done: 'Destination deleted.',
    refresh: ['webhooks'],
  });
  const setEnabled = useAction((v: { id: string; enabled: boolean }) => gql(SetEnabledDocument, v), {
    done: (r) => `Destination ${r.updateWebhookEndpoint.id.slice(0, 8)} updated.`,
    refresh: ['webhooks'],
  });
  return (
    <Page
      title="Alerts"
      description="Where regressions go: Slack, Teams, PagerDuty, Jira, email or signed webhooks, routed by severity, team, cluster and namespace, with every delivery and its attempts."
      action={<Button onClick={() => setEditing('new')}>Add a destination</Button>}
    >
      {editing !== null && (
        <DestinationForm
          key={editing === 'new' ? 'new' : editing.id}
          editing={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {endpoints.isPending ? (
        <Loading label="Loading alert destinations" />
      ) : endpoints.error ? (
        <Failed error={endpoints.error} retry={() => void endpoints.refetch()} />
      ) : endpoints.data.webhookEndpoints.length === 0 ? (
        <Empty title="No alert destination">
          Add Slack, Teams, PagerDuty, Jira, email or a webhook to hear of regressions as they happen.
        </Empty>
      ) : (
        <Stack>
          {endpoints.data.webhookEndpoints.map((e) => (
            <Paper withBorder p="md" key={e.id}>
              <Group justify="space-between" align="flex-start">
                <Stack gap={2}>
                  <Group gap="xs">
                    <Badge variant="outline">{KIND_LABEL[e.kind]}</Badge>
                    <Code>{e.jira ? `${e.url} · ${e.jira.projectKey}` : e.url}</Code>
                    <Badge color={e.enabled ? 'teal' : 'gray'} variant="light">
                      {e.enabled ? 'enabled' : 'disabled'}
                    </Badge>
                    {e.failingSince && (
                      <Badge color="orange" variant="light">
                        failing since {relativeTime(e.failingSince)}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {e.description || 'No description'} · {e.eventTypes.join(', ')} · {e.minSeverity.toLowerCase()} and
                    above · {SCHEDULE_LABEL[e.schedule]}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {routeText(e, teamNames)}
                  </Text>
                  {e.disabledReason && (
                    <Text size="xs" c="red.8">
                      Disabled: {e.disabledReason}
                    </Text>
                  )}
                </Stack>
                <Group gap="xs">
                  <Switch
                    size="sm"
                    label="Enabled"
                    checked={e.enabled}
                    onChange={(ev) => setEnabled.mutate({ id: e.id, enabled: ev.currentTarget.checked })}
                  />
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => test.mutate(e.id)}
                    loading={test.isPending && test.variables === e.id}
                  >
                    Send a test
                  </Button>
                  <Button size="xs" variant="default" onClick={() => setSelected(selected === e.id ? null : e.id)}>
                    {selected === e.id ? 'Hide deliveries' : 'Deliveries'}
                  </Button>
                  <Button size="xs" variant="default" onClick={() => setEditing(e)}>
                    Edit
                  </Button>
                  <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(e.id)}>
                    Delete
                  </Button>
                </Group>
              </Group>
              {selected === e.id && <Deliveries endpointId={e.id} />}
            </Paper>
          ))}
        </Stack>
      )}
    </Page>
  );
}

function Deliveries({ endpointId }: { endpointId: string }) {
  const query = useQuery({
    queryKey: ['deliveries', endpointId],
    queryFn: ({ signal }) => gql(DeliveriesDocument, { endpointId }, signal),
  });
  const redeliver = useAction((deliveryId: string) => gql(RedeliverDocument, { deliveryId }), {
    done: 'Sent again, with the same webhook-id.',
    refresh: ['deliveries'],
  });
  if (query.isPending) return <Loading rows={2} label="Loading deliveries" />;
  if (query.error) return <Failed error={query.error} retry={() => void query.refetch()} />;
  const rows = query.data.webhookDeliveries.edges.map((e) => e.node);
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed" mt="sm">
        Nothing delivered yet.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={700} mt="sm">
      <Table fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Event</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Last answer</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>{exactTime(d.createdAt)}</Table.Td>
              <Table.Td>
                <Code>{d.type}</Code>
              </Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOR[d.status] ?? 'gray'} variant="light">
                  {d.status.toLowerCase()}
                </Badge>{' '}
                <Text span size="xs" c="dimmed">
                  {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{d.lastStatusCode ?? d.lastError ?? '—'}</Text>
              </Table.Td>
              <Table.Td ta="right">
                {d.status !== 'PENDING' && (
                  <Button size="xs" variant="subtle" onClick={() => redeliver.mutate(d.id)}>
                    Retry
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

type Endpoint = WebhookEndpointsQuery['webhookEndpoints'][number];

/** The addresses of a mail destination's mailto: URL. */
const recipientsOf = (url: string) =>
  url.startsWith('mailto:') ? decodeURIComponent(url.slice('mailto:'.length)).split(',').filter(Boolean) : [];

/** Adds a destination, or changes one (`editing`): its kind stays, and an empty credential keeps the stored one. */
function DestinationForm({ editing, onClose }: { editing?: Endpoint; onClose: () => void }) {
  const chat = editing?.kind === 'SLACK' || editing?.kind === 'TEAMS';
  const [kind, setKind] = useState<DestinationKind>(editing?.kind ?? 'SLACK');
  // A chat webhook's URL is a credential the API never returns: empty keeps it.
  const [url, setUrl] = useState(editing && !chat && editing.kind !== 'EMAIL' ? editing.url : '');
  const [credential, setCredential] = useState('');
  const [recipients, setRecipients] = useState<string[]>(editing ? recipientsOf(editing.url) : []);
  const [jira, setJira] = useState(editing?.jira ?? { email: '', projectKey: '', issueType: 'Task' });
  const [description, setDescription] = useState(editing?.description ?? '');
  const [eventTypes, setEventTypes] = useState<string[]>(editing?.eventTypes ?? defaultEvents('SLACK'));
  const [minSeverity, setMinSeverity] = useState<Severity>(editing?.minSeverity ?? 'HIGH');
  const [schedule, setSchedule] = useState<DeliverySchedule>(editing?.schedule ?? 'IMMEDIATE');
  const [teamIds, setTeamIds] = useState<string[]>(editing?.teamIds ?? []);
  const [clusterIds, setClusterIds] = useState<string[]>(editing?.clusterIds ?? []);
  const [namespaces, setNamespaces] = useState<string[]>(editing?.namespaces ?? []);
  const routes = useQuery({ queryKey: ['alert-routes'], queryFn: ({ signal }) => gql(RoutesDocument, {}, signal) });
  const choose = (next: DestinationKind) => {
    setKind(next);
    setEventTypes(defaultEvents(next));
    setMinSeverity('HIGH');
    if (acts(next)) setSchedule('IMMEDIATE');
  };
  const filter = { description, eventTypes, minSeverity, schedule, teamIds, clusterIds, namespaces };
  const save = useAction(
    async () => {
      if (editing) {
        await gql(UpdateDestinationDocument, {
          id: editing.id,
          input: {
            ...filter,
            ...(url.trim() && url.trim() !== editing.url ? { url: url.trim() } : {}),
            ...(credential.trim() ? { credential: credential.trim() } : {}),
            ...(kind === 'EMAIL' ? { recipients } : {}),
            ...(kind === 'JIRA' ? { jira } : {}),
          },
        });
        return null;
      }
      if (kind === 'WEBHOOK') {
        const r = await gql(CreateEndpointDocument, { input: { url: url.trim(), ...filter } });
        return r.createWebhookEndpoint.secret;
      }
      await gql(CreateDestinationDocument, {
        input: {
          kind,
          ...filter,
          ...(kind === 'EMAIL' ? { recipients } : {}),
          ...(kind === 'PAGERDUTY'
            ? { credential: credential.trim(), ...(url.trim() ? { url: url.trim() } : {}) }
            : {}),
          ...(kind === 'JIRA' ? { url: url.trim(), credential: credential.trim(), jira } : {}),
          ...(kind === 'SLACK' || kind === 'TEAMS' ? { url: url.trim() } : {}),
        },
      });
      return null;
    },
    {
      done: editing ? 'Destination saved.' : 'Destination added. Send it a test to check the connection.',
      refresh: ['webhooks'],
      onDone: (secret) => {
        if (secret === null) onClose();
      },
    },
  );
  // What a new destination cannot do without; a change keeps what is left empty.
  const ready = editing
    ? kind !== 'EMAIL' || recipients.length > 0
    : kind === 'EMAIL'
      ? recipients.length > 0
      : kind === 'PAGERDUTY'
        ? credential.trim() !== ''
        : url.trim() !== '' &&
          (kind !== 'JIRA' || (credential.trim() !== '' && jira.email !== '' && jira.projectKey !== ''));
  return (
    <>
      <Modal opened onClose={onClose} title={editing ? 'Change the destination' : 'Add an alert destination'} size="lg">
        {save.data ? (
          <ShownOnce title="Store the signing secret now" text={save.data} label="signing secret" onDone={onClose}>
            Your receiver verifies each delivery’s signature with it. It is shown only once.
          </ShownOnce>
        ) : (
          <form onSubmit={(e) => (e.preventDefault(), save.mutate(undefined))}>
            <Stack>
              <Select
                label="Send to"
                data={KINDS}
                value={kind}
                allowDeselect={false}
                disabled={editing !== undefined}
                onChange={(v) => choose((v as DestinationKind) ?? 'SLACK')}
              />
              {kind !== 'EMAIL' && (
                <TextInput
                  label={
                    kind === 'SLACK'
                      ? 'Incoming webhook URL'
                      : kind === 'TEAMS'
                        ? 'Workflow webhook URL'
                        : kind === 'JIRA'
                          ? 'Jira site'
                          : kind === 'PAGERDUTY'
                            ? 'Events API URL (optional)'
                            : 'URL'
                  }
                  description={
                    editing && (kind === 'SLACK' || kind === 'TEAMS')
                      ? `Now ${editing.url}; leave empty to keep it.`
                      : kind === 'SLACK' || kind === 'TEAMS'
                        ? 'Kept encrypted: only its host is shown afterwards.'
                        : kind === 'PAGERDUTY'
                          ? 'Leave empty for https://events.pagerduty.com/v2/enqueue.'
                          : undefined
                  }
                  placeholder={kind === 'JIRA' ? 'https://your-site.atlassian.net' : 'https://…'}
                  value={url}
                  onChange={(e) => setUrl(e.currentTarget.value)}
                  required={kind !== 'PAGERDUTY' && !editing}
                />
              )}
              {kind === 'EMAIL' && (
                <TagsInput
                  label="Recipients"
                  description="Up to 10 addresses; press Enter after each."
                  value={recipients}
                  onChange={setRecipients}
                  maxTags={10}
                />
              )}
              {kind === 'JIRA' && (
                <Group grow>
                  <TextInput
                    label="Account e-mail"
                    value={jira.email}
                    onChange={(e) => setJira({ ...jira, email: e.currentTarget.value })}
                    required
                  />
                  <TextInput
                    label="Project key"
                    placeholder="SEC"
                    value={jira.projectKey}
                    onChange={(e) => setJira({ ...jira, projectKey: e.currentTarget.value.toUpperCase() })}
                    required
                  />
                  <TextInput
                    label="Issue type"
                    value={jira.issueType}
                    onChange={(e) => setJira({ ...jira, issueType: e.currentTarget.value })}
                  />
                </Group>
              )}
              {(kind === 'PAGERDUTY' || kind === 'JIRA') && (
                <PasswordInput
                  label={kind === 'PAGERDUTY' ? 'Integration (routing) key' : 'API token'}
                  description={editing ? 'Leave empty to keep the stored one.' : 'Stored encrypted; never shown again.'}
                  value={credential}
                  onChange={(e) => setCredential(e.currentTarget.value)}
                  required={!editing}
                />
              )}
              <TextInput
                label="Description"
                value={description}
                onChange={(e) => setDescription(e.currentTarget.value)}
              />
              <MultiSelect label="Events" data={EVENT_TYPES} value={eventTypes} onChange={setEventTypes} />
              <Group grow align="flex-end">
                <Select
                  label="Minimum severity"
                  data={[...SEVERITIES]}
                  value={minSeverity}
                  allowDeselect={false}
                  onChange={(v) => setMinSeverity((v as Severity) ?? 'HIGH')}
                />
                <Stack gap={4}>
                  <Text size="sm" fw={500}>
                    When
                  </Text>
                  <SegmentedControl
                    aria-label="When"
                    disabled={acts(kind)}
                    value={schedule}
                    onChange={(v) => setSchedule(v as DeliverySchedule)}
                    data={[
                      { value: 'IMMEDIATE', label: 'At once' },
                      { value: 'HOURLY', label: 'Hourly' },
                      { value: 'DAILY', label: 'Daily' },
                    ]}
                  />
                </Stack>
              </Group>
              <MultiSelect
                label="Only these teams’ clusters"
                placeholder={teamIds.length === 0 ? 'Every team' : undefined}
                data={(routes.data?.teams ?? []).map((t) => ({ value: t.id, label: t.name }))}
                value={teamIds}
                onChange={setTeamIds}
              />
              <MultiSelect
                label="Only these clusters"
                placeholder={clusterIds.length === 0 ? 'Every cluster' : undefined}
                data={(routes.data?.clusters ?? []).map((c) => ({ value: c.id, label: c.name }))}
                value={clusterIds}
                onChange={setClusterIds}
              />
              <TagsInput
                label="Only these namespaces"
                placeholder={namespaces.length === 0 ? 'Every namespace' : undefined}
                value={namespaces}
                onChange={setNamespaces}
              />
              <Button type="submit" loading={save.isPending} disabled={!ready}>
                {editing ? 'Save' : 'Add destination'}
              </Button>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
