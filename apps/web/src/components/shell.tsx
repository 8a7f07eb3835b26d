import { NavLinkLink } from './links';
import { AppShell, Burger, Group, Menu, ScrollArea, Select, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { auth, gql } from '../api/client';
import { allows, SwitchOrganizationDocument, viewerQuery } from '../api/session';
import { explain } from '../lib/errors';
import { Empty } from './states';
import { StartOrganization } from '../pages/start-organization';

const NAV: { to: string; label: string; role?: 'ADMIN' }[] = [
  { to: '/', label: 'Overview' },
  { to: '/findings', label: 'Findings' },
  { to: '/compliance', label: 'Compliance' },
  { to: '/exceptions', label: 'Exceptions' },
  { to: '/alerts', label: 'Alerts', role: 'ADMIN' },
  { to: '/api-keys', label: 'API keys', role: 'ADMIN' },
  { to: '/members', label: 'Members and teams' },
  { to: '/audit', label: 'Audit log', role: 'ADMIN' },
  { to: '/settings', label: 'Settings' },
];

export function Logo() {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width="24" height="24" viewBox="0 0 32 32" aria-hidden>
        <path fill="var(--mantine-color-blue-7)" d="M16 2 4 7v8c0 7.2 5.1 13.4 12 15 6.9-1.6 12-7.8 12-15V7z" />
        <path fill="#fff" d="m14 20.6-4.3-4.3 1.8-1.8 2.5 2.5 6.5-6.5 1.8 1.8z" />
      </svg>
      <Text fw={700} size="lg">
        Kubeward
      </Text>
    </Group>
  );
}

/** The frame of every signed-in page: the organisation, the pages, who is signed in. */
export function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const { data: viewer } = useQuery(viewerQuery);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  if (!viewer) return null;
  const role = viewer.current?.role;

  const switchTo = async (organizationId: string | null) => {
    if (!organizationId || organizationId === viewer.current?.organization.id) return;
    try {
      await gql(SwitchOrganizationDocument, { organizationId });
      // Nothing of the previous organisation may linger on screen or in the cache.
      queryClient.clear();
      await navigate({ to: '/' });
    } catch (err) {
      notifications.show({ color: 'red', ...explain(err) });
    }
  };
  const signOut = async () => {
    await auth('sign-out').catch(() => undefined);
    queryClient.clear();
    await navigate({ to: '/sign-in', search: {} });
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Link to="/" style={{ color: 'inherit', textDecoration: 'none' }} aria-label="Kubeward overview">
              <Logo />
            </Link>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {viewer.memberships.length > 0 && (
              <Select
                aria-label="Organisation"
                size="xs"
                w={{ base: 130, sm: 200 }}
                allowDeselect={false}
                value={viewer.current?.organization.id ?? null}
                placeholder="Choose an organisation"
                data={viewer.memberships.map((m) => ({ value: m.organization.id, label: m.organization.name }))}
                onChange={(v) => void switchTo(v)}
              />
            )}
            <Menu position="bottom-end" withArrow>
              <Menu.Target>
                <UnstyledButton aria-label={`Account of ${viewer.user.name || viewer.user.email}`}>
                  <Text size="sm" fw={500} visibleFrom="sm">
                    {viewer.user.name || viewer.user.email}
                  </Text>
                  <Text size="sm" fw={500} hiddenFrom="sm" aria-hidden>
                    ☰
                  </Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{viewer.user.email}</Menu.Label>
                {role && <Menu.Label>Role: {role.toLowerCase()}</Menu.Label>}
                <Menu.Item onClick={() => void signOut()}>Sign out</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Pages">
        <ScrollArea>
          <Stack gap={2}>
            {NAV.filter((n) => !n.role || allows(role, n.role)).map((n) => (
              <NavLinkLink
                key={n.to}
                to={n.to}
                label={n.label}
                onClick={close}
                active={
                  n.to === '/' ? pathname === '/' || pathname.startsWith('/clusters/') : pathname.startsWith(n.to)
                }
              />
            ))}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        {viewer.current ? (
          <Outlet />
        ) : viewer.memberships.length > 0 ? (
          <Empty title="Choose an organisation">Pick one of yours above to see its clusters and findings.</Empty>
        ) : (
          <StartOrganization />
        )}
      </AppShell.Main>
    </AppShell>
  );
}
