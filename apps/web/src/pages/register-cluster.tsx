import { ButtonLink } from '../components/links';
import { Alert, Button, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { gqlPartial } from '../api/client';
import { explain } from '../lib/errors';
import { CopyBlock } from '../components/copy';
import { Failed } from '../components/states';
import { graphql } from '../gql';

const RegisterClusterDocument = graphql(`
  mutation RegisterCluster($name: String!) {
    registerCluster(name: $name) {
      agentToken
      installManifests
      cluster {
        id
        name
      }
    }
  }
`);

/** Registers a cluster and shows, once, what installs its agent. */
export function RegisterCluster() {
  const [opened, { open, close }] = useDisclosure();
  const [name, setName] = useState('');
  const queryClient = useQueryClient();
  const register = useMutation({
    mutationFn: () => gqlPartial(RegisterClusterDocument, { name: name.trim() }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['overview'] }),
  });
  const done = () => {
    close();
    register.reset();
    setName('');
  };
  const result = register.data?.data.registerCluster;
  const manifestError = register.data?.errors[0];
  return (
    <>
      <Button onClick={open}>Register a cluster</Button>
      <Modal opened={opened} onClose={done} title="Register a cluster" size="xl">
        {result ? (
          <Stack>
            <Alert color="teal" variant="light" title={`${result.cluster.name} is registered`}>
              Apply these manifests to the cluster (<code>kubectl apply -f kubeward-agent.yaml</code>). They hold its
              agent token, shown only now: keep them as you would a password.
            </Alert>
            {result.installManifests ? (
              <CopyBlock text={result.installManifests} label="install manifests" filename="kubeward-agent.yaml" />
            ) : (
              <>
                <Text size="sm">
                  No manifests: {manifestError ? explain(manifestError).message : 'the server could not render them'}.
                  The agent token is:
                </Text>
                <CopyBlock text={result.agentToken} label="agent token" />
              </>
            )}
            <ButtonLink to="/clusters/$clusterId" params={{ clusterId: result.cluster.id }} search={{}} onClick={done}>
              Open {result.cluster.name}
            </ButtonLink>
          </Stack>
        ) : (
          <form onSubmit={(e) => (e.preventDefault(), register.mutate())}>
            <Stack>
              <TextInput
                label="Name"
                description="Unique in your organisation, for example prod-eu-1."
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                required
                data-autofocus
              />
              {register.error && <Failed error={register.error} />}
              <Button type="submit" loading={register.isPending} disabled={!name.trim()}>
                Register
              </Button>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
