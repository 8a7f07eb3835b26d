import { ShownOnce } from '../components/shown-once';
import { Badge, Button, Modal, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { gql } from '../api/client';
import { useAction } from '../api/mutate';
import { Page } from '../components/page';
import { Empty, Failed, Loading } from '../components/states';
import { graphql } from '../gql';
import type { Role } from '../gql/graphql';
import { relativeTime } from '../lib/format';

const ApiKeysDocument = graphql(`
  query ApiKeys {
    apiKeys {
      id
      name
      prefix
      role
      teamId
      createdAt
      lastUsedAt
      revokedAt
    }
    teams {
      id
      name
    }
  }
`);
const CreateApiKeyDocument = graphql(`
  mutation CreateApiKey($name: String!, $role: Role!, $teamId: ID) {
    createApiKey(name: $name, role: $role, teamId: $teamId) {
      key
      apiKey {
        id
        name
      }
    }
  }
`);
const RevokeApiKeyDocument = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
    }
  }
`);

export const ROLES: { value: Role; label: string }[] = [
  { value: 'VIEWER', label: 'Viewer: reads everything' },
  { value: 'MEMBER', label: 'Member: also manages exceptions' },
  { value: 'ADMIN', label: 'Admin: also clusters, keys, alerts, settings' },
  { value: 'OWNER', label: 'Owner: everything' },
];

export function ApiKeysPage() {
  const { data, error, isPending, refetch } = useQuery({
    queryKey: ['apiKeys'],
    queryFn: ({ signal }) => gql(ApiKeysDocument, {}, signal),
  });
  const [opened, { open, close }] = useDisclosure();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('VIEWER');
  const [teamId, setTeamId] = useState<string | null>(null);
  const create = useAction(() => gql(CreateApiKeyDocument, { name: name.trim(), role, teamId }), {
    done: (r) => `Key ${r.createApiKey.apiKey.name} created.`,
    refresh: ['apiKeys'],
  });
  const revoke = useAction((id: string) => gql(RevokeApiKeyDocument, { id }), {
    done: 'Key revoked: it is refused from now on.',
    refresh: ['apiKeys'],
  });
  const shut = () => (close(), create.reset(), setName(''));
  const teams = new Map(data?.teams.map((t) => [t.id, t.name]));
  return (
    <Page
      title="API keys"
      description="Keys for scripts, CI and the CLI. Each acts with a role, over the organisation or one team."
      action={<Button onClick={open}>Create a key</Button>}
    >
      {isPending ? (
        <Loading label="Loading API keys" />
      ) : error ? (
        <Failed error={error} retry={() => void refetch()} />
      ) : data.apiKeys.length === 0 ? (
        <Empty title="No API key">Create one for a pipeline or a script.</Empty>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={720}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.apiKeys.map((k) => (
                  <Table.Tr key={k.id} c={k.revokedAt ? 'dimmed' : undefined}>
                    <Table.Td>{k.name}</Table.Td>
                    <Table.Td ff="monospace">{k.prefix}…</Table.Td>
                    <Table.Td>
                      {k.role.toLowerCase()}
                      {k.teamId ? ` · ${teams.get(k.teamId) ?? 'a team'}` : ''}
                    </Table.Td>
                    <Table.Td>{k.lastUsedAt ? relativeTime(k.lastUsedAt) : 'never'}</Table.Td>
                    <Table.Td ta="right">
                      {k.revokedAt ? (
                        <Badge color="gray" variant="light">
                          revoked
                        </Badge>
                      ) : (
                        <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(k.id)}>
                          Revoke
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <Modal opened={opened} onClose={shut} title="Create an API key" size="lg">
        {create.data ? (
          <ShownOnce title="Copy the key now" text={create.data.createApiKey.key} label="API key" onDone={shut}>
            It is shown only once. Use it as <code>Authorization: Bearer …</code>.
          </ShownOnce>
        ) : (
          <form onSubmit={(e) => (e.preventDefault(), create.mutate(undefined))}>
            <Stack>
              <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
              <Select
                label="Role"
                description="At most your own."
                data={ROLES}
                value={role}
                allowDeselect={false}
                onChange={(v) => setRole((v as Role) ?? 'VIEWER')}
              />
              <Select
                label="Team"
                placeholder="The whole organisation"
                clearable
                data={data?.teams.map((t) => ({ value: t.id, label: t.name })) ?? []}
                value={teamId}
                onChange={setTeamId}
              />
              <Text size="xs" c="dimmed">
                A team’s key sees only that team’s clusters.
              </Text>
              <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
                Create key
              </Button>
            </Stack>
          </form>
        )}
      </Modal>
    </Page>
  );
}
