import { abacAuthorization } from './rules/abac-authorization/rule';
import { apiserverAlwaysAllowAuthz } from './rules/apiserver-always-allow-authz/rule';
import { apiserverAnonymousAuth } from './rules/apiserver-anonymous-auth/rule';
import { apiserverBasicAuthFile } from './rules/apiserver-basic-auth-file/rule';
import { apiserverInsecurePort } from './rules/apiserver-insecure-port/rule';
import { apiserverPublicEndpoint } from './rules/apiserver-public-endpoint/rule';
import { apiserverTokenAuthFile } from './rules/apiserver-token-auth-file/rule';
import { apparmorUnconfined } from './rules/apparmor-unconfined/rule';
import { barePod } from './rules/bare-pod/rule';
import { bindingToAnonymousOrAllAuthenticated } from './rules/binding-to-anonymous-or-all-authenticated/rule';
import { bindingToUser } from './rules/binding-to-user/rule';
import { capabilitiesAdded } from './rules/capabilities-added/rule';
import { capabilitiesNotDropped } from './rules/capabilities-not-dropped/rule';
import { clusterAdminBinding } from './rules/cluster-admin-binding/rule';
import { dangerousCapabilitiesAdded } from './rules/dangerous-capabilities-added/rule';
import { defaultServiceAccountUsed } from './rules/default-service-account-used/rule';
import { hostNetwork } from './rules/host-network/rule';
import { hostPathVolume } from './rules/host-path-volume/rule';
import { hostPidIpc } from './rules/host-pid-ipc/rule';
import { hostPort } from './rules/host-port/rule';
import { imageFromUntrustedRegistry } from './rules/image-from-untrusted-registry/rule';
import { imageNotMinimal } from './rules/image-not-minimal/rule';
import { imageNotPinnedByDigest } from './rules/image-not-pinned-by-digest/rule';
import { imageTagMutable } from './rules/image-tag-mutable/rule';
import { kubeletVersionUnsupportedOrSkewed } from './rules/kubelet-version-unsupported-or-skewed/rule';
import { kubernetesVersionUnsupported } from './rules/kubernetes-version-unsupported/rule';
import { loadbalancerWithoutSourceRanges } from './rules/loadbalancer-without-source-ranges/rule';
import { missingResourceLimits } from './rules/missing-resource-limits/rule';
import { namespaceWithoutNetworkPolicy } from './rules/namespace-without-network-policy/rule';
import { namespaceWithoutPodSecurity } from './rules/namespace-without-pod-security/rule';
import { noImageSignatureEnforcement } from './rules/no-image-signature-enforcement/rule';
import { noPolicyEngine } from './rules/no-policy-engine/rule';
import { nodePublicIp } from './rules/node-public-ip/rule';
import { privilegeEscalationAllowed } from './rules/privilege-escalation-allowed/rule';
import { privilegedContainer } from './rules/privileged-container/rule';
import { procMountUnmasked } from './rules/proc-mount-unmasked/rule';
import { rbacEscalationVerbs } from './rules/rbac-escalation-verbs/rule';
import { rbacWildcard } from './rules/rbac-wildcard/rule';
import { restrictedVolumeTypes } from './rules/restricted-volume-types/rule';
import { runAsRoot } from './rules/run-as-root/rule';
import { saTokenAutomounted } from './rules/sa-token-automounted/rule';
import { seccompUnconfined } from './rules/seccomp-unconfined/rule';
import { secretInEnvLiteral } from './rules/secret-in-env-literal/rule';
import { secretLikeConfigmapKey } from './rules/secret-like-configmap-key/rule';
import { secretsReadableBroadly } from './rules/secrets-readable-broadly/rule';
import { selinuxCustomOptions } from './rules/selinux-custom-options/rule';
import { serviceNodeport } from './rules/service-nodeport/rule';
import { sharedServiceAccount } from './rules/shared-service-account/rule';
import { unsafeSysctls } from './rules/unsafe-sysctls/rule';
import { workloadSaPrivilegedRbac } from './rules/workload-sa-privileged-rbac/rule';
import { workloadsInDefaultNamespace } from './rules/workloads-in-default-namespace/rule';
import { writableRootFilesystem } from './rules/writable-root-filesystem/rule';
import { rbacPodExecAttach } from './rules/rbac-pod-exec-attach/rule';
import { rbacNodeProxy } from './rules/rbac-node-proxy/rule';
import { rbacCreatePods } from './rules/rbac-create-pods/rule';
import { rbacTokenCreation } from './rules/rbac-token-creation/rule';
import { rbacCsrApproval } from './rules/rbac-csr-approval/rule';
import { rbacWebhookConfigWrite } from './rules/rbac-webhook-config-write/rule';
import { rbacCreatePersistentVolumes } from './rules/rbac-create-persistent-volumes/rule';
import { secretsReadableInNamespace } from './rules/secrets-readable-in-namespace/rule';
import { systemMastersBinding } from './rules/system-masters-binding/rule';
import { rbacEscalationPath } from './rules/rbac-escalation-path/rule';
import { exposedWorkloadDangerous } from './rules/exposed-workload-dangerous/rule';
import { apiserverAuditLogDisabled } from './rules/apiserver-audit-log-disabled/rule';
import { apiserverSecretsNotEncrypted } from './rules/apiserver-secrets-not-encrypted/rule';
import { serviceExternalIps } from './rules/service-external-ips/rule';
import { ingressWithoutTls } from './rules/ingress-without-tls/rule';
import { windowsHostProcess } from './rules/windows-host-process/rule';
import { userWorkloadInKubeSystem } from './rules/user-workload-in-kube-system/rule';
import { namespaceWithoutLimitRange } from './rules/namespace-without-limit-range/rule';
import { namespaceWithoutResourceQuota } from './rules/namespace-without-resource-quota/rule';
import { networkPolicyAllowsMetadata } from './rules/network-policy-allows-metadata/rule';
import { podSecurityLevelViolated } from './rules/pod-security-level-violated/rule';
import { podSecurityEnforceLowered } from './rules/pod-security-enforce-lowered/rule';
import { networkPolicyLastRemoved } from './rules/network-policy-last-removed/rule';
import { admissionWebhookFailOpen } from './rules/admission-webhook-fail-open/rule';
import { policyEnforcementRelaxed } from './rules/policy-enforcement-relaxed/rule';
import { clusterAdminBindingAdded } from './rules/cluster-admin-binding-added/rule';
import { serviceAccountDormant } from './rules/service-account-dormant/rule';
import type { Rule } from './types';

/** Every rule of the catalogue, in id order. */
export const RULES: readonly Rule[] = [
  abacAuthorization,
  apiserverAlwaysAllowAuthz,
  apiserverAnonymousAuth,
  apiserverBasicAuthFile,
  apiserverInsecurePort,
  apiserverPublicEndpoint,
  apiserverTokenAuthFile,
  apparmorUnconfined,
  barePod,
  bindingToAnonymousOrAllAuthenticated,
  bindingToUser,
  capabilitiesAdded,
  capabilitiesNotDropped,
  clusterAdminBinding,
  dangerousCapabilitiesAdded,
  defaultServiceAccountUsed,
  hostNetwork,
  hostPathVolume,
  hostPidIpc,
  hostPort,
  imageFromUntrustedRegistry,
  imageNotMinimal,
  imageNotPinnedByDigest,
  imageTagMutable,
  kubeletVersionUnsupportedOrSkewed,
  kubernetesVersionUnsupported,
  loadbalancerWithoutSourceRanges,
  missingResourceLimits,
  namespaceWithoutNetworkPolicy,
  namespaceWithoutPodSecurity,
  noImageSignatureEnforcement,
  noPolicyEngine,
  nodePublicIp,
  privilegeEscalationAllowed,
  privilegedContainer,
  procMountUnmasked,
  rbacEscalationVerbs,
  rbacWildcard,
  restrictedVolumeTypes,
  runAsRoot,
  saTokenAutomounted,
  seccompUnconfined,
  secretInEnvLiteral,
  secretLikeConfigmapKey,
  secretsReadableBroadly,
  selinuxCustomOptions,
  serviceNodeport,
  sharedServiceAccount,
  unsafeSysctls,
  workloadSaPrivilegedRbac,
  workloadsInDefaultNamespace,
  writableRootFilesystem,
  rbacPodExecAttach,
  rbacNodeProxy,
  rbacCreatePods,
  rbacTokenCreation,
  rbacCsrApproval,
  rbacWebhookConfigWrite,
  rbacCreatePersistentVolumes,
  secretsReadableInNamespace,
  systemMastersBinding,
  rbacEscalationPath,
  exposedWorkloadDangerous,
  apiserverAuditLogDisabled,
  apiserverSecretsNotEncrypted,
  serviceExternalIps,
  ingressWithoutTls,
  windowsHostProcess,
  userWorkloadInKubeSystem,
  namespaceWithoutLimitRange,
  namespaceWithoutResourceQuota,
  networkPolicyAllowsMetadata,
  podSecurityLevelViolated,
  podSecurityEnforceLowered,
  networkPolicyLastRemoved,
  admissionWebhookFailOpen,
  policyEnforcementRelaxed,
  clusterAdminBindingAdded,
  serviceAccountDormant,
  // Code-point order: ids are ASCII, and localeCompare's collator costs the CLI ~10 ms at start-up.
].sort((a, b) => (a.id < b.id ? -1 : 1));

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));
