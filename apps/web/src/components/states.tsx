import { Alert, Button, Center, Group, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { explain } from '../lib/errors';

/** The shape of what is coming, in place: the page does not jump when the data arrives. */
export function Loading({ rows = 4, label = 'Loading' }: { rows?: number; label?: string }) {
  return (
    <Stack gap="sm" aria-busy="true" aria-label={label} role="status">
      <Skeleton height={28} width="40%" />
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={56} />
      ))}
    </Stack>
  );
}

/** Why a page has nothing to show, and the one step that would change that. */
export function Empty({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <Center py="xl">
      <Stack align="center" gap="xs" maw={460} ta="center">
        <ThemeIcon size={48} radius="xl" variant="light" color="gray" aria-hidden>
          <svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
            <path d="M12 3 4 6v6c0 5 3.4 8.3 8 9 4.6-.7 8-4 8-9V6z" />
          </svg>
        </ThemeIcon>
        <Title order={3}>{title}</Title>
        {children && <Text c="dimmed">{children}</Text>}
        {action}
      </Stack>
    </Center>
  );
}

/** What went wrong, in the API's words, and a way to try again. */
export function Failed({ error, retry }: { error: unknown; retry?: () => void }) {
  const { title, message } = explain(error);
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <Text size="sm">{message}</Text>
        {retry && (
          <Button size="xs" variant="white" color="red" onClick={retry}>
            Try again
          </Button>
        )}
      </Group>
    </Alert>
  );
}
