import { queryOptions } from '@tanstack/react-query';
import { gql } from '../api/client';
import { graphql } from '../gql';

// Everything the overview shows, in one request.
export const OverviewDocument = graphql(`
  query Overview {
    postureOverview(trendDays: 30, changesHours: 24, topRules: 8) {
      topRules {
        totalFindings
        groups {
          key
          total
          highest
        }
      }
      score
      counts {
        ...Counts
      }
      changes {
        since
        opened
        resolved
        reopened
      }
      trend {
        day
        score
        clusters
        counts {
          ...Counts
        }
      }
      clusters {
        score
        lastEvaluatedAt
        counts {
          ...Counts
        }
        cluster {
          id
          name
          stale
          lastSnapshotAt
          lastHeartbeatAt
          kubernetesVersion
          agentVersion
        }
      }
    }
    rules {
      id
      title
    }
  }
`);

export const overviewQuery = () =>
  queryOptions({ queryKey: ['overview'], queryFn: ({ signal }) => gql(OverviewDocument, {}, signal) });
