import { Alert, Button, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { CopyBlock } from './copy';

/** A secret the API returns once (a key, a token, a signing secret, a link): said so, with copy. */
export function ShownOnce({
  title,
  children,
  text,
  label,
  filename,
  color = 'teal',
  onDone,
}: {
  title: string;
  children: ReactNode;
  text: string;
  label: string;
  filename?: string;
  color?: string;
  onDone?: () => void;
}) {
  return (
    <Stack>
      <Alert color={color} variant="light" title={title}>
        {children}
      </Alert>
      <CopyBlock text={text} label={label} filename={filename} />
      {onDone && <Button onClick={onDone}>Done</Button>}
    </Stack>
  );
}
