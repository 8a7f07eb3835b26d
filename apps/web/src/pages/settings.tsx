import { Button, Group, NumberInput, Paper, Select, Stack, Switch, TagsInput, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { gql } from '../api/client';
import { useAction } from '../api/mutate';
import { allows, viewerQuery } from '../api/session';
import { Page } from '../components/page';
import { Failed, Loading } from '../components/states';
import { graphql } from '../gql';
import type { Severity } from '../gql/graphql';
import { SEVERITIES } from '../lib/format';

/** A list of image or registry prefixes, one setting of the page. */
function PrefixSetting(props: {
  title: string;
  value: string[];
  onChange: (value: string[]) => void;
  disabled: boolean;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4">
        {props.title}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {props.children}
      </Text>
      <TagsInput
        aria-label={props.title}
        placeholder="Type a prefix, then Enter"
        value={props.value}
        onChange={props.onChange}
        disabled={props.disabled}
      />
    </Paper>
  );
}

const SettingsDocument = graphql(`
  query Settings {
    organizationSettings {
      trustedRegistries
      minimalImages
      immutableTagImages
      alertOnPlatformFindings
      dormantAccountDays
      historyRetentionDays
      historyRetentionIsDefault
      severityOverrides {
        ruleId
        severity
      }
    }
    rules {
      id
      title
      severity
    }
  }
`);
const UpdateSettingsDocument = graphql(`
  mutation UpdateSettings($input: UpdateOrganizationSettingsInput!) {
    updateOrganizationSettings(input: $input) {
      trustedRegistries
    }
  }
`);

type Override = { ruleId: string; severity: Severity };

export function SettingsPage() {
  const { data, error, isPending, refetch } = useQuery({
    queryKey: ['settings'],
    queryFn: ({ signal }) => gql(SettingsDocument, {}, signal),
  });
  const { data: viewer } = useQuery(viewerQuery);
  const canEdit = allows(viewer?.current?.role, 'ADMIN');
  const canSetRetention = allows(viewer?.current?.role, 'OWNER');
  const [registries, setRegistries] = useState<string[]>([]);
  const [minimal, setMinimal] = useState<string[]>([]);
  const [immutable, setImmutable] = useState<string[]>([]);
  const [platform, setPlatform] = useState(false);
  const [retention, setRetention] = useState<number | string>('');
  const [dormantDays, setDormantDays] = useState<number | string>(30);
  const [overrides, setOverrides] = useState<Override[]>([]);
  useEffect(() => {
    if (!data) return;
    const s = data.organizationSettings;
    setRegistries(s.trustedRegistries);
    setMinimal(s.minimalImages);
    setImmutable(s.immutableTagImages);
    setPlatform(s.alertOnPlatformFindings);
    setRetention(s.historyRetentionDays);
    setDormantDays(s.dormantAccountDays);
    setOverrides(s.severityOverrides);
  }, [data]);
  // Only what changed is sent: each setting has its own role, and an unchanged one needs none.
  const save = useAction(
    () => {
      const was = data!.organizationSettings;
      const days = typeof retention === 'number' ? retention : null;
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      return gql(UpdateSettingsDocument, {
        input: {
          ...(same(registries, was.trustedRegistries) ? {} : { trustedRegistries: registries }),
          ...(same(minimal, was.minimalImages) ? {} : { minimalImages: minimal }),
          ...(same(immutable, was.immutableTagImages) ? {} : { immutableTagImages: immutable }),
          ...(platform === was.alertOnPlatformFindings ? {} : { alertOnPlatformFindings: platform }),
          ...(days === was.historyRetentionDays ? {} : { historyRetentionDays: days }),
          ...(typeof dormantDays !== 'number' || dormantDays === was.dormantAccountDays
            ? {}
            : { dormantAccountDays: dormantDays }),
          ...(same(overrides, was.severityOverrides) ? {} : { severityOverrides: overrides }),
        },
      });
    },
    { done: 'Settings saved. They apply from the next evaluation.', refresh: ['settings'] },
  );
  if (isPending) return <Loading label="Loading settings" />;
  if (error) return <Failed error={error} retry={() => void refetch()} />;
  const rules = data.rules;
  return (
    <Page
      title="Settings"
      description="How the rules judge this organisation’s clusters, and how long history is kept."
    >
      <form onSubmit={(e) => (e.preventDefault(), save.mutate(undefined))}>
        <Stack maw={760}>
          <PrefixSetting title="Trusted registries" value={registries} onChange={setRegistries} disabled={!canEdit}>
            Images may come only from these prefixes (for example registry.example.com/). Empty: the trusted-registry
            rule is not evaluated.
          </PrefixSetting>
          <PrefixSetting title="Minimal images" value={minimal} onChange={setMinimal} disabled={!canEdit}>
            Images (prefixes) you count as minimal, for example your own hardened base images, besides the known minimal
            publishers (distroless, Chainguard…).
          </PrefixSetting>
          <PrefixSetting
            title="Registries with immutable tags"
            value={immutable}
            onChange={setImmutable}
            disabled={!canEdit}
          >
            Image prefixes whose registry refuses to overwrite a tag (ECR immutable tags, Harbor immutability rules): a
            tag pins their images as a digest would.
          </PrefixSetting>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">
              Severity overrides
            </Title>
            <Stack gap="xs">
              {overrides.map((o, i) => (
                <Group key={o.ruleId} gap="xs" wrap="nowrap">
                  <Text size="sm" flex={1}>
                    {rules.find((r) => r.id === o.ruleId)?.title ?? o.ruleId}
                  </Text>
                  <Select
                    aria-label={`Severity of ${o.ruleId}`}
                    w={140}
                    data={[...SEVERITIES]}
                    value={o.severity}
                    allowDeselect={false}
                    disabled={!canEdit}
                    onChange={(v) =>
                      setOverrides(
                        overrides.map((x, j) => (j === i ? { ...x, severity: (v as Severity) ?? x.severity } : x)),
                      )
                    }
                  />
                  <Button
                    variant="subtle"
                    color="red"
                    size="xs"
                    disabled={!canEdit}
                    onClick={() => setOverrides(overrides.filter((_, j) => j !== i))}
                  >
                    Remove
                  </Button>
                </Group>
              ))}
              {canEdit && (
                <Select
                  aria-label="Override a rule’s severity"
                  placeholder="Override a rule’s severity…"
                  searchable
                  value={null}
                  data={rules
                    .filter((r) => !overrides.some((o) => o.ruleId === r.id))
                    .map((r) => ({ value: r.id, label: `${r.title} (${r.severity.toLowerCase()})` }))}
                  onChange={(v) => {
                    const rule = rules.find((r) => r.id === v);
                    if (rule) setOverrides([...overrides, { ruleId: rule.id, severity: rule.severity }]);
                  }}
                />
              )}
            </Stack>
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">
              Service accounts
            </Title>
            <NumberInput
              label="Days before an unused powerful service account is dormant"
              description="A service account that can read secrets, create pods or bind roles, and that no workload has run as for this long, is reported."
              min={1}
              max={3650}
              value={dormantDays}
              onChange={setDormantDays}
              disabled={!canEdit}
              w={260}
            />
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">
              Alerts and history
            </Title>
            <Stack>
              <Switch
                label="Alert on findings of platform components (kube-proxy, CNI and CSI agents…)"
                checked={platform}
                onChange={(e) => setPlatform(e.currentTarget.checked)}
                disabled={!canEdit}
              />
              <NumberInput
                label="Days of history to keep"
                description={
                  !canSetRetention
                    ? 'Only owners change how long history is kept.'
                    : data.organizationSettings.historyRetentionIsDefault
                      ? 'The service’s default. Shortening hides older history at once.'
                      : 'Shortening hides older history at once; clear it to go back to the default.'
                }
                min={1}
                max={3650}
                value={retention}
                onChange={setRetention}
                disabled={!canSetRetention}
                w={260}
              />
            </Stack>
          </Paper>
          {canEdit && (
            <Group>
              <Button type="submit" loading={save.isPending}>
                Save settings
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Page>
  );
}
