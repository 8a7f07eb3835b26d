import { Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { gql } from '../api/client';
import { Failed } from '../components/states';
import { graphql } from '../gql';

const StartOrganizationDocument = graphql(`
  mutation StartOrganization($name: String!) {
    startOrganization(name: $name) {
      id
    }
  }
`);

/** A signed-in person with no organisation yet: start one, or wait for an invitation. */
export function StartOrganization() {
  const [name, setName] = useState('');
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: () => gql(StartOrganizationDocument, { name: name.trim() }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['viewer'] }),
  });
  return (
    <Paper withBorder p="lg" maw={520} mx="auto" mt="xl">
      <form onSubmit={(e) => (e.preventDefault(), start.mutate())}>
        <Stack>
          <Title order={2}>Start an organisation</Title>
          <Text c="dimmed" size="sm">
            You are not a member of any organisation yet. Start your own, or ask an admin of your team’s for an
            invitation.
          </Text>
          <TextInput label="Organisation name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
          {start.error && <Failed error={start.error} />}
          <Button type="submit" loading={start.isPending} disabled={!name.trim()}>
            Start organisation
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
