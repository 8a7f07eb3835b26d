import type { Rule } from '../../types';

const VERIFIER_WEBHOOK = /(policy\.sigstore\.dev|connaisseur|ratify|gatekeeper)/i;

export const noImageSignatureEnforcement: Rule = {
  id: 'no-image-signature-enforcement',
  title: 'Cluster does not verify image signatures',
  area: 'containers',
  practice: 'Trust with signatures',
  severity: 'MEDIUM',
  rationale:
    'Without admission-time signature verification anything that can create a pod can run any image, ' +
    'including one pushed by an attacker under a trusted name. Kyverno verifyImages, the sigstore ' +
    'policy-controller, Connaisseur or Ratify refuse unsigned images.',
  remediation: {
    text: 'Install an image verifier and enforce a policy that requires your signatures.',
    yaml: `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: verify-images }
spec:
  webhookConfiguration: { failurePolicy: Fail }
  rules:
    - name: signed-by-acme
      match: { any: [{ resources: { kinds: [Pod] } }] }
      verifyImages:
        - imageReferences: ["registry.acme.internal/*"]
          attestors: [{ entries: [{ keyless: { subject: "https://github.com/acme/*", issuer: "https://token.actions.githubusercontent.com" } }] }]`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.5.1' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: building secure container images' },
  ],
  needs: ['policyEngines', 'admission'],
  evaluate(snapshot) {
    const engines = snapshot.policyEngines.filter((p) => p.verifiesImages && p.enforcing);
    // Ratify is wired through Gatekeeper; Connaisseur and the policy-controller through their own webhooks.
    const verifierWebhooks = snapshot.admissionWebhooks.filter((w) =>
      w.webhooks.some(
        (h) => VERIFIER_WEBHOOK.test(h.name) && /connaisseur|sigstore|ratify/i.test(`${h.name} ${w.name}`),
      ),
    );
    if (engines.length > 0 || verifierWebhooks.length > 0) return [];
    return [
      {
        resource: { kind: 'Cluster', name: 'cluster' },
        message:
          'The cluster admits images without verifying their signatures. Enforce a signature policy (Kyverno verifyImages, sigstore policy-controller, Connaisseur or Ratify).',
        paths: [],
      },
    ];
  },
};
