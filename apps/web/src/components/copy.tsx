import { ActionIcon, Box, Button, Code, CopyButton, Group, ScrollArea, Tooltip } from '@mantine/core';

/** A block of text (YAML, manifests) with copy and, when named, download. */
export function CopyBlock({ text, label, filename }: { text: string; label: string; filename?: string }) {
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: filename });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Box pos="relative">
      <Group gap="xs" pos="absolute" top={6} right={6} style={{ zIndex: 1 }}>
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : `Copy ${label}`} withArrow>
              <Button
                size="compact-xs"
                variant={copied ? 'filled' : 'default'}
                color={copied ? 'teal' : undefined}
                onClick={copy}
              >
                {copied ? 'Copied' : 'Copy'}
              </Button>
            </Tooltip>
          )}
        </CopyButton>
        {filename && (
          <ActionIcon variant="default" size="sm" onClick={download} aria-label={`Download ${label}`}>
            <svg
              width="14"
              height="14"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              aria-hidden
            >
              <path d="M12 3v12m0 0-5-5m5 5 5-5M4 21h16" />
            </svg>
          </ActionIcon>
        )}
      </Group>
      <ScrollArea.Autosize mah={420}>
        <Code block aria-label={label} tabIndex={0}>
          {text}
        </Code>
      </ScrollArea.Autosize>
    </Box>
  );
}
