import { ShownOnce } from '../components/shown-once';
import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { gql } from '../api/client';
import { useAction } from '../api/mutate';
import { allows, viewerQuery } from '../api/session';
import { Page } from '../components/page';
import { Failed, Loading } from '../components/states';
import { graphql } from '../gql';
import type { Role } from '../gql/graphql';
import { relativeTime } from '../lib/format';
import { ROLES } from './api-keys';

const PeopleDocument = graphql(`
  query People {
    members {
      id
      role
      teamIds
      createdAt
      user {
        id
        name
        email
        lastSignInAt
        totpEnabled
      }
    }
    teams {
      id
      name
      description
    }
  }
`);
const InvitationsDocument = graphql(`
  query Invitations {
    invitations {
      id
      email
      role
      teamIds
      expiresAt
      acceptedAt
      revokedAt
    }
  }
`);
const InviteDocument = graphql(`
  mutation Invite($email: String!, $access: AccessInput!) {
    createInvitation(email: $email, access: $access) {
      mailed
      link
    }
  }
`);
const RemoveMemberDocument = graphql(`
  mutation RemoveMember($id: ID!) {
    removeMember(id: $id) {
      id
    }
  }
`);
const UpdateMemberDocument = graphql(`
  mutation UpdateMember($id: ID!, $access: AccessInput!) {
    updateMember(id: $id, access: $access) {
      id
      role
    }
  }
`);
const CreateTeamDocument = graphql(`
  mutation CreateTeam($name: String!, $description: String) {
    createTeam(name: $name, description: $description) {
      id
    }
  }
`);

export function MembersPage() {
  const { data: viewer } = useQuery(viewerQuery);
  const isAdmin = allows(viewer?.current?.role, 'ADMIN');
  const people = useQuery({ queryKey: ['people'], queryFn: ({ signal }) => gql(PeopleDocument, {}, signal) });
  const invitations = useQuery({
    queryKey: ['invitations'],
    queryFn: ({ signal }) => gql(InvitationsDocument, {}, signal),
    enabled: isAdmin,
  });
  const remove = useAction((id: string) => gql(RemoveMemberDocument, { id }), {
    done: 'Member removed; their sessions here ended.',
    refresh: ['people'],
  });
  const update = useAction(
    (a: { id: string; role: Role; teamIds?: string[] | null }) =>
      gql(UpdateMemberDocument, { id: a.id, access: { role: a.role, teamIds: a.teamIds ?? undefined } }),
    { done: 'Role changed; it applies from their next request.', refresh: ['people'] },
  );
  const [teamName, setTeamName] = useState('');
  const createTeam = useAction(() => gql(CreateTeamDocument, { name: teamName.trim() }), {
    done: `Team created.`,
    refresh: ['people'],
    onDone: () => setTeamName(''),
  });
  if (people.isPending) return <Loading label="Loading members" />;
  if (people.error) return <Failed error={people.error} retry={() => void people.refetch()} />;
  const teams = new Map(people.data.teams.map((t) => [t.id, t.name]));
  const pending = invitations.data?.invitations.filter((i) => !i.acceptedAt && !i.revokedAt) ?? [];
  return (
    <Page
      title="Members and teams"
      description="Who can sign in to this organisation, with which role, over which teams’ clusters."
      action={isAdmin ? <Invite teams={people.data.teams} /> : undefined}
    >
      <Grid>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Paper withBorder>
            <Table.ScrollContainer minWidth={640}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Person</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Last sign-in</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {people.data.members.map((m) => (
                    <Table.Tr key={m.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {m.user.name || m.user.email}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {m.user.email}
                          {m.user.totpEnabled ? ' · 2FA' : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {isAdmin && m.user.id !== viewer?.user.id ? (
                          <Select
                            aria-label={`Role of ${m.user.email}`}
                            size="xs"
                            w={120}
                            data={ROLES.map((r) => ({ value: r.value, label: r.value.toLowerCase() }))}
                            value={m.role}
                            allowDeselect={false}
                            onChange={(role) =>
                              role &&
                              role !== m.role &&
                              update.mutate({ id: m.id, role: role as Role, teamIds: m.teamIds })
                            }
                          />
                        ) : (
                          m.role.toLowerCase()
                        )}
                        {m.teamIds ? (
                          <Text size="xs" c="dimmed">
                            {m.teamIds.map((t) => teams.get(t) ?? 'a team').join(', ')}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{relativeTime(m.user.lastSignInAt)}</Table.Td>
                      <Table.Td ta="right">
                        {isAdmin && m.user.id !== viewer?.user.id && (
                          <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(m.id)}>
                            Remove
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
          {pending.length > 0 && (
            <Paper withBorder p="md" mt="md">
              <Title order={2} size="h4" mb="xs">
                Invitations waiting
              </Title>
              {pending.map((i) => (
                <Group key={i.id} justify="space-between">
                  <Text size="sm">
                    {i.email} · {i.role.toLowerCase()}
                  </Text>
                  <Text size="xs" c="dimmed">
                    expires {relativeTime(i.expiresAt)}
                  </Text>
                </Group>
              ))}
            </Paper>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">
              Teams
            </Title>
            {people.data.teams.length === 0 ? (
              <Text size="sm" c="dimmed">
                No team: every role holds over the whole organisation.
              </Text>
            ) : (
              <Stack gap={4}>
                {people.data.teams.map((t) => (
                  <div key={t.id}>
                    <Badge variant="light">{t.name}</Badge>{' '}
                    <Text span size="xs" c="dimmed">
                      {t.description}
                    </Text>
                  </div>
                ))}
              </Stack>
            )}
            {isAdmin && (
              <form onSubmit={(e) => (e.preventDefault(), createTeam.mutate(undefined))}>
                <Group mt="sm" align="flex-end" gap="xs">
                  <TextInput
                    label="New team"
                    value={teamName}
                    onChange={(e) => setTeamName(e.currentTarget.value)}
                    flex={1}
                  />
                  <Button type="submit" disabled={!teamName.trim()} loading={createTeam.isPending}>
                    Create
                  </Button>
                </Group>
              </form>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </Page>
  );
}

function Invite({ teams }: { teams: { id: string; name: string }[] }) {
  const [opened, { open, close }] = useDisclosure();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('MEMBER');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const invite = useAction(
    () => gql(InviteDocument, { email: email.trim(), access: { role, teamIds: teamIds.length ? teamIds : undefined } }),
    {
      done: (r) => (r.createInvitation.mailed ? `Invitation mailed to ${email}.` : 'Invitation created.'),
      refresh: ['invitations'],
    },
  );
  const shut = () => (close(), invite.reset(), setEmail(''));
  return (
    <>
      <Button onClick={open}>Invite someone</Button>
      <Modal opened={opened} onClose={shut} title="Invite someone" size="lg">
        {invite.data?.createInvitation.mailed ? (
          <Stack>
            <Alert color="teal" variant="light">
              The invitation is on its way to {email}.
            </Alert>
            <Button onClick={shut}>Done</Button>
          </Stack>
        ) : invite.data ? (
          <ShownOnce
            title="No mail server is set up"
            color="yellow"
            text={invite.data.createInvitation.link ?? ''}
            label="invitation link"
            onDone={shut}
          >
            Pass this single-use link on yourself; it is shown only now.
          </ShownOnce>
        ) : (
          <form onSubmit={(e) => (e.preventDefault(), invite.mutate(undefined))}>
            <Stack>
              <TextInput
                label="Email"
                type="email"
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                required
              />
              <Select
                label="Role"
                data={ROLES}
                value={role}
                allowDeselect={false}
                onChange={(v) => setRole((v as Role) ?? 'MEMBER')}
              />
              <MultiSelect
                label="Teams"
                placeholder="The whole organisation"
                data={teams.map((t) => ({ value: t.id, label: t.name }))}
                value={teamIds}
                onChange={setTeamIds}
              />
              <Button type="submit" loading={invite.isPending}>
                Send invitation
              </Button>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
