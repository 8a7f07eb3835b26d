import type { ControlStatus } from '@kubeward/rules';
import { v5 as uuidv5 } from 'uuid';
import type { EvidenceControl, EvidenceDocument } from './evidence-document';

/** Kubeward's namespace for the names of OSCAL properties it defines, and for its UUIDs. */
export const OSCAL_NS = 'https://kubeward.dev/ns/oscal';
const UUID_NS = uuidv5(OSCAL_NS, uuidv5.URL);
export const OSCAL_VERSION = '1.0.6';

/**
 * An OSCAL token (an XML NCName) for a control: the framework's own ids may start with a digit
 * (CIS "5.2.2") or hold a slash (PSS "baseline/host-namespaces"), which a token may not.
 */
export const controlToken = (framework: string, control: string): string =>
  `${framework}_${control}`.replace(/[^\p{L}\p{N}._-]/gu, '-');

/** OSCAL's plain strings may not start or end with blanks, nor span lines. */
const line = (s: string): string => s.replace(/\s+/g, ' ').trim() || '-';

/** OSCAL's target state, and its reason, for a control's status. */
const TARGET: Record<ControlStatus, { state: 'satisfied' | 'not-satisfied'; reason: 'pass' | 'fail' | 'other' }> = {
  PASS: { state: 'satisfied', reason: 'pass' },
  FAIL: { state: 'not-satisfied', reason: 'fail' },
  // Not met, but with the deviation approved: the risks say by whom and until when.
  ACCEPTED_RISK: { state: 'not-satisfied', reason: 'other' },
  // Not shown satisfied by this evidence: the remarks say why.
  NOT_EVALUABLE: { state: 'not-satisfied', reason: 'other' },
  MANUAL: { state: 'not-satisfied', reason: 'other' },
};

const prop = (name: string, value: string) => ({ name, ns: OSCAL_NS, value: line(value) });

/**
 * The document as NIST OSCAL Assessment Results (1.0.6): one result for the moment; each control a
 * finding whose target is the control, with the kubeward status as a property; each failing
 * resource an observation of its cluster (an inventory item); each accepted risk a risk whose
 * deviation was approved, until its expiry. Every UUID is derived (v5) from what it names, so the
 * same report gives the same document.
 */
export function evidenceOscal(doc: EvidenceDocument): object {
  const at = doc.at.toISOString();
  const clusterIds = doc.clusters.map((c) => c.id).sort();
  const documentKey = `${doc.organization.id}/${doc.framework.id}/${at}/${clusterIds.join(',')}`;
  const id = (...parts: string[]) => uuidv5([documentKey, ...parts].join('/'), UUID_NS);
  const tool = uuidv5('kubeward', UUID_NS);
  const party = uuidv5(`organization/${doc.organization.id}`, UUID_NS);
  const plan = id('assessment-plan');
  const clusterItem = new Map(doc.clusters.map((c) => [c.id, uuidv5(`cluster/${c.id}`, UUID_NS)]));
  const origins = [{ actors: [{ type: 'tool', 'actor-uuid': tool }] }];
  const title = `${doc.framework.name} ${doc.framework.version}`;

  const observations: object[] = [];
  const risks: object[] = [];
  const riskIds = new Map<string, string>();
  for (const c of doc.controls) {
    for (const r of c.failing) {
      observations.push({
        uuid: id('observation', c.id, r.findingId),
        title: `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name} fails ${r.ruleId}`,
        description: r.message,
        props: [
          prop('control-id', c.id),
          prop('rule', r.ruleId),
          prop('severity', r.severity),
          prop('finding-id', r.findingId),
          prop('first-seen', r.firstSeenAt.toISOString()),
        ],
        methods: ['TEST'],
        types: ['finding'],
        origins,
        subjects: [
          {
            'subject-uuid': clusterItem.get(r.clusterId)!,
            type: 'inventory-item',
            title: r.cluster,
            props: [
              ...(r.namespace ? [prop('namespace', r.namespace)] : []),
              prop('kind', r.kind),
              prop('name', r.name),
              ...(r.container ? [prop('container', r.container)] : []),
            ],
          },
        ],
        collected: at,
      });
    }
    for (const x of c.acceptedRisks) {
      if (riskIds.has(x.id)) continue;
      const uuid = id('risk', x.id);
      riskIds.set(x.id, uuid);
      risks.push({
        uuid,
        title: `Accepted risk: ${line(x.scope)}`,
        description: x.reason,
        statement: `Accepted by ${x.owner} (recorded by ${x.createdBy} on ${x.createdAt.toISOString()}) until ${x.expiresAt.toISOString()}; it covers ${x.scope}.`,
        props: [prop('exception-id', x.id), prop('owner', x.owner)],
        status: 'deviation-approved',
        origins,
        deadline: x.expiresAt.toISOString(),
      });
    }
  }

  const findings = doc.controls.map((c) => ({
    uuid: id('finding', c.id),
    title: `${c.id} ${c.title}`,
    description: c.requirement,
    props: [
      prop('control-status', c.status),
      prop('failing-findings', String(c.failingFindings)),
      prop('accepted-findings', String(c.acceptedFindings)),
      prop('source', c.source),
      ...c.rules.map((r) => prop('rule', r)),
    ],
    origins,
    target: {
      type: 'objective-id',
      'target-id': controlToken(doc.framework.id, c.id),
      status: { ...TARGET[c.status], remarks: remarksOf(c) },
    },
    ...(c.failing.length > 0
      ? { 'related-observations': c.failing.map((r) => ({ 'observation-uuid': id('observation', c.id, r.findingId) })) }
      : {}),
    ...(c.acceptedRisks.length > 0
      ? { 'related-risks': c.acceptedRisks.map((x) => ({ 'risk-uuid': riskIds.get(x.id)! })) }
      : {}),
  }));

  return {
    'assessment-results': {
      uuid: id('assessment-results'),
      metadata: {
        title: `Kubeward compliance evidence: ${title} for ${line(doc.organization.name)} at ${at}`,
        'last-modified': at,
        version: at,
        'oscal-version': OSCAL_VERSION,
        props: [prop('framework', doc.framework.id)],
        parties: [{ uuid: party, type: 'organization', name: line(doc.organization.name) }],
      },
      'import-ap': {
        href: `#${plan}`,
        remarks:
          'Kubeward assesses continuously, from the rules of its catalogue, without a separate assessment plan: the back-matter resource describes the method.',
      },
      results: [
        {
          uuid: id('result'),
          title: `${title} at ${at}`,
          description: `The status of each control of ${title} over ${doc.clusters.length} cluster(s) of ${line(doc.organization.name)}, from each cluster's newest evaluation collected by ${at} and the exceptions active then.`,
          start: at,
          end: at,
          props: [
            prop('compliance-percentage', doc.summary.percentage === null ? 'none' : String(doc.summary.percentage)),
            prop('controls-pass', String(doc.summary.pass)),
            prop('controls-fail', String(doc.summary.fail)),
            prop('controls-accepted-risk', String(doc.summary.acceptedRisk)),
            prop('controls-not-evaluable', String(doc.summary.notEvaluable)),
            prop('controls-manual', String(doc.summary.manual)),
            prop('resources-per-control', String(doc.resourcesPerControl)),
          ],
          'local-definitions': {
            components: [
              {
                uuid: tool,
                type: 'software',
                title: 'Kubeward',
                description: 'Kubernetes security posture service: agents send snapshots, rules judge them.',
                status: { state: 'operational' },
              },
            ],
            ...(doc.clusters.length > 0
              ? {
                  'inventory-items': doc.clusters.map((c) => ({
                    uuid: clusterItem.get(c.id)!,
                    description: `Kubernetes cluster ${c.name}`,
                    props: [
                      prop('cluster-id', c.id),
                      prop('evaluation-id', c.evaluationId ?? 'none'),
                      prop('collected-at', c.collectedAt?.toISOString() ?? 'none'),
                    ],
                  })),
                }
              : {}),
          },
          'reviewed-controls': {
            'control-selections': [
              {
                description: `Every control of ${title}.`,
                'include-controls': doc.controls.map((c) => ({
                  'control-id': controlToken(doc.framework.id, c.id),
                })),
              },
            ],
          },
          ...(observations.length > 0 ? { observations } : {}),
          ...(risks.length > 0 ? { risks } : {}),
          ...(findings.length > 0 ? { findings } : {}),
        },
      ],
      'back-matter': {
        resources: [
          {
            uuid: plan,
            title: `Continuous assessment of ${title} by Kubeward`,
            description:
              'Each cluster runs an agent that sends snapshots of its workloads, RBAC and nodes; each snapshot is evaluated by the rules that judge the controls, and the history keeps every evaluation.',
            rlinks: [{ href: doc.framework.url }],
          },
        ],
      },
    },
  };
}

function remarksOf(c: EvidenceControl): string {
  switch (c.status) {
    case 'FAIL':
      return `${c.failingFindings} open finding(s) no exception covers${c.failing.length < c.failingFindings ? `; the first ${c.failing.length} are the related observations` : ''}.`;
    case 'ACCEPTED_RISK':
      return `Every open finding (${c.acceptedFindings}) is covered by an approved exception (the related risks).`;
    case 'PASS':
      return 'Every rule that judges the control ran and found nothing.';
    default:
      return `${c.status === 'MANUAL' ? 'Manual' : 'Not evaluable'}: ${c.reason ?? 'no reason recorded'}.`;
  }
}
