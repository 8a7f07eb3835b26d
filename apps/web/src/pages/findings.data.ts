import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { gql } from '../api/client';
import { graphql } from '../gql';
import { type FindingsSearch, toFindingFilter } from '../lib/findings-search';

export const PAGE_SIZE = 200;

export const FindingRowFragment = graphql(`
  fragment FindingRow on Finding {
    id
    ruleId
    severity
    status
    excepted
    platform
    clusterId
    container
    firstSeenAt
    resolvedAt
    message
    resource {
      kind
      namespace
      name
    }
  }
`);

// The first page brings what the filters offer (clusters, rules): the page loads in one request.
const FindingsFirstDocument = graphql(`
  query FindingsFirst($filter: FindingFilter, $first: Int) {
    findings(filter: $filter, first: $first) {
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          ...FindingRow
        }
      }
    }
    clusters {
      id
      name
    }
    rules {
      id
      title
      practice
    }
  }
`);

// Counting a million rows takes longer than a page of them: asked after the first page, shown when it lands.
const FindingsCountDocument = graphql(`
  query FindingsCount($filter: FindingFilter) {
    findings(filter: $filter, first: 1) {
      totalCount
    }
  }
`);

export const findingsCountQuery = (search: FindingsSearch) =>
  queryOptions({
    queryKey: ['findings', 'count', search],
    queryFn: ({ signal }) =>
      gql(FindingsCountDocument, { filter: toFindingFilter(search) }, signal).then((d) => d.findings.totalCount),
  });

const FindingsMoreDocument = graphql(`
  query FindingsMore($filter: FindingFilter, $first: Int, $after: String) {
    findings(filter: $filter, first: $first, after: $after) {
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          ...FindingRow
        }
      }
    }
  }
`);

const FindingsGroupsDocument = graphql(`
  query FindingsGroups($filter: FindingFilter, $by: FindingGroupBy!) {
    findingGroups(filter: $filter, by: $by, first: 500) {
      totalGroups
      totalFindings
      groups {
        key
        clusterId
        namespace
        kind
        name
        total
        highest
        counts {
          ...Counts
        }
      }
    }
    clusters {
      id
      name
    }
    rules {
      id
      title
      practice
    }
  }
`);

type First = Awaited<ReturnType<typeof fetchFirst>>;
type More = Awaited<ReturnType<typeof fetchMore>>;
/** A page: the first brings the filters' options too. */
type Page = { findings: More['findings'] } & Partial<Omit<First, 'findings'>>;

const fetchMore = (search: FindingsSearch, after: string, signal: AbortSignal) =>
  gql(FindingsMoreDocument, { filter: toFindingFilter(search), first: PAGE_SIZE, after }, signal);
const fetchFirst = (search: FindingsSearch, signal: AbortSignal) =>
  gql(FindingsFirstDocument, { filter: toFindingFilter(search), first: PAGE_SIZE }, signal);

export const findingsPageQuery = (search: FindingsSearch) =>
  infiniteQueryOptions({
    queryKey: ['findings', 'rows', search],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }): Promise<Page> =>
      pageParam === null ? fetchFirst(search, signal) : fetchMore(search, pageParam, signal),
    getNextPageParam: (last) => (last.findings.pageInfo.hasNextPage ? last.findings.pageInfo.endCursor : null),
  });

const BY = { rule: 'RULE', namespace: 'NAMESPACE', workload: 'WORKLOAD' } as const;

export const findingsGroupsQuery = (search: FindingsSearch) =>
  queryOptions({
    queryKey: ['findings', 'groups', search],
    queryFn: ({ signal }) =>
      gql(FindingsGroupsDocument, { filter: toFindingFilter(search), by: BY[search.group ?? 'rule'] }, signal),
  });
