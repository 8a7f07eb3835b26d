import type { EvaluationChanged, MessageFinding } from '../../outbox/alert-payloads';
import { findingLine, findingUrl, type Links, truncate } from './render';

/**
 * Jira Cloud (REST API v3): an issue per finding opened, a comment and a transition when it
 * resolves or reopens. Every issue carries the label `kubeward-<finding id>`, so that an issue
 * created just before a crash is found again by search instead of being created twice.
 */

/** The non-secret half of a Jira destination (the API token is stored encrypted). */
export interface JiraSettings {
  /** The Atlassian account the API token belongs to. */
  email: string;
  projectKey: string;
  issueType: string;
  /** Transition names to use; without one, the first transition into a done (or to-do) status. */
  doneTransition?: string;
  reopenTransition?: string;
}

export const JIRA_PROJECT_KEY = /^[A-Z][A-Z0-9_]{1,9}$/;
export const JIRA_SUMMARY_MAX = 255;

/** The label that finds a finding's issue again. */
export const jiraLabel = (findingId: string): string => `kubeward-${findingId}`;

/** The search for a finding's issue; both values are checked shapes, so quoting them is enough. */
export const jiraSearchJql = (projectKey: string, findingId: string): string =>
  `project = "${projectKey}" AND labels = "${jiraLabel(findingId)}" ORDER BY created ASC`;

export const jiraAuthorization = (email: string, token: string): string =>
  `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;

/** Atlassian Document Format: the only thing v3 accepts as a description or comment. */
type AdfMark = { type: 'strong' } | { type: 'code' } | { type: 'link'; attrs: { href: string } };
type AdfInline = { type: 'text'; text: string; marks?: AdfMark[] } | { type: 'hardBreak' };
export type AdfNode =
  | { type: 'paragraph'; content: AdfInline[] }
  | { type: 'heading'; attrs: { level: number }; content: AdfInline[] }
  | { type: 'codeBlock'; attrs: { language: string }; content: AdfInline[] }
  | { type: 'bulletList'; content: { type: 'listItem'; content: AdfNode[] }[] };
export interface AdfDoc {
  version: 1;
  type: 'doc';
  content: AdfNode[];
}

// ADF refuses an empty text node; every text passes here.
const text = (value: string, ...marks: AdfMark[]): AdfInline[] =>
  value === '' ? [] : [{ type: 'text', text: value, ...(marks.length > 0 ? { marks } : {}) }];
const paragraph = (...inlines: AdfInline[][]): AdfNode => ({ type: 'paragraph', content: inlines.flat() });
const heading = (value: string): AdfNode => ({ type: 'heading', attrs: { level: 3 }, content: text(value) });
const bullets = (items: AdfInline[][]): AdfNode => ({
  type: 'bulletList',
  content: items.map((inlines) => ({ type: 'listItem', content: [paragraph(inlines)] })),
});
const linkTo = (url: string | undefined, label: string): AdfInline[] =>
  url ? text(label, { type: 'link', attrs: { href: url } }) : text(label);

/** The issue's fields for a finding opened in a cluster. */
export function jiraIssueFields(
  f: MessageFinding,
  cluster: EvaluationChanged['cluster'],
  settings: JiraSettings,
  links: Links,
): Record<string, unknown> {
  const line = findingLine(f);
  const content: AdfNode[] = [
    paragraph(text(`${f.severity}`, { type: 'strong' }), text(` · ${f.rule.id} · cluster ${cluster.name}`)),
    paragraph(text(truncate(f.message, 2000))),
    paragraph(text('Resource: '), text(truncate(line.where, 500), { type: 'code' })),
  ];
  if (f.paths.length > 0)
    content.push(heading('Where'), bullets(f.paths.slice(0, 20).map((p) => text(truncate(p, 500), { type: 'code' }))));
  if (f.remediation) {
    content.push(heading('How to fix it'), paragraph(text(truncate(f.remediation.text, 4000))));
    if (f.remediation.yaml)
      content.push({
        type: 'codeBlock',
        attrs: { language: 'yaml' },
        content: text(truncate(f.remediation.yaml, 8000)),
      });
  }
  const url = findingUrl(links, f.id);
  content.push(
    paragraph(
      text('Kubeward comments and moves this issue when the finding resolves or reopens. '),
      linkTo(url, url ? 'Open the finding in Kubeward' : `Finding ${f.id}`),
    ),
  );
  return {
    project: { key: settings.projectKey },
    issuetype: { name: settings.issueType },
    summary: truncate(
      `[${f.severity}] ${line.title}: ${line.where} (${cluster.name})`.replace(/[\r\n]+/g, ' '),
      JIRA_SUMMARY_MAX,
    ),
    description: { version: 1, type: 'doc', content } satisfies AdfDoc,
    labels: ['kubeward', jiraLabel(f.id)],
  };
}

/** The comment left when a finding resolves or reopens. */
export function jiraComment(f: MessageFinding, cluster: EvaluationChanged['cluster'], links: Links): AdfDoc {
  const url = findingUrl(links, f.id);
  const said =
    f.event === 'finding.resolved'
      ? `Resolved in cluster ${cluster.name}${f.resolution ? ` (${f.resolution.toLowerCase().replace(/_/g, ' ')})` : ''}.`
      : `Reopened in cluster ${cluster.name}: ${truncate(f.message, 2000)}`;
  return {
    version: 1,
    type: 'doc',
    content: [
      paragraph(
        text('Kubeward: ', { type: 'strong' }),
        text(said),
        text(' '),
        linkTo(url, url ? 'Open in Kubeward' : ''),
      ),
    ],
  };
}

export interface JiraTransition {
  id: string;
  name: string;
  to?: { name?: string; statusCategory?: { key?: string } };
}

/**
 * The transition to take: the configured one by name (or by its target status's name), else the
 * first into the status category wanted — `done` to resolve, `new` (to do) to reopen. Null when the
 * issue has none (already there, or the workflow does not allow it).
 */
export function pickTransition(
  transitions: readonly JiraTransition[],
  target: 'done' | 'reopen',
  configured?: string,
): JiraTransition | null {
  if (configured) {
    const name = configured.toLowerCase();
    return transitions.find((t) => t.name.toLowerCase() === name || t.to?.name?.toLowerCase() === name) ?? null;
  }
  const categories = target === 'done' ? ['done'] : ['new', 'indeterminate'];
  for (const category of categories) {
    const found = transitions.find((t) => t.to?.statusCategory?.key === category);
    if (found) return found;
  }
  return null;
}
