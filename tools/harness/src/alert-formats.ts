import { Ajv, type ErrorObject } from 'ajv';
import { createRequire } from 'node:module';

/**
 * What each alert service accepts, checked the way the service checks it: Slack's Block Kit
 * limits, the Adaptive Cards reference parser, PagerDuty's Events API v2 event schema and
 * Atlassian's published JSON schema of its document format. Each returns the problems found
 * (empty: the service would take it).
 */

const load = createRequire(__filename);

const errorsOf = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);

/** Slack's published Block Kit limits (api.slack.com/reference/block-kit). */
export function slackProblems(message: unknown): string[] {
  const problems: string[] = [];
  const m = message as { text?: unknown; blocks?: unknown };
  if (typeof m !== 'object' || m === null) return ['the body is not a JSON object'];
  if (typeof m.text !== 'string' && !Array.isArray(m.blocks)) problems.push('neither text nor blocks');
  if (typeof m.text === 'string' && m.text.length > 40_000) problems.push('text over 40,000 characters');
  const blocks = (Array.isArray(m.blocks) ? m.blocks : []) as Record<string, unknown>[];
  if (blocks.length > 50) problems.push(`${blocks.length} blocks (at most 50)`);
  const text = (where: string, t: unknown, max: number, plainOnly = false) => {
    const o = t as { type?: unknown; text?: unknown };
    if (typeof o !== 'object' || o === null) return problems.push(`${where}: not a text object`);
    if (o.type !== 'plain_text' && (plainOnly || o.type !== 'mrkdwn'))
      problems.push(`${where}: bad text type ${String(o.type)}`);
    if (typeof o.text !== 'string' || o.text.length === 0) problems.push(`${where}: empty text`);
    else if (o.text.length > max) problems.push(`${where}: ${o.text.length} characters (at most ${max})`);
    return 0;
  };
  blocks.forEach((b, i) => {
    const at = `blocks[${i}] (${String(b.type)})`;
    switch (b.type) {
      case 'header':
        text(at, b.text, 150, true);
        break;
      case 'section': {
        if (b.text === undefined && b.fields === undefined) problems.push(`${at}: neither text nor fields`);
        if (b.text !== undefined) text(at, b.text, 3000);
        const fields = (b.fields ?? []) as unknown[];
        if (fields.length > 10) problems.push(`${at}: ${fields.length} fields (at most 10)`);
        fields.forEach((f, j) => text(`${at}.fields[${j}]`, f, 2000));
        break;
      }
      case 'context': {
        const elements = (b.elements ?? []) as unknown[];
        if (elements.length === 0 || elements.length > 10) problems.push(`${at}: 1 to 10 elements`);
        elements.forEach((e, j) => text(`${at}.elements[${j}]`, e, 3000));
        break;
      }
      case 'divider':
        break;
      case 'actions': {
        const elements = (b.elements ?? []) as Record<string, unknown>[];
        if (elements.length === 0 || elements.length > 25) problems.push(`${at}: 1 to 25 elements`);
        elements.forEach((e, j) => {
          if (e.type !== 'button') return problems.push(`${at}.elements[${j}]: not a button`);
          text(`${at}.elements[${j}]`, e.text, 75, true);
          if (typeof e.url === 'string' && e.url.length > 3000) problems.push(`${at}.elements[${j}]: url too long`);
          if (typeof e.action_id === 'string' && e.action_id.length > 255) problems.push(`${at}: action_id too long`);
          return 0;
        });
        break;
      }
      default:
        problems.push(`${at}: unknown block type`);
    }
  });
  return problems;
}

/** A Teams workflow message: one Adaptive Card attachment the reference parser reads without a complaint. */
export function teamsProblems(message: unknown): string[] {
  const m = message as { type?: unknown; attachments?: { contentType?: unknown; content?: unknown }[] };
  if (m?.type !== 'message' || !Array.isArray(m.attachments) || m.attachments.length === 0)
    return ['not a message with attachments'];
  const problems: string[] = [];
  if (Buffer.byteLength(JSON.stringify(message)) > 28 * 1024) problems.push('over 28 KB');
  // The browser bundle: its module build imports files the package does not ship.
  const AC = load('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');
  for (const a of m.attachments) {
    if (a.contentType !== 'application/vnd.microsoft.card.adaptive') {
      problems.push(`attachment of type ${String(a.contentType)}`);
      continue;
    }
    const content = a.content as { type?: unknown; version?: unknown };
    if (content?.type !== 'AdaptiveCard' || typeof content.version !== 'string') {
      problems.push('not an AdaptiveCard with a version');
      continue;
    }
    const context = new AC.SerializationContext();
    new AC.AdaptiveCard().parse(content, context);
    for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  }
  return problems;
}

/** PagerDuty Events API v2 (developer.pagerduty.com/docs/events-api-v2/trigger-events). */
const PAGERDUTY_EVENT = {
  type: 'object',
  required: ['routing_key', 'event_action'],
  additionalProperties: false,
  properties: {
    routing_key: { type: 'string', minLength: 1 },
    event_action: { enum: ['trigger', 'acknowledge', 'resolve'] },
    dedup_key: { type: 'string', minLength: 1, maxLength: 255 },
    client: { type: 'string' },
    client_url: { type: 'string' },
    images: { type: 'array', items: { type: 'object', required: ['src'] } },
    links: {
      type: 'array',
      items: {
        type: 'object',
        required: ['href'],
        properties: { href: { type: 'string' }, text: { type: 'string' } },
        additionalProperties: false,
      },
    },
    payload: {
      type: 'object',
      required: ['summary', 'source', 'severity'],
      additionalProperties: false,
      properties: {
        summary: { type: 'string', minLength: 1, maxLength: 1024 },
        source: { type: 'string', minLength: 1 },
        severity: { enum: ['critical', 'error', 'warning', 'info'] },
        timestamp: {
          type: 'string',
          pattern: '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)$',
        },
        component: { type: 'string' },
        group: { type: 'string' },
        class: { type: 'string' },
        custom_details: { type: 'object' },
      },
    },
  },
  allOf: [
    { if: { properties: { event_action: { const: 'trigger' } } }, then: { required: ['payload'] } },
    { if: { properties: { event_action: { enum: ['acknowledge', 'resolve'] } } }, then: { required: ['dedup_key'] } },
  ],
};

let validators: { pagerDuty: ReturnType<Ajv['compile']>; adf: ReturnType<Ajv['compile']> } | undefined;
function compiled() {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    // Atlassian publishes it as draft-04; nothing in it reads differently under Ajv's default draft.
    const { $schema: _draft, ...adf } = load('@atlaskit/adf-schema/json-schema/v1/full.json') as Record<
      string,
      unknown
    >;
    validators = { pagerDuty: ajv.compile(PAGERDUTY_EVENT), adf: ajv.compile(adf) };
  }
  return validators;
}

export function pagerDutyProblems(event: unknown): string[] {
  const validate = compiled().pagerDuty;
  return validate(event) ? [] : errorsOf(validate.errors);
}

/** Atlassian Document Format, against @atlaskit/adf-schema's JSON schema. */
export function adfProblems(doc: unknown): string[] {
  const validate = compiled().adf;
  return validate(doc) ? [] : errorsOf(validate.errors);
}
