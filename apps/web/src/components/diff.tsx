import { Badge, Code, Group, Stack, Table, Text } from '@mantine/core';
import { fieldValue, resourceLabel } from '../lib/format';

interface Change {
  type: string;
  kind: string;
  namespace?: string | null;
  name: string;
  diff: { path: string; before?: unknown; after?: unknown }[];
}

const TYPE_COLOR: Record<string, string> = { ADDED: 'teal', MODIFIED: 'blue', REMOVED: 'gray' };

/** An object change: what was added, modified or removed, and each field before → after. */
export function ChangeDiff({ change }: { change: Change }) {
  return (
    <Stack gap={4}>
      <Group gap={6}>
        <Badge size="xs" variant="light" color={TYPE_COLOR[change.type] ?? 'gray'}>
          {change.type.toLowerCase()}
        </Badge>
        <Text size="sm" ff="monospace">
          {resourceLabel(change)}
        </Text>
      </Group>
      {change.diff.length > 0 && (
        <Table.ScrollContainer minWidth={420}>
          <Table withTableBorder fz="xs" verticalSpacing={2}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Field</Table.Th>
                <Table.Th>Before</Table.Th>
                <Table.Th>After</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {change.diff.map((d) => (
                <Table.Tr key={d.path}>
                  <Table.Td>
                    <Code>{d.path}</Code>
                  </Table.Td>
                  <Table.Td c="red.8" ff="monospace" style={{ wordBreak: 'break-all' }}>
                    {fieldValue(d.before)}
                  </Table.Td>
                  <Table.Td c="teal.9" ff="monospace" style={{ wordBreak: 'break-all' }}>
                    {fieldValue(d.after)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
