import { queryOptions } from '@tanstack/react-query';
import { gql } from '../api/client';
import { graphql } from '../gql';

export const ObjectChangeFragment = graphql(`
  fragment ObjectChangeFields on ObjectChange {
    id
    at
    type
    kind
    namespace
    name
    evaluationId
    diff {
      path
      before
      after
    }
  }
`);

const FindingDocument = graphql(`
  query FindingDetail($id: ID!) {
    finding(id: $id) {
      ...FindingRow
      fingerprint
      paths
      reopenCount
      resolutionReason
      primary {
        ...FindingRow
      }
      related {
        ...FindingRow
      }
      rule {
        id
        title
        area
        practice
        severity
        rationale
        remediation {
          text
          yaml
        }
        references {
          framework
          control
          section
          level
        }
      }
      events {
        id
        at
        type
        severity
        reason
        cause {
          ...ObjectChangeFields
        }
      }
    }
    clusters {
      id
      name
    }
  }
`);

export const findingQuery = (id: string) =>
  queryOptions({ queryKey: ['finding', id], queryFn: ({ signal }) => gql(FindingDocument, { id }, signal) });
