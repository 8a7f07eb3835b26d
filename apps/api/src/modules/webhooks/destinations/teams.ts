import type { Message } from '../../outbox/alert-payloads';
import { findingLine, findingUrl, firstFindings, type Links, summarise, truncate } from './render';

/**
 * A Microsoft Teams message for a workflow ("When a Teams webhook request is received") webhook:
 * one Adaptive Card 1.4. Text from a cluster goes in `TextRun`s, which Teams never reads as
 * Markdown, so a resource name cannot forge a link. Teams refuses a card over 28 KB: findings are
 * dropped from the end until it fits, and counted instead.
 */
export const TEAMS_MAX_BYTES = 28_000;
export const TEAMS_FINDINGS = 15;

type Element = Record<string, unknown> & { type: string };

export interface TeamsMessage {
  type: 'message';
  attachments: { contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: Element }[];
}

const runs = (...parts: (string | { text: string; weight?: 'Bolder'; color?: string; fontType?: 'Monospace' })[]) => ({
  type: 'RichTextBlock',
  inlines: parts.map((p) => ({ type: 'TextRun', ...(typeof p === 'string' ? { text: p } : p) })),
});

const COLOUR = {
  CRITICAL: 'Attention',
  HIGH: 'Attention',
  MEDIUM: 'Warning',
  LOW: 'Default',
  INFO: 'Default',
} as const;

export function teamsMessage(message: Message, links: Links): TeamsMessage {
  const s = summarise(message, links);
  const card = (shown: number): TeamsMessage => {
    const { listed, more } = firstFindings(s, shown);
    const body: Element[] = [
      {
        ...runs({
          text: truncate(s.headline, 300),
          weight: 'Bolder',
          color: s.tone === 'bad' ? 'Attention' : s.tone === 'good' ? 'Good' : 'Default',
        }),
      },
    ];
    if (s.facts.length > 0)
      body.push(
        ...s.facts.map((f) => runs({ text: `${truncate(f.name, 100)}: `, weight: 'Bolder' }, truncate(f.value, 500))),
      );
    for (const f of listed) {
      const line = findingLine(f);
      const url = findingUrl(links, f.id);
      body.push({
        type: 'Container',
        separator: true,
        ...(url ? { selectAction: { type: 'Action.OpenUrl', url, title: 'Open the finding' } } : {}),
        items: [
          runs({ text: line.severity, weight: 'Bolder', color: COLOUR[line.severity] }, ` · ${line.verb} · `, {
            text: truncate(line.title, 200),
            weight: 'Bolder',
          }),
          runs({ text: truncate(line.where, 300), fontType: 'Monospace' }),
          runs(truncate(f.message, 400)),
        ],
      });
    }
    if (more > 0) body.push(runs(`…and ${more.toLocaleString('en')} more in Kubeward.`));
    return {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            msteams: { width: 'Full' },
            body,
            ...(s.url ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in Kubeward', url: s.url }] } : {}),
          },
        },
      ],
    };
  };
  let shown = Math.min(TEAMS_FINDINGS, s.findings.length);
  let out = card(shown);
  while (shown > 0 && Buffer.byteLength(JSON.stringify(out)) > TEAMS_MAX_BYTES) out = card(--shown);
  return out;
}
