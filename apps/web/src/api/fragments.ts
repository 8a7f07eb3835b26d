import { graphql } from '../gql';

/** Open findings per severity, as every count the console shows them. */
export const CountsFragment = graphql(`
  fragment Counts on SeverityCountsObject {
    critical
    high
    medium
    low
    info
  }
`);
