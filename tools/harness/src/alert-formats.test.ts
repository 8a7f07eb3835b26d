import { describe, expect, it } from 'vitest';
import { adfProblems, pagerDutyProblems, slackProblems, teamsProblems } from './alert-formats';

/** The checks stand in for the services: they must refuse what the services refuse. */
describe('alert formats', () => {
  it('Slack: refuses broken limits and unknown blocks', () => {
    expect(
      slackProblems({ text: 'ok', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x' } }] }),
    ).toEqual([]);
    expect(
      slackProblems({ blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] }),
    ).toEqual(['blocks[0] (header): 151 characters (at most 150)']);
    expect(slackProblems({ blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } }] })).toHaveLength(1);
    expect(slackProblems({ blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) })).toEqual([
      '51 blocks (at most 50)',
    ]);
    expect(slackProblems({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '' } }] })).toHaveLength(1);
    expect(slackProblems({ blocks: [{ type: 'carousel' }] })).toEqual(['blocks[0] (carousel): unknown block type']);
  });

  it('Teams: refuses what the Adaptive Cards parser complains of', () => {
    const card = (body: unknown[]) => ({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: { type: 'AdaptiveCard', version: '1.4', body },
        },
      ],
    });
    expect(teamsProblems(card([{ type: 'TextBlock', text: 'x' }]))).toEqual([]);
    expect(teamsProblems(card([{ type: 'TextBlock', text: 'x', weight: 'Heavy' }]))).toEqual([
      'Invalid value "Heavy" for property "weight".',
    ]);
    expect(teamsProblems(card([{ type: 'Bogus' }]))[0]).toMatch(/Unknown element type "Bogus"/);
    expect(teamsProblems({ text: 'x' })).toEqual(['not a message with attachments']);
  });

  it('PagerDuty: trigger needs a payload, resolve a dedup key', () => {
    const trigger = {
      routing_key: 'k',
      event_action: 'trigger',
      payload: { summary: 's', source: 'x', severity: 'error' },
    };
    expect(pagerDutyProblems(trigger)).toEqual([]);
    expect(pagerDutyProblems({ ...trigger, payload: { ...trigger.payload, severity: 'high' } })).not.toEqual([]);
    expect(pagerDutyProblems({ routing_key: 'k', event_action: 'resolve' })).not.toEqual([]);
    expect(pagerDutyProblems({ ...trigger, dedup_key: 'x'.repeat(256) })).not.toEqual([]);
    expect(pagerDutyProblems({ ...trigger, severity: 'error' })).not.toEqual([]);
  });

  it('ADF: refuses empty text and unknown nodes', () => {
    const doc = (content: unknown[]) => ({ version: 1, type: 'doc', content });
    expect(adfProblems(doc([{ type: 'paragraph', content: [{ type: 'text', text: 'hi' }] }]))).toEqual([]);
    expect(adfProblems(doc([{ type: 'paragraph', content: [{ type: 'text', text: '' }] }]))).not.toEqual([]);
    expect(adfProblems(doc([{ type: 'marquee' }]))).not.toEqual([]);
    expect(adfProblems({ type: 'doc', content: [] })).not.toEqual([]);
  });
});
