/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment Counts on SeverityCountsObject {\n    critical\n    high\n    medium\n    low\n    info\n  }\n": typeof types.CountsFragmentDoc,
    "\n  query Viewer {\n    viewer {\n      user {\n        id\n        name\n        email\n        totpEnabled\n      }\n      current {\n        role\n        teamIds\n        organization {\n          id\n          name\n          slug\n        }\n      }\n      memberships {\n        role\n        organization {\n          id\n          name\n          slug\n        }\n      }\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation SwitchOrganization($organizationId: ID!) {\n    switchOrganization(organizationId: $organizationId) {\n      current {\n        organization {\n          id\n        }\n      }\n    }\n  }\n": typeof types.SwitchOrganizationDocument,
    "\n  query WebhookEndpoints {\n    webhookEndpoints {\n      id\n      kind\n      url\n      schedule\n      namespaces\n      teamIds\n      clusterIds\n      jira {\n        email\n        projectKey\n        issueType\n      }\n      description\n      enabled\n      disabledReason\n      failingSince\n      eventTypes\n      minSeverity\n      createdAt\n    }\n  }\n": typeof types.WebhookEndpointsDocument,
    "\n  query WebhookDeliveries($endpointId: ID!) {\n    webhookDeliveries(endpointId: $endpointId, first: 50) {\n      edges {\n        node {\n          id\n          type\n          status\n          attempts\n          createdAt\n          deliveredAt\n          lastStatusCode\n          lastError\n          webhookId\n        }\n      }\n    }\n  }\n": typeof types.WebhookDeliveriesDocument,
    "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      secret\n      endpoint {\n        id\n      }\n    }\n  }\n": typeof types.CreateWebhookEndpointDocument,
    "\n  mutation TestWebhookEndpoint($id: ID!) {\n    testWebhookEndpoint(id: $id) {\n      succeeded\n      statusCode\n      latencyMs\n      error\n    }\n  }\n": typeof types.TestWebhookEndpointDocument,
    "\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId)\n  }\n": typeof types.RedeliverWebhookDocument,
    "\n  mutation CreateAlertDestination($input: CreateAlertDestinationInput!) {\n    createAlertDestination(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateAlertDestinationDocument,
    "\n  mutation UpdateAlertDestination($id: ID!, $input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(id: $id, input: $input) {\n      id\n    }\n  }\n": typeof types.UpdateAlertDestinationDocument,
    "\n  mutation SetAlertDestinationEnabled($id: ID!, $enabled: Boolean!) {\n    updateWebhookEndpoint(id: $id, input: { enabled: $enabled }) {\n      id\n    }\n  }\n": typeof types.SetAlertDestinationEnabledDocument,
    "\n  query AlertRoutes {\n    teams {\n      id\n      name\n    }\n    clusters {\n      id\n      name\n    }\n  }\n": typeof types.AlertRoutesDocument,
    "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n": typeof types.DeleteWebhookEndpointDocument,
    "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      prefix\n      role\n      teamId\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n    teams {\n      id\n      name\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($name: String!, $role: Role!, $teamId: ID) {\n    createApiKey(name: $name, role: $role, teamId: $teamId) {\n      key\n      apiKey {\n        id\n        name\n      }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  query Audit($action: String, $after: String) {\n    auditLog(action: $action, after: $after, first: 100) {\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          at\n          action\n          actorType\n          actorId\n          targetType\n          targetId\n          details\n        }\n      }\n    }\n  }\n": typeof types.AuditDocument,
    "\n  query ClusterDetail($id: ID!, $from: DateTime!, $to: DateTime!, $filter: FindingFilter!) {\n    cluster(id: $id) {\n      id\n      name\n      stale\n      createdAt\n      lastSnapshotAt\n      lastHeartbeatAt\n      kubernetesVersion\n      agentVersion\n      currentScore\n    }\n    postureTrend(clusterId: $id, from: $from, to: $to, bucket: HOUR) {\n      at\n      bucket\n      score\n      counts {\n        ...Counts\n      }\n    }\n    practices: findingGroups(by: PRACTICE, filter: $filter, first: 50) {\n      groups {\n        key\n        total\n        counts {\n          ...Counts\n        }\n      }\n    }\n    namespaces: findingGroups(by: NAMESPACE, filter: $filter, first: 10) {\n      totalGroups\n      groups {\n        key\n        namespace\n        total\n        highest\n        counts {\n          ...Counts\n        }\n      }\n    }\n    evaluations(clusterId: $id, first: 50) {\n      edges {\n        node {\n          id\n          collectedAt\n          evaluatedAt\n          score\n          opened\n          resolved\n          reopened\n          counts {\n            ...Counts\n          }\n        }\n      }\n    }\n  }\n": typeof types.ClusterDetailDocument,
    "\n  fragment DriftRow on Finding {\n    id\n    ruleId\n    severity\n    resource {\n      kind\n      namespace\n      name\n    }\n  }\n": typeof types.DriftRowFragmentDoc,
    "\n  query EvaluationDrift($clusterId: ID!, $from: DateTime!, $to: DateTime!) {\n    drift(clusterId: $clusterId, from: $from, to: $to, limit: 200) {\n      truncated\n      counts {\n        opened\n        resolved\n        reopened\n        added\n        modified\n        removed\n      }\n      opened {\n        finding {\n          ...DriftRow\n        }\n      }\n      resolved {\n        finding {\n          ...DriftRow\n        }\n      }\n      reopened {\n        finding {\n          ...DriftRow\n        }\n      }\n      added {\n        ...ObjectChangeFields\n      }\n      modified {\n        ...ObjectChangeFields\n      }\n      removed {\n        ...ObjectChangeFields\n      }\n    }\n  }\n": typeof types.EvaluationDriftDocument,
    "\n  mutation RotateClusterToken($clusterId: ID!) {\n    rotateClusterToken(clusterId: $clusterId) {\n      agentToken\n      previousTokenValidUntil\n      installManifests\n    }\n  }\n": typeof types.RotateClusterTokenDocument,
    "\n  mutation RevokeClusterToken($clusterId: ID!) {\n    revokeClusterToken(clusterId: $clusterId)\n  }\n": typeof types.RevokeClusterTokenDocument,
    "\n  mutation DeleteCluster($id: ID!) {\n    deleteCluster(id: $id)\n  }\n": typeof types.DeleteClusterDocument,
    "\n  query Compliance($framework: String!, $clusterIds: [ID!], $at: DateTime) {\n    frameworks {\n      id\n      name\n      version\n    }\n    clusters {\n      id\n      name\n    }\n    complianceReport(framework: $framework, clusterIds: $clusterIds, at: $at) {\n      at\n      framework {\n        id\n        name\n        version\n        publisher\n        url\n      }\n      summary {\n        pass\n        fail\n        acceptedRisk\n        notEvaluable\n        manual\n        percentage\n      }\n      clusters {\n        clusterId\n        name\n        evaluationId\n        collectedAt\n        summary {\n          percentage\n        }\n      }\n      controls {\n        status\n        reason\n        failingFindings\n        acceptedFindings\n        control {\n          id\n          title\n          group\n          requirement\n          source\n          rules {\n            id\n            title\n          }\n        }\n        clusters {\n          clusterId\n          status\n          failingFindings\n          acceptedFindings\n        }\n        acceptedRisks {\n          id\n          owner\n          reason\n          scope\n          expiresAt\n        }\n      }\n    }\n    complianceTrend(framework: $framework, clusterIds: $clusterIds, days: 30, to: $at) {\n      at\n      summary {\n        fail\n        percentage\n      }\n    }\n  }\n": typeof types.ComplianceDocument,
    "\n  query ControlFindings($at: DateTime, $filter: FindingFilter) {\n    findings(at: $at, filter: $filter, first: 50, orderBy: { field: SEVERITY, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          id\n          ruleId\n          severity\n          excepted\n          clusterId\n          firstSeenAt\n          resource {\n            kind\n            namespace\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.ControlFindingsDocument,
    "\n  query Exceptions($includeInactive: Boolean!) {\n    exceptions(includeInactive: $includeInactive) {\n      id\n      active\n      ruleId\n      clusterId\n      namespace\n      resourceKind\n      resourceName\n      reason\n      owner\n      createdBy\n      createdAt\n      expiresAt\n      revokedAt\n    }\n    clusters {\n      id\n      name\n    }\n  }\n": typeof types.ExceptionsDocument,
    "\n  mutation RevokeException($id: ID!) {\n    revokeException(id: $id) {\n      id\n    }\n  }\n": typeof types.RevokeExceptionDocument,
    "\n  fragment ObjectChangeFields on ObjectChange {\n    id\n    at\n    type\n    kind\n    namespace\n    name\n    evaluationId\n    diff {\n      path\n      before\n      after\n    }\n  }\n": typeof types.ObjectChangeFieldsFragmentDoc,
    "\n  query FindingDetail($id: ID!) {\n    finding(id: $id) {\n      ...FindingRow\n      fingerprint\n      paths\n      reopenCount\n      resolutionReason\n      primary {\n        ...FindingRow\n      }\n      related {\n        ...FindingRow\n      }\n      rule {\n        id\n        title\n        area\n        practice\n        severity\n        rationale\n        remediation {\n          text\n          yaml\n        }\n        references {\n          framework\n          control\n          section\n          level\n        }\n      }\n      events {\n        id\n        at\n        type\n        severity\n        reason\n        cause {\n          ...ObjectChangeFields\n        }\n      }\n    }\n    clusters {\n      id\n      name\n    }\n  }\n": typeof types.FindingDetailDocument,
    "\n  mutation CreateException($input: CreateExceptionInput!) {\n    createException(input: $input) {\n      id\n      expiresAt\n    }\n  }\n": typeof types.CreateExceptionDocument,
    "\n  mutation Reevaluate($clusterId: ID!) {\n    requestReevaluation(clusterId: $clusterId)\n  }\n": typeof types.ReevaluateDocument,
    "\n  fragment FindingRow on Finding {\n    id\n    ruleId\n    severity\n    status\n    excepted\n    platform\n    clusterId\n    container\n    firstSeenAt\n    resolvedAt\n    message\n    resource {\n      kind\n      namespace\n      name\n    }\n  }\n": typeof types.FindingRowFragmentDoc,
    "\n  query FindingsFirst($filter: FindingFilter, $first: Int) {\n    findings(filter: $filter, first: $first) {\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          ...FindingRow\n        }\n      }\n    }\n    clusters {\n      id\n      name\n    }\n    rules {\n      id\n      title\n      practice\n    }\n  }\n": typeof types.FindingsFirstDocument,
    "\n  query FindingsCount($filter: FindingFilter) {\n    findings(filter: $filter, first: 1) {\n      totalCount\n    }\n  }\n": typeof types.FindingsCountDocument,
    "\n  query FindingsMore($filter: FindingFilter, $first: Int, $after: String) {\n    findings(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          ...FindingRow\n        }\n      }\n    }\n  }\n": typeof types.FindingsMoreDocument,
    "\n  query FindingsGroups($filter: FindingFilter, $by: FindingGroupBy!) {\n    findingGroups(filter: $filter, by: $by, first: 500) {\n      totalGroups\n      totalFindings\n      groups {\n        key\n        clusterId\n        namespace\n        kind\n        name\n        total\n        highest\n        counts {\n          ...Counts\n        }\n      }\n    }\n    clusters {\n      id\n      name\n    }\n    rules {\n      id\n      title\n      practice\n    }\n  }\n": typeof types.FindingsGroupsDocument,
    "\n  query People {\n    members {\n      id\n      role\n      teamIds\n      createdAt\n      user {\n        id\n        name\n        email\n        lastSignInAt\n        totpEnabled\n      }\n    }\n    teams {\n      id\n      name\n      description\n    }\n  }\n": typeof types.PeopleDocument,
    "\n  query Invitations {\n    invitations {\n      id\n      email\n      role\n      teamIds\n      expiresAt\n      acceptedAt\n      revokedAt\n    }\n  }\n": typeof types.InvitationsDocument,
    "\n  mutation Invite($email: String!, $access: AccessInput!) {\n    createInvitation(email: $email, access: $access) {\n      mailed\n      link\n    }\n  }\n": typeof types.InviteDocument,
    "\n  mutation RemoveMember($id: ID!) {\n    removeMember(id: $id) {\n      id\n    }\n  }\n": typeof types.RemoveMemberDocument,
    "\n  mutation UpdateMember($id: ID!, $access: AccessInput!) {\n    updateMember(id: $id, access: $access) {\n      id\n      role\n    }\n  }\n": typeof types.UpdateMemberDocument,
    "\n  mutation CreateTeam($name: String!, $description: String) {\n    createTeam(name: $name, description: $description) {\n      id\n    }\n  }\n": typeof types.CreateTeamDocument,
    "\n  query Overview {\n    postureOverview(trendDays: 30, changesHours: 24, topRules: 8) {\n      topRules {\n        totalFindings\n        groups {\n          key\n          total\n          highest\n        }\n      }\n      score\n      counts {\n        ...Counts\n      }\n      changes {\n        since\n        opened\n        resolved\n        reopened\n      }\n      trend {\n        day\n        score\n        clusters\n        counts {\n          ...Counts\n        }\n      }\n      clusters {\n        score\n        lastEvaluatedAt\n        counts {\n          ...Counts\n        }\n        cluster {\n          id\n          name\n          stale\n          lastSnapshotAt\n          lastHeartbeatAt\n          kubernetesVersion\n          agentVersion\n        }\n      }\n    }\n    rules {\n      id\n      title\n    }\n  }\n": typeof types.OverviewDocument,
    "\n  mutation RegisterCluster($name: String!) {\n    registerCluster(name: $name) {\n      agentToken\n      installManifests\n      cluster {\n        id\n        name\n      }\n    }\n  }\n": typeof types.RegisterClusterDocument,
    "\n  query Settings {\n    organizationSettings {\n      trustedRegistries\n      minimalImages\n      immutableTagImages\n      alertOnPlatformFindings\n      dormantAccountDays\n      historyRetentionDays\n      historyRetentionIsDefault\n      severityOverrides {\n        ruleId\n        severity\n      }\n    }\n    rules {\n      id\n      title\n      severity\n    }\n  }\n": typeof types.SettingsDocument,
    "\n  mutation UpdateSettings($input: UpdateOrganizationSettingsInput!) {\n    updateOrganizationSettings(input: $input) {\n      trustedRegistries\n    }\n  }\n": typeof types.UpdateSettingsDocument,
    "\n  mutation StartOrganization($name: String!) {\n    startOrganization(name: $name) {\n      id\n    }\n  }\n": typeof types.StartOrganizationDocument,
};
const documents: Documents = {
    "\n  fragment Counts on SeverityCountsObject {\n    critical\n    high\n    medium\n    low\n    info\n  }\n": types.CountsFragmentDoc,
    "\n  query Viewer {\n    viewer {\n      user {\n        id\n        name\n        email\n        totpEnabled\n      }\n      current {\n        role\n        teamIds\n        organization {\n          id\n          name\n          slug\n        }\n      }\n      memberships {\n        role\n        organization {\n          id\n          name\n          slug\n        }\n      }\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation SwitchOrganization($organizationId: ID!) {\n    switchOrganization(organizationId: $organizationId) {\n      current {\n        organization {\n          id\n        }\n      }\n    }\n  }\n": types.SwitchOrganizationDocument,
    "\n  query WebhookEndpoints {\n    webhookEndpoints {\n      id\n      kind\n      url\n      schedule\n      namespaces\n      teamIds\n      clusterIds\n      jira {\n        email\n        projectKey\n        issueType\n      }\n      description\n      enabled\n      disabledReason\n      failingSince\n      eventTypes\n      minSeverity\n      createdAt\n    }\n  }\n": types.WebhookEndpointsDocument,
    "\n  query WebhookDeliveries($endpointId: ID!) {\n    webhookDeliveries(endpointId: $endpointId, first: 50) {\n      edges {\n        node {\n          id\n          type\n          status\n          attempts\n          createdAt\n          deliveredAt\n          lastStatusCode\n          lastError\n          webhookId\n        }\n      }\n    }\n  }\n": types.WebhookDeliveriesDocument,
    "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      secret\n      endpoint {\n        id\n      }\n    }\n  }\n": types.CreateWebhookEndpointDocument,
    "\n  mutation TestWebhookEndpoint($id: ID!) {\n    testWebhookEndpoint(id: $id) {\n      succeeded\n      statusCode\n      latencyMs\n      error\n    }\n  }\n": types.TestWebhookEndpointDocument,
    "\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId)\n  }\n": types.RedeliverWebhookDocument,
    "\n  mutation CreateAlertDestination($input: CreateAlertDestinationInput!) {\n    createAlertDestination(input: $input) {\n      id\n    }\n  }\n": types.CreateAlertDestinationDocument,
    "\n  mutation UpdateAlertDestination($id: ID!, $input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(id: $id, input: $input) {\n      id\n    }\n  }\n": types.UpdateAlertDestinationDocument,
    "\n  mutation SetAlertDestinationEnabled($id: ID!, $enabled: Boolean!) {\n    updateWebhookEndpoint(id: $id, input: { enabled: $enabled }) {\n      id\n    }\n  }\n": types.SetAlertDestinationEnabledDocument,
    "\n  query AlertRoutes {\n    teams {\n      id\n      name\n    }\n    clusters {\n      id\n      name\n    }\n  }\n": types.AlertRoutesDocument,
    "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n": types.DeleteWebhookEndpointDocument,
    "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      prefix\n      role\n      teamId\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n    teams {\n      id\n      name\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($name: String!, $role: Role!, $teamId: ID) {\n    createApiKey(name: $name, role: $role, teamId: $teamId) {\n      key\n      apiKey {\n        id\n        name\n      }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  query Audit($action: String, $after: String) {\n    auditLog(action: $action, after: $after, first: 100) {\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          at\n          action\n          actorType\n          actorId\n          targetType\n          targetId\n          details\n        }\n      }\n    }\n  }\n": types.AuditDocument,
    "\n  query ClusterDetail($id: ID!, $from: DateTime!, $to: DateTime!, $filter: FindingFilter!) {\n    cluster(id: $id) {\n      id\n      name\n      stale\n      createdAt\n      lastSnapshotAt\n      lastHeartbeatAt\n      kubernetesVersion\n      agentVersion\n      currentScore\n    }\n    postureTrend(clusterId: $id, from: $from, to: $to, bucket: HOUR) {\n      at\n      bucket\n      score\n      counts {\n        ...Counts\n      }\n    }\n    practices: findingGroups(by: PRACTICE, filter: $filter, first: 50) {\n      groups {\n        key\n        total\n        counts {\n          ...Counts\n        }\n      }\n    }\n    namespaces: findingGroups(by: NAMESPACE, filter: $filter, first: 10) {\n      totalGroups\n      groups {\n        key\n        namespace\n        total\n        highest\n        counts {\n          ...Counts\n        }\n      }\n    }\n    evaluations(clusterId: $id, first: 50) {\n      edges {\n        node {\n          id\n          collectedAt\n          evaluatedAt\n          score\n          opened\n          resolved\n          reopened\n          counts {\n            ...Counts\n          }\n        }\n      }\n    }\n  }\n": types.ClusterDetailDocument,
    "\n  fragment DriftRow on Finding {\n    id\n    ruleId\n    severity\n    resource {\n      kind\n      namespace\n      name\n    }\n  }\n": types.DriftRowFragmentDoc,
    "\n  query EvaluationDrift($clusterId: ID!, $from: DateTime!, $to: DateTime!) {\n    drift(clusterId: $clusterId, from: $from, to: $to, limit: 200) {\n      truncated\n      counts {\n        opened\n        resolved\n        reopened\n        added\n        modified\n        removed\n      }\n      opened {\n        finding {\n          ...DriftRow\n        }\n      }\n      resolved {\n        finding {\n          ...DriftRow\n        }\n      }\n      reopened {\n        finding {\n          ...DriftRow\n        }\n      }\n      added {\n        ...ObjectChangeFields\n      }\n      modified {\n        ...ObjectChangeFields\n      }\n      removed {\n        ...ObjectChangeFields\n      }\n    }\n  }\n": types.EvaluationDriftDocument,
    "\n  mutation RotateClusterToken($clusterId: ID!) {\n    rotateClusterToken(clusterId: $clusterId) {\n      agentToken\n      previousTokenValidUntil\n      installManifests\n    }\n  }\n": types.RotateClusterTokenDocument,
    "\n  mutation RevokeClusterToken($clusterId: ID!) {\n    revokeClusterToken(clusterId: $clusterId)\n  }\n": types.RevokeClusterTokenDocument,
    "\n  mutation DeleteCluster($id: ID!) {\n    deleteCluster(id: $id)\n  }\n": types.DeleteClusterDocument,
    "\n  query Compliance($framework: String!, $clusterIds: [ID!], $at: DateTime) {\n    frameworks {\n      id\n      name\n      version\n    }\n    clusters {\n      id\n      name\n    }\n    complianceReport(framework: $framework, clusterIds: $clusterIds, at: $at) {\n      at\n      framework {\n        id\n        name\n        version\n        publisher\n        url\n      }\n      summary {\n        pass\n        fail\n        acceptedRisk\n        notEvaluable\n        manual\n        percentage\n      }\n      clusters {\n        clusterId\n        name\n        evaluationId\n        collectedAt\n        summary {\n          percentage\n        }\n      }\n      controls {\n        status\n        reason\n        failingFindings\n        acceptedFindings\n        control {\n          id\n          title\n          group\n          requirement\n          source\n          rules {\n            id\n            title\n          }\n        }\n        clusters {\n          clusterId\n          status\n          failingFindings\n          acceptedFindings\n        }\n        acceptedRisks {\n          id\n          owner\n          reason\n          scope\n          expiresAt\n        }\n      }\n    }\n    complianceTrend(framework: $framework, clusterIds: $clusterIds, days: 30, to: $at) {\n      at\n      summary {\n        fail\n        percentage\n      }\n    }\n  }\n": types.ComplianceDocument,
    "\n  query ControlFindings($at: DateTime, $filter: FindingFilter) {\n    findings(at: $at, filter: $filter, first: 50, orderBy: { field: SEVERITY, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          id\n          ruleId\n          severity\n          excepted\n          clusterId\n          firstSeenAt\n          resource {\n            kind\n            namespace\n            name\n          }\n        }\n      }\n    }\n  }\n": types.ControlFindingsDocument,
    "\n  query Exceptions($includeInactive: Boolean!) {\n    exceptions(includeInactive: $includeInactive) {\n      id\n      active\n      ruleId\n      clusterId\n      namespace\n      resourceKind\n      resourceName\n      reason\n      owner\n      createdBy\n      createdAt\n      expiresAt\n      revokedAt\n    }\n    clusters {\n      id\n      name\n    }\n  }\n": types.ExceptionsDocument,
    "\n  mutation RevokeException($id: ID!) {\n    revokeException(id: $id) {\n      id\n    }\n  }\n": types.RevokeExceptionDocument,
    "\n  fragment ObjectChangeFields on ObjectChange {\n    id\n    at\n    type\n    kind\n    namespace\n    name\n    evaluationId\n    diff {\n      path\n      before\n      after\n    }\n  }\n": types.ObjectChangeFieldsFragmentDoc,
    "\n  query FindingDetail($id: ID!) {\n    finding(id: $id) {\n      ...FindingRow\n      fingerprint\n      paths\n      reopenCount\n      resolutionReason\n      primary {\n        ...FindingRow\n      }\n      related {\n        ...FindingRow\n      }\n      rule {\n        id\n        title\n        area\n        practice\n        severity\n        rationale\n        remediation {\n          text\n          yaml\n        }\n        references {\n          framework\n          control\n          section\n          level\n        }\n      }\n      events {\n        id\n        at\n        type\n        severity\n        reason\n        cause {\n          ...ObjectChangeFields\n        }\n      }\n    }\n    clusters {\n      id\n      name\n    }\n  }\n": types.FindingDetailDocument,
    "\n  mutation CreateException($input: CreateExceptionInput!) {\n    createException(input: $input) {\n      id\n      expiresAt\n    }\n  }\n": types.CreateExceptionDocument,
    "\n  mutation Reevaluate($clusterId: ID!) {\n    requestReevaluation(clusterId: $clusterId)\n  }\n": types.ReevaluateDocument,
    "\n  fragment FindingRow on Finding {\n    id\n    ruleId\n    severity\n    status\n    excepted\n    platform\n    clusterId\n    container\n    firstSeenAt\n    resolvedAt\n    message\n    resource {\n      kind\n      namespace\n      name\n    }\n  }\n": types.FindingRowFragmentDoc,
    "\n  query FindingsFirst($filter: FindingFilter, $first: Int) {\n    findings(filter: $filter, first: $first) {\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          ...FindingRow\n        }\n      }\n    }\n    clusters {\n      id\n      name\n    }\n    rules {\n      id\n      title\n      practice\n    }\n  }\n": types.FindingsFirstDocument,
    "\n  query FindingsCount($filter: FindingFilter) {\n    findings(filter: $filter, first: 1) {\n      totalCount\n    }\n  }\n": types.FindingsCountDocument,
    "\n  query FindingsMore($filter: FindingFilter, $first: Int, $after: String) {\n    findings(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          ...FindingRow\n        }\n      }\n    }\n  }\n": types.FindingsMoreDocument,
    "\n  query FindingsGroups($filter: FindingFilter, $by: FindingGroupBy!) {\n    findingGroups(filter: $filter, by: $by, first: 500) {\n      totalGroups\n      totalFindings\n      groups {\n        key\n        clusterId\n        namespace\n        kind\n        name\n        total\n        highest\n        counts {\n          ...Counts\n        }\n      }\n    }\n    clusters {\n      id\n      name\n    }\n    rules {\n      id\n      title\n      practice\n    }\n  }\n": types.FindingsGroupsDocument,
    "\n  query People {\n    members {\n      id\n      role\n      teamIds\n      createdAt\n      user {\n        id\n        name\n        email\n        lastSignInAt\n        totpEnabled\n      }\n    }\n    teams {\n      id\n      name\n      description\n    }\n  }\n": types.PeopleDocument,
    "\n  query Invitations {\n    invitations {\n      id\n      email\n      role\n      teamIds\n      expiresAt\n      acceptedAt\n      revokedAt\n    }\n  }\n": types.InvitationsDocument,
    "\n  mutation Invite($email: String!, $access: AccessInput!) {\n    createInvitation(email: $email, access: $access) {\n      mailed\n      link\n    }\n  }\n": types.InviteDocument,
    "\n  mutation RemoveMember($id: ID!) {\n    removeMember(id: $id) {\n      id\n    }\n  }\n": types.RemoveMemberDocument,
    "\n  mutation UpdateMember($id: ID!, $access: AccessInput!) {\n    updateMember(id: $id, access: $access) {\n      id\n      role\n    }\n  }\n": types.UpdateMemberDocument,
    "\n  mutation CreateTeam($name: String!, $description: String) {\n    createTeam(name: $name, description: $description) {\n      id\n    }\n  }\n": types.CreateTeamDocument,
    "\n  query Overview {\n    postureOverview(trendDays: 30, changesHours: 24, topRules: 8) {\n      topRules {\n        totalFindings\n        groups {\n          key\n          total\n          highest\n        }\n      }\n      score\n      counts {\n        ...Counts\n      }\n      changes {\n        since\n        opened\n        resolved\n        reopened\n      }\n      trend {\n        day\n        score\n        clusters\n        counts {\n          ...Counts\n        }\n      }\n      clusters {\n        score\n        lastEvaluatedAt\n        counts {\n          ...Counts\n        }\n        cluster {\n          id\n          name\n          stale\n          lastSnapshotAt\n          lastHeartbeatAt\n          kubernetesVersion\n          agentVersion\n        }\n      }\n    }\n    rules {\n      id\n      title\n    }\n  }\n": types.OverviewDocument,
    "\n  mutation RegisterCluster($name: String!) {\n    registerCluster(name: $name) {\n      agentToken\n      installManifests\n      cluster {\n        id\n        name\n      }\n    }\n  }\n": types.RegisterClusterDocument,
    "\n  query Settings {\n    organizationSettings {\n      trustedRegistries\n      minimalImages\n      immutableTagImages\n      alertOnPlatformFindings\n      dormantAccountDays\n      historyRetentionDays\n      historyRetentionIsDefault\n      severityOverrides {\n        ruleId\n        severity\n      }\n    }\n    rules {\n      id\n      title\n      severity\n    }\n  }\n": types.SettingsDocument,
    "\n  mutation UpdateSettings($input: UpdateOrganizationSettingsInput!) {\n    updateOrganizationSettings(input: $input) {\n      trustedRegistries\n    }\n  }\n": types.UpdateSettingsDocument,
    "\n  mutation StartOrganization($name: String!) {\n    startOrganization(name: $name) {\n      id\n    }\n  }\n": types.StartOrganizationDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Counts on SeverityCountsObject {\n    critical\n    high\n    medium\n    low\n    info\n  }\n"): typeof import('./graphql').CountsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      user {\n        id\n        name\n        email\n        totpEnabled\n      }\n      current {\n        role\n        teamIds\n        organization {\n          id\n          name\n          slug\n        }\n      }\n      memberships {\n        role\n        organization {\n          id\n          name\n          slug\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SwitchOrganization($organizationId: ID!) {\n    switchOrganization(organizationId: $organizationId) {\n      current {\n        organization {\n          id\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').SwitchOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEndpoints {\n    webhookEndpoints {\n      id\n      kind\n      url\n      schedule\n      namespaces\n      teamIds\n      clusterIds\n      jira {\n        email\n        projectKey\n        issueType\n      }\n      description\n      enabled\n      disabledReason\n      failingSince\n      eventTypes\n      minSeverity\n      createdAt\n    }\n  }\n"): typeof import('./graphql').WebhookEndpointsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveries($endpointId: ID!) {\n    webhookDeliveries(endpointId: $endpointId, first: 50) {\n      edges {\n        node {\n          id\n          type\n          status\n          attempts\n          createdAt\n          deliveredAt\n          lastStatusCode\n          lastError\n          webhookId\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').WebhookDeliveriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      secret\n      endpoint {\n        id\n      }\n    }\n  }\n"): typeof import('./graphql').CreateWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestWebhookEndpoint($id: ID!) {\n    testWebhookEndpoint(id: $id) {\n      succeeded\n      statusCode\n      latencyMs\n      error\n    }\n  }\n"): typeof import('./graphql').TestWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId)\n  }\n"): typeof import('./graphql').RedeliverWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAlertDestination($input: CreateAlertDestinationInput!) {\n    createAlertDestination(input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql').CreateAlertDestinationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAlertDestination($id: ID!, $input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(id: $id, input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql').UpdateAlertDestinationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetAlertDestinationEnabled($id: ID!, $enabled: Boolean!) {\n    updateWebhookEndpoint(id: $id, input: { enabled: $enabled }) {\n      id\n    }\n  }\n"): typeof import('./graphql').SetAlertDestinationEnabledDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlertRoutes {\n    teams {\n      id\n      name\n    }\n    clusters {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').AlertRoutesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n"): typeof import('./graphql').DeleteWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      prefix\n      role\n      teamId\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n    teams {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').ApiKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($name: String!, $role: Role!, $teamId: ID) {\n    createApiKey(name: $name, role: $role, teamId: $teamId) {\n      key\n      apiKey {\n        id\n        name\n      }\n    }\n  }\n"): typeof import('./graphql').CreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql').RevokeApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Audit($action: String, $after: String) {\n    auditLog(action: $action, after: $after, first: 100) {\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          at\n          action\n          actorType\n          actorId\n          targetType\n          targetId\n          details\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AuditDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClusterDetail($id: ID!, $from: DateTime!, $to: DateTime!, $filter: FindingFilter!) {\n    cluster(id: $id) {\n      id\n      name\n      stale\n      createdAt\n      lastSnapshotAt\n      lastHeartbeatAt\n      kubernetesVersion\n      agentVersion\n      currentScore\n    }\n    postureTrend(clusterId: $id, from: $from, to: $to, bucket: HOUR) {\n      at\n      bucket\n      score\n      counts {\n        ...Counts\n      }\n    }\n    practices: findingGroups(by: PRACTICE, filter: $filter, first: 50) {\n      groups {\n        key\n        total\n        counts {\n          ...Counts\n        }\n      }\n    }\n    namespaces: findingGroups(by: NAMESPACE, filter: $filter, first: 10) {\n      totalGroups\n      groups {\n        key\n        namespace\n        total\n        highest\n        counts {\n          ...Counts\n        }\n      }\n    }\n    evaluations(clusterId: $id, first: 50) {\n      edges {\n        node {\n          id\n          collectedAt\n          evaluatedAt\n          score\n          opened\n          resolved\n          reopened\n          counts {\n            ...Counts\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ClusterDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DriftRow on Finding {\n    id\n    ruleId\n    severity\n    resource {\n      kind\n      namespace\n      name\n    }\n  }\n"): typeof import('./graphql').DriftRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EvaluationDrift($clusterId: ID!, $from: DateTime!, $to: DateTime!) {\n    drift(clusterId: $clusterId, from: $from, to: $to, limit: 200) {\n      truncated\n      counts {\n        opened\n        resolved\n        reopened\n        added\n        modified\n        removed\n      }\n      opened {\n        finding {\n          ...DriftRow\n        }\n      }\n      resolved {\n        finding {\n          ...DriftRow\n        }\n      }\n      reopened {\n        finding {\n          ...DriftRow\n        }\n      }\n      added {\n        ...ObjectChangeFields\n      }\n      modified {\n        ...ObjectChangeFields\n      }\n      removed {\n        ...ObjectChangeFields\n      }\n    }\n  }\n"): typeof import('./graphql').EvaluationDriftDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateClusterToken($clusterId: ID!) {\n    rotateClusterToken(clusterId: $clusterId) {\n      agentToken\n      previousTokenValidUntil\n      installManifests\n    }\n  }\n"): typeof import('./graphql').RotateClusterTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeClusterToken($clusterId: ID!) {\n    revokeClusterToken(clusterId: $clusterId)\n  }\n"): typeof import('./graphql').RevokeClusterTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteCluster($id: ID!) {\n    deleteCluster(id: $id)\n  }\n"): typeof import('./graphql').DeleteClusterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Compliance($framework: String!, $clusterIds: [ID!], $at: DateTime) {\n    frameworks {\n      id\n      name\n      version\n    }\n    clusters {\n      id\n      name\n    }\n    complianceReport(framework: $framework, clusterIds: $clusterIds, at: $at) {\n      at\n      framework {\n        id\n        name\n        version\n        publisher\n        url\n      }\n      summary {\n        pass\n        fail\n        acceptedRisk\n        notEvaluable\n        manual\n        percentage\n      }\n      clusters {\n        clusterId\n        name\n        evaluationId\n        collectedAt\n        summary {\n          percentage\n        }\n      }\n      controls {\n        status\n        reason\n        failingFindings\n        acceptedFindings\n        control {\n          id\n          title\n          group\n          requirement\n          source\n          rules {\n            id\n            title\n          }\n        }\n        clusters {\n          clusterId\n          status\n          failingFindings\n          acceptedFindings\n        }\n        acceptedRisks {\n          id\n          owner\n          reason\n          scope\n          expiresAt\n        }\n      }\n    }\n    complianceTrend(framework: $framework, clusterIds: $clusterIds, days: 30, to: $at) {\n      at\n      summary {\n        fail\n        percentage\n      }\n    }\n  }\n"): typeof import('./graphql').ComplianceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ControlFindings($at: DateTime, $filter: FindingFilter) {\n    findings(at: $at, filter: $filter, first: 50, orderBy: { field: SEVERITY, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          id\n          ruleId\n          severity\n          excepted\n          clusterId\n          firstSeenAt\n          resource {\n            kind\n            namespace\n            name\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ControlFindingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Exceptions($includeInactive: Boolean!) {\n    exceptions(includeInactive: $includeInactive) {\n      id\n      active\n      ruleId\n      clusterId\n      namespace\n      resourceKind\n      resourceName\n      reason\n      owner\n      createdBy\n      createdAt\n      expiresAt\n      revokedAt\n    }\n    clusters {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').ExceptionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeException($id: ID!) {\n    revokeException(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql').RevokeExceptionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ObjectChangeFields on ObjectChange {\n    id\n    at\n    type\n    kind\n    namespace\n    name\n    evaluationId\n    diff {\n      path\n      before\n      after\n    }\n  }\n"): typeof import('./graphql').ObjectChangeFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FindingDetail($id: ID!) {\n    finding(id: $id) {\n      ...FindingRow\n      fingerprint\n      paths\n      reopenCount\n      resolutionReason\n      primary {\n        ...FindingRow\n      }\n      related {\n        ...FindingRow\n      }\n      rule {\n        id\n        title\n        area\n        practice\n        severity\n        rationale\n        remediation {\n          text\n          yaml\n        }\n        references {\n          framework\n          control\n          section\n          level\n        }\n      }\n      events {\n        id\n        at\n        type\n        severity\n        reason\n        cause {\n          ...ObjectChangeFields\n        }\n      }\n    }\n    clusters {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').FindingDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateException($input: CreateExceptionInput!) {\n    createException(input: $input) {\n      id\n      expiresAt\n    }\n  }\n"): typeof import('./graphql').CreateExceptionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Reevaluate($clusterId: ID!) {\n    requestReevaluation(clusterId: $clusterId)\n  }\n"): typeof import('./graphql').ReevaluateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FindingRow on Finding {\n    id\n    ruleId\n    severity\n    status\n    excepted\n    platform\n    clusterId\n    container\n    firstSeenAt\n    resolvedAt\n    message\n    resource {\n      kind\n      namespace\n      name\n    }\n  }\n"): typeof import('./graphql').FindingRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FindingsFirst($filter: FindingFilter, $first: Int) {\n    findings(filter: $filter, first: $first) {\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          ...FindingRow\n        }\n      }\n    }\n    clusters {\n      id\n      name\n    }\n    rules {\n      id\n      title\n      practice\n    }\n  }\n"): typeof import('./graphql').FindingsFirstDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FindingsCount($filter: FindingFilter) {\n    findings(filter: $filter, first: 1) {\n      totalCount\n    }\n  }\n"): typeof import('./graphql').FindingsCountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FindingsMore($filter: FindingFilter, $first: Int, $after: String) {\n    findings(filter: $filter, first: $first, after: $after) {\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          ...FindingRow\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').FindingsMoreDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FindingsGroups($filter: FindingFilter, $by: FindingGroupBy!) {\n    findingGroups(filter: $filter, by: $by, first: 500) {\n      totalGroups\n      totalFindings\n      groups {\n        key\n        clusterId\n        namespace\n        kind\n        name\n        total\n        highest\n        counts {\n          ...Counts\n        }\n      }\n    }\n    clusters {\n      id\n      name\n    }\n    rules {\n      id\n      title\n      practice\n    }\n  }\n"): typeof import('./graphql').FindingsGroupsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query People {\n    members {\n      id\n      role\n      teamIds\n      createdAt\n      user {\n        id\n        name\n        email\n        lastSignInAt\n        totpEnabled\n      }\n    }\n    teams {\n      id\n      name\n      description\n    }\n  }\n"): typeof import('./graphql').PeopleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Invitations {\n    invitations {\n      id\n      email\n      role\n      teamIds\n      expiresAt\n      acceptedAt\n      revokedAt\n    }\n  }\n"): typeof import('./graphql').InvitationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Invite($email: String!, $access: AccessInput!) {\n    createInvitation(email: $email, access: $access) {\n      mailed\n      link\n    }\n  }\n"): typeof import('./graphql').InviteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveMember($id: ID!) {\n    removeMember(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql').RemoveMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMember($id: ID!, $access: AccessInput!) {\n    updateMember(id: $id, access: $access) {\n      id\n      role\n    }\n  }\n"): typeof import('./graphql').UpdateMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTeam($name: String!, $description: String) {\n    createTeam(name: $name, description: $description) {\n      id\n    }\n  }\n"): typeof import('./graphql').CreateTeamDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Overview {\n    postureOverview(trendDays: 30, changesHours: 24, topRules: 8) {\n      topRules {\n        totalFindings\n        groups {\n          key\n          total\n          highest\n        }\n      }\n      score\n      counts {\n        ...Counts\n      }\n      changes {\n        since\n        opened\n        resolved\n        reopened\n      }\n      trend {\n        day\n        score\n        clusters\n        counts {\n          ...Counts\n        }\n      }\n      clusters {\n        score\n        lastEvaluatedAt\n        counts {\n          ...Counts\n        }\n        cluster {\n          id\n          name\n          stale\n          lastSnapshotAt\n          lastHeartbeatAt\n          kubernetesVersion\n          agentVersion\n        }\n      }\n    }\n    rules {\n      id\n      title\n    }\n  }\n"): typeof import('./graphql').OverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterCluster($name: String!) {\n    registerCluster(name: $name) {\n      agentToken\n      installManifests\n      cluster {\n        id\n        name\n      }\n    }\n  }\n"): typeof import('./graphql').RegisterClusterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Settings {\n    organizationSettings {\n      trustedRegistries\n      minimalImages\n      immutableTagImages\n      alertOnPlatformFindings\n      dormantAccountDays\n      historyRetentionDays\n      historyRetentionIsDefault\n      severityOverrides {\n        ruleId\n        severity\n      }\n    }\n    rules {\n      id\n      title\n      severity\n    }\n  }\n"): typeof import('./graphql').SettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSettings($input: UpdateOrganizationSettingsInput!) {\n    updateOrganizationSettings(input: $input) {\n      trustedRegistries\n    }\n  }\n"): typeof import('./graphql').UpdateSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartOrganization($name: String!) {\n    startOrganization(name: $name) {\n      id\n    }\n  }\n"): typeof import('./graphql').StartOrganizationDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
