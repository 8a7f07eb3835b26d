import { queryOptions } from '@tanstack/react-query';
import { gql } from '../api/client';
import { graphql } from '../gql';

const ClusterDocument = graphql(`
  query ClusterDetail($id: ID!, $from: DateTime!, $to: DateTime!, $filter: FindingFilter!) {
    cluster(id: $id) {
      id
      name
      stale
      createdAt
      lastSnapshotAt
      lastHeartbeatAt
      kubernetesVersion
      agentVersion
      currentScore
    }
    postureTrend(clusterId: $id, from: $from, to: $to, bucket: HOUR) {
      at
      bucket
      score
      counts {
        ...Counts
      }
    }
    practices: findingGroups(by: PRACTICE, filter: $filter, first: 50) {
      groups {
        key
        total
        counts {
          ...Counts
        }
      }
    }
    namespaces: findingGroups(by: NAMESPACE, filter: $filter, first: 10) {
      totalGroups
      groups {
        key
        namespace
        total
        highest
        counts {
          ...Counts
        }
      }
    }
    evaluations(clusterId: $id, first: 50) {
      edges {
        node {
          id
          collectedAt
          evaluatedAt
          score
          opened
          resolved
          reopened
          counts {
            ...Counts
          }
        }
      }
    }
  }
`);

export const clusterQuery = (id: string) =>
  queryOptions({
    queryKey: ['cluster', id],
    queryFn: ({ signal }) => {
      const to = new Date();
      const from = new Date(to.getTime() - 14 * 86_400_000);
      return gql(
        ClusterDocument,
        { id, from: from.toISOString(), to: to.toISOString(), filter: { clusterIds: [id], excepted: false } },
        signal,
      );
    },
  });

export const DriftRowFragment = graphql(`
  fragment DriftRow on Finding {
    id
    ruleId
    severity
    resource {
      kind
      namespace
      name
    }
  }
`);

export const DriftDocument = graphql(`
  query EvaluationDrift($clusterId: ID!, $from: DateTime!, $to: DateTime!) {
    drift(clusterId: $clusterId, from: $from, to: $to, limit: 200) {
      truncated
      counts {
        opened
        resolved
        reopened
        added
        modified
        removed
      }
      opened {
        finding {
          ...DriftRow
        }
      }
      resolved {
        finding {
          ...DriftRow
        }
      }
      reopened {
        finding {
          ...DriftRow
        }
      }
      added {
        ...ObjectChangeFields
      }
      modified {
        ...ObjectChangeFields
      }
      removed {
        ...ObjectChangeFields
      }
    }
  }
`);
