import { queryOptions } from '@tanstack/react-query';
import { gql } from '../api/client';
import { graphql } from '../gql';
import { type ComplianceSearch, DEFAULT_FRAMEWORK, momentOf } from '../lib/compliance-search';

// The framework at a moment, its 30-day trend up to then, and what the pickers offer: one request.
export const ComplianceDocument = graphql(`
  query Compliance($framework: String!, $clusterIds: [ID!], $at: DateTime) {
    frameworks {
      id
      name
      version
    }
    clusters {
      id
      name
    }
    complianceReport(framework: $framework, clusterIds: $clusterIds, at: $at) {
      at
      framework {
        id
        name
        version
        publisher
        url
      }
      summary {
        pass
        fail
        acceptedRisk
        notEvaluable
        manual
        percentage
      }
      clusters {
        clusterId
        name
        evaluationId
        collectedAt
        summary {
          percentage
        }
      }
      controls {
        status
        reason
        failingFindings
        acceptedFindings
        control {
          id
          title
          group
          requirement
          source
          rules {
            id
            title
          }
        }
        clusters {
          clusterId
          status
          failingFindings
          acceptedFindings
        }
        acceptedRisks {
          id
          owner
          reason
          scope
          expiresAt
        }
      }
    }
    complianceTrend(framework: $framework, clusterIds: $clusterIds, days: 30, to: $at) {
      at
      summary {
        fail
        percentage
      }
    }
  }
`);

/** What the URL asks, as the API's arguments. */
export const complianceArgs = (s: ComplianceSearch) => ({
  framework: s.framework ?? DEFAULT_FRAMEWORK,
  clusterIds: s.cluster ? [s.cluster] : undefined,
  at: momentOf(s.day),
});

export const complianceQuery = (s: ComplianceSearch) => {
  const args = complianceArgs(s);
  return queryOptions({
    queryKey: ['compliance', args],
    queryFn: ({ signal }) => gql(ComplianceDocument, args, signal),
  });
};

// A control's findings at the moment: failing first (most severe), excepted ones marked.
const ControlFindingsDocument = graphql(`
  query ControlFindings($at: DateTime, $filter: FindingFilter) {
    findings(at: $at, filter: $filter, first: 50, orderBy: { field: SEVERITY, direction: DESC }) {
      totalCount
      edges {
        node {
          id
          ruleId
          severity
          excepted
          clusterId
          firstSeenAt
          resource {
            kind
            namespace
            name
          }
        }
      }
    }
  }
`);

export const controlFindingsQuery = (args: { at?: string; clusterIds?: string[]; ruleIds: string[] }) =>
  queryOptions({
    queryKey: ['compliance', 'findings', args],
    queryFn: ({ signal }) =>
      gql(
        ControlFindingsDocument,
        { at: args.at, filter: { clusterIds: args.clusterIds, ruleIds: args.ruleIds } },
        signal,
      ),
  });
