import type { Message } from '../../outbox/alert-payloads';
import { findingLine, findingUrl, firstFindings, type Links, summarise, truncate } from './render';

/**
 * A Slack incoming-webhook message in Block Kit, within Slack's published limits: at most 50
 * blocks, a header of 150 characters, section texts of 3,000, fields of 2,000 (ten at most), a
 * button's text of 75 and its URL of 3,000. A message that breaks one is refused whole
 * (`invalid_blocks`), so every limit is kept here rather than hoped for.
 */
export const SLACK_LIMITS = {
  blocks: 50,
  header: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  buttonText: 75,
  url: 3000,
  fallbackText: 3000,
} as const;

/** Findings listed one section each; the rest are counted ("and 12 more"). */
export const SLACK_FINDINGS = 20;

type Text = { type: 'plain_text' | 'mrkdwn'; text: string };
export type SlackBlock =
  | { type: 'header'; text: Text }
  | { type: 'section'; text?: Text; fields?: Text[] }
  | { type: 'context'; elements: Text[] }
  | { type: 'divider' }
  | { type: 'actions'; elements: { type: 'button'; text: Text; url: string; action_id: string }[] };

export interface SlackMessage {
  /** The notification's text, and what clients without Block Kit show. */
  text: string;
  blocks: SlackBlock[];
}

/** Slack's mrkdwn reads &, < and > as markup: anything from a cluster is escaped (a name is hostile input). */
export const escapeMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const mrkdwn = (text: string, max: number): Text => ({ type: 'mrkdwn', text: truncate(text, max) });

const link = (url: string | undefined, label: string) =>
  url && url.length <= SLACK_LIMITS.url ? `<${url}|${label}>` : label;

export function slackMessage(message: Message, links: Links): SlackMessage {
  const s = summarise(message, links);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(s.headline, SLACK_LIMITS.header) } },
  ];
  if (s.facts.length > 0)
    blocks.push({
      type: 'section',
      fields: s.facts
        .slice(0, SLACK_LIMITS.fields)
        .map((f) => mrkdwn(`*${escapeMrkdwn(f.name)}*\n${escapeMrkdwn(f.value)}`, SLACK_LIMITS.fieldText)),
    });
  const { listed, more } = firstFindings(s, SLACK_FINDINGS);
  if (listed.length > 0) blocks.push({ type: 'divider' });
  for (const f of listed) {
    const line = findingLine(f);
    const title = link(findingUrl(links, f.id), escapeMrkdwn(line.title));
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `*${line.severity}* · ${line.verb} · ${title}\n\`${escapeMrkdwn(line.where)}\`\n${escapeMrkdwn(f.message)}`,
        SLACK_LIMITS.sectionText,
      ),
    });
  }
  if (more > 0)
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(`…and ${more.toLocaleString('en')} more ${link(s.url, 'in Kubeward')}`, SLACK_LIMITS.sectionText),
      ],
    });
  if (s.url && s.url.length <= SLACK_LIMITS.url)
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open in Kubeward' },
          url: s.url,
          action_id: 'kubeward-open',
        },
      ],
    });
  return { text: truncate(s.headline, SLACK_LIMITS.fallbackText), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}
