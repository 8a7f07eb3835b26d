import { Badge, Button, Group, Paper, Switch, Table, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { gql } from '../api/client';
import { useAction } from '../api/mutate';
import { allows, viewerQuery } from '../api/session';
import { Page } from '../components/page';
import { Empty, Failed, Loading } from '../components/states';
import { graphql } from '../gql';
import { exactTime, relativeTime } from '../lib/format';

const ExceptionsDocument = graphql(`
  query Exceptions($includeInactive: Boolean!) {
    exceptions(includeInactive: $includeInactive) {
      id
      active
      ruleId
      clusterId
      namespace
      resourceKind
      resourceName
      reason
      owner
      createdBy
      createdAt
      expiresAt
      revokedAt
    }
    clusters {
      id
      name
    }
  }
`);

const RevokeExceptionDocument = graphql(`
  mutation RevokeException($id: ID!) {
    revokeException(id: $id) {
      id
    }
  }
`);

const SOON = 14 * 86_400_000;

export function ExceptionsPage() {
  const [includeInactive, setIncludeInactive] = useState(false);
  const { data, error, isPending, refetch } = useQuery({
    queryKey: ['exceptions', includeInactive],
    queryFn: ({ signal }) => gql(ExceptionsDocument, { includeInactive }, signal),
  });
  const { data: viewer } = useQuery(viewerQuery);
  const revoke = useAction((id: string) => gql(RevokeExceptionDocument, { id }), {
    done: 'Exception revoked: its findings count again from the next evaluation.',
    refresh: ['exceptions'],
  });
  const canRevoke = allows(viewer?.current?.role, 'MEMBER');
  return (
    <Page
      title="Exceptions"
      description="Accepted risks, soonest to expire first. Their findings stay listed but leave the score and alerts."
      action={
        <Switch
          label="Show expired and revoked"
          checked={includeInactive}
          onChange={(e) => setIncludeInactive(e.currentTarget.checked)}
        />
      }
    >
      {isPending ? (
        <Loading label="Loading exceptions" />
      ) : error ? (
        <Failed error={error} retry={() => void refetch()} />
      ) : data.exceptions.length === 0 ? (
        <Empty title="No accepted risk">
          Accept a risk from a finding’s page, with a reason, an owner and an expiry.
        </Empty>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={900}>
            <Table highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>Covers</Table.Th>
                  <Table.Th>Reason</Table.Th>
                  <Table.Th>Owner</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.exceptions.map((x) => {
                  const soon = x.active && new Date(x.expiresAt).getTime() - Date.now() < SOON;
                  const cluster = data.clusters.find((c) => c.id === x.clusterId)?.name;
                  return (
                    <Table.Tr key={x.id}>
                      <Table.Td>
                        <Tooltip label={exactTime(x.expiresAt)}>
                          <Text size="sm" c={soon ? 'orange.8' : undefined} fw={soon ? 600 : undefined}>
                            {x.revokedAt ? `revoked ${relativeTime(x.revokedAt)}` : relativeTime(x.expiresAt)}
                          </Text>
                        </Tooltip>
                        {soon && (
                          <Badge size="xs" color="orange" variant="light">
                            expiring soon
                          </Badge>
                        )}
                        {!x.active && (
                          <Badge size="xs" color="gray" variant="light">
                            inactive
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{x.ruleId ?? 'every rule'}</Text>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {[
                            cluster ?? (x.clusterId ? 'a deleted cluster' : 'every cluster'),
                            x.namespace ?? 'every namespace',
                            x.resourceKind && x.resourceName ? `${x.resourceKind} ${x.resourceName}` : null,
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                        </Text>
                      </Table.Td>
                      <Table.Td maw={320}>
                        <Text size="sm" lineClamp={2} title={x.reason}>
                          {x.reason}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{x.owner}</Text>
                        <Text size="xs" c="dimmed">
                          by {x.createdBy}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {x.active && canRevoke && (
                          <Group justify="flex-end">
                            <Button
                              size="xs"
                              variant="subtle"
                              color="red"
                              loading={revoke.isPending && revoke.variables === x.id}
                              onClick={() => revoke.mutate(x.id)}
                            >
                              Revoke
                            </Button>
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Page>
  );
}
