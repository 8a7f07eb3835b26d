import { ShownOnce } from '../components/shown-once';
import {
  Badge,
  Button,
  Code,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { gql } from '../api/client';
import { useAction } from '../api/mutate';
import { Page } from '../components/page';
import { Empty, Failed, Loading } from '../components/states';
import { graphql } from '../gql';
import type { Severity } from '../gql/graphql';
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
      url
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
const DeleteEndpointDocument = graphql(`
  mutation DeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id)
  }
`);

const STATUS_COLOR: Record<string, string> = { DELIVERED: 'teal', PENDING: 'blue', FAILED: 'orange', DEAD: 'red' };

export function AlertsPage() {
  const endpoints = useQuery({ queryKey: ['webhooks'], queryFn: ({ signal }) => gql(EndpointsDocument, {}, signal) });
  const [selected, setSelected] = useState<string | null>(null);
  const test = useAction((id: string) => gql(TestEndpointDocument, { id }), {
    done: (r) =>
      r.testWebhookEndpoint.succeeded
        ? `Test delivered: ${r.testWebhookEndpoint.statusCode} in ${r.testWebhookEndpoint.latencyMs} ms.`
        : `Test failed: ${r.testWebhookEndpoint.error ?? `answered ${r.testWebhookEndpoint.statusCode}`}.`,
    refresh: ['deliveries'],
  });
  const remove = useAction((id: string) => gql(DeleteEndpointDocument, { id }), {
    done: 'Endpoint deleted.',
    refresh: ['webhooks'],
  });
  return (
    <Page
      title="Alerts"
      description="Signed webhooks (Standard Webhooks) when a cluster regresses, with every delivery and its attempts."
      action={<CreateEndpoint />}
    >
      {endpoints.isPending ? (
        <Loading label="Loading alert endpoints" />
      ) : endpoints.error ? (
        <Failed error={endpoints.error} retry={() => void endpoints.refetch()} />
      ) : endpoints.data.webhookEndpoints.length === 0 ? (
        <Empty title="No alert endpoint">Add a webhook endpoint to hear of regressions as they happen.</Empty>
      ) : (
        <Stack>
          {endpoints.data.webhookEndpoints.map((e) => (
            <Paper withBorder p="md" key={e.id}>
              <Group justify="space-between" align="flex-start">
                <Stack gap={2}>
                  <Group gap="xs">
                    <Code>{e.url}</Code>
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
                    above
                  </Text>
                  {e.disabledReason && (
                    <Text size="xs" c="red.8">
                      Disabled: {e.disabledReason}
                    </Text>
                  )}
                </Stack>
                <Group gap="xs">
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

function CreateEndpoint() {
  const [opened, { open, close }] = useDisclosure();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [eventTypes, setEventTypes] = useState<string[]>(EVENT_TYPES.filter((t) => t !== 'finding.resolved'));
  const [minSeverity, setMinSeverity] = useState<Severity>('HIGH');
  const create = useAction(
    () => gql(CreateEndpointDocument, { input: { url: url.trim(), description, eventTypes, minSeverity } }),
    { done: 'Endpoint added.', refresh: ['webhooks'] },
  );
  const shut = () => (close(), create.reset(), setUrl(''), setDescription(''));
  return (
    <>
      <Button onClick={open}>Add an endpoint</Button>
      <Modal opened={opened} onClose={shut} title="Add a webhook endpoint" size="lg">
        {create.data ? (
          <ShownOnce
            title="Store the signing secret now"
            text={create.data.createWebhookEndpoint.secret}
            label="signing secret"
            onDone={shut}
          >
            Your receiver verifies each delivery’s signature with it. It is shown only once.
          </ShownOnce>
        ) : (
          <form onSubmit={(e) => (e.preventDefault(), create.mutate(undefined))}>
            <Stack>
              <TextInput
                label="URL"
                placeholder="https://…"
                value={url}
                onChange={(e) => setUrl(e.currentTarget.value)}
                required
              />
              <TextInput
                label="Description"
                value={description}
                onChange={(e) => setDescription(e.currentTarget.value)}
              />
              <MultiSelect label="Events" data={EVENT_TYPES} value={eventTypes} onChange={setEventTypes} />
              <Select
                label="Minimum severity"
                data={[...SEVERITIES]}
                value={minSeverity}
                allowDeselect={false}
                onChange={(v) => setMinSeverity((v as Severity) ?? 'HIGH')}
              />
              <Button type="submit" loading={create.isPending} disabled={!url.trim()}>
                Add endpoint
              </Button>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
