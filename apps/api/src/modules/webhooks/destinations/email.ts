import type { Message } from '../../outbox/alert-payloads';
import { findingLine, findingUrl, firstFindings, type Links, summarise, truncate } from './render';

/** Findings listed in one mail; the rest are counted. */
export const EMAIL_FINDINGS = 50;
/** A destination's recipients: enough for a team list, few enough not to be a mailing tool. */
export const EMAIL_MAX_RECIPIENTS = 10;

export interface EmailMessage {
  subject: string;
  text: string;
}

/** The recipients of a `mailto:` destination URL (comma-separated, percent-encoded). */
export function mailtoRecipients(url: string): string[] {
  if (!url.toLowerCase().startsWith('mailto:')) return [];
  const [addresses] = url.slice('mailto:'.length).split('?');
  return decodeURIComponent(addresses!)
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

// One line: a header must not carry a newline from a cluster's names.
const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ');

/** A plain-text mail: what a phone's preview and a mail filter both read well. */
export function emailMessage(message: Message, links: Links): EmailMessage {
  const s = summarise(message, links);
  const lines = [s.headline, ''];
  for (const f of s.facts) lines.push(`${f.name}: ${f.value}`);
  if (s.facts.length > 0) lines.push('');
  const { listed, more } = firstFindings(s, EMAIL_FINDINGS);
  for (const f of listed) {
    const line = findingLine(f);
    lines.push(
      `[${line.severity}] ${line.verb}: ${line.title}`,
      `  ${line.where}`,
      `  ${truncate(oneLine(f.message), 500)}`,
    );
    const url = findingUrl(links, f.id);
    if (url) lines.push(`  ${url}`);
    lines.push('');
  }
  if (more > 0) lines.push(`…and ${more.toLocaleString('en')} more.`, '');
  if (s.url) lines.push(`Open in Kubeward: ${s.url}`, '');
  lines.push('--', 'Sent by Kubeward. Change what this address receives under Alerts in the console.');
  return { subject: truncate(`[Kubeward] ${oneLine(s.headline)}`, 200), text: lines.join('\n') };
}
