/** A refused attempt that can be attributed to an organisation (a known but revoked credential, a role too low). */
export interface Refusal {
  organizationId: string;
  action: 'auth.refused' | 'auth.forbidden' | 'agent.refused' | 'user.signInFailed';
  actor: { type: 'API_KEY' | 'AGENT' | 'USER'; id: string };
  target?: { type: string; id: string };
  /** Why (revoked, expired, the cluster was deleted) or what was attempted (an operation). */
  reason: string;
  address?: string;
  at: Date;
}

/** The audit entry of a window's refusals of one actor and action. */
export interface RefusalSummary {
  organizationId: string;
  action: Refusal['action'];
  actor: Refusal['actor'];
  target?: Refusal['target'];
  details: { attempts: number; firstAt: string; lastAt: string; reasons: string[]; addresses: string[] };
}

/** Distinct reasons and addresses kept per entry: enough to investigate, bounded whatever is sent. */
const MAX_DISTINCT = 10;

/**
 * Refusals summed per organisation, action and actor until drained: an attacker hammering with a
 * revoked key costs one audit entry per window, not one write per attempt. Bounded: past
 * `maxEntries` distinct keys new ones are only counted as dropped.
 */
export class RefusalAggregator {
  private entries = new Map<string, RefusalSummary>();
  private dropped = 0;

  constructor(private readonly maxEntries = 10_000) {}

  note(r: Refusal): void {
    const key = `${r.organizationId}|${r.action}|${r.actor.type}|${r.actor.id}`;
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= this.maxEntries) {
        this.dropped++;
        return;
      }
      entry = {
        organizationId: r.organizationId,
        action: r.action,
        actor: r.actor,
        target: r.target,
        details: { attempts: 0, firstAt: r.at.toISOString(), lastAt: r.at.toISOString(), reasons: [], addresses: [] },
      };
      this.entries.set(key, entry);
    }
    const d = entry.details;
    d.attempts++;
    if (r.at.toISOString() > d.lastAt) d.lastAt = r.at.toISOString();
    if (r.at.toISOString() < d.firstAt) d.firstAt = r.at.toISOString();
    if (!d.reasons.includes(r.reason) && d.reasons.length < MAX_DISTINCT) d.reasons.push(r.reason);
    if (r.address && !d.addresses.includes(r.address) && d.addresses.length < MAX_DISTINCT) d.addresses.push(r.address);
  }

  /** What was noted since the last drain, and how many refusals did not fit; starts afresh. */
  drain(): { summaries: RefusalSummary[]; dropped: number } {
    const out = { summaries: [...this.entries.values()], dropped: this.dropped };
    this.entries = new Map();
    this.dropped = 0;
    return out;
  }
}
