import { Button, Code, Group, Paper, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { gql } from '../api/client';
import { Page } from '../components/page';
import { Empty, Failed, Loading } from '../components/states';
import { graphql } from '../gql';
import { exactTime } from '../lib/format';

const AuditDocument = graphql(`
  query Audit($action: String, $after: String) {
    auditLog(action: $action, after: $after, first: 100) {
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          at
          action
          actorType
          actorId
          targetType
          targetId
          details
        }
      }
    }
  }
`);

export function AuditPage() {
  const [action, setAction] = useState('');
  const [filter] = useDebouncedValue(action.trim(), 300);
  const query = useInfiniteQuery({
    queryKey: ['audit', filter],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => gql(AuditDocument, { action: filter || null, after: pageParam }, signal),
    getNextPageParam: (last) => (last.auditLog.pageInfo.hasNextPage ? last.auditLog.pageInfo.endCursor : null),
  });
  const entries = query.data?.pages.flatMap((p) => p.auditLog.edges.map((e) => e.node)) ?? [];
  return (
    <Page
      title="Audit log"
      description="Who did what in the organisation, newest first."
      action={
        <TextInput
          label="Action"
          placeholder="e.g. apiKey.create"
          value={action}
          onChange={(e) => setAction(e.currentTarget.value)}
        />
      }
    >
      {query.isPending ? (
        <Loading label="Loading the audit log" />
      ) : query.error ? (
        <Failed error={query.error} retry={() => void query.refetch()} />
      ) : entries.length === 0 ? (
        <Empty title="Nothing recorded">{filter ? `No ${filter} entry.` : 'Nothing has happened here yet.'}</Empty>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={800}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={170}>When</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>On</Table.Th>
                  <Table.Th>Details</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>{exactTime(e.at)}</Table.Td>
                    <Table.Td>
                      <Code>{e.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{e.actorType.toLowerCase().replace('_', ' ')}</Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {e.actorId?.slice(0, 8)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{e.targetType ?? '—'}</Text>
                    </Table.Td>
                    <Table.Td maw={360}>
                      <Text size="xs" ff="monospace" lineClamp={2} title={JSON.stringify(e.details)}>
                        {JSON.stringify(e.details)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {query.hasNextPage && (
            <Group justify="center" p="sm">
              <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
                Older entries
              </Button>
            </Group>
          )}
        </Paper>
      )}
    </Page>
  );
}
