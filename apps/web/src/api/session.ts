import { queryOptions } from '@tanstack/react-query';
import { graphql } from '../gql';
import { gql } from './client';

const ViewerDocument = graphql(`
  query Viewer {
    viewer {
      user {
        id
        name
        email
        totpEnabled
      }
      current {
        role
        teamIds
        organization {
          id
          name
          slug
        }
      }
      memberships {
        role
        organization {
          id
          name
          slug
        }
      }
    }
  }
`);

export const viewerQuery = queryOptions({
  queryKey: ['viewer'],
  queryFn: ({ signal }) => gql(ViewerDocument, {}, signal).then((d) => d.viewer),
  staleTime: 60_000,
});

export const SwitchOrganizationDocument = graphql(`
  mutation SwitchOrganization($organizationId: ID!) {
    switchOrganization(organizationId: $organizationId) {
      current {
        organization {
          id
        }
      }
    }
  }
`);

/** Whether the role may do what needs `needed` (OWNER > ADMIN > MEMBER > VIEWER). */
export function allows(role: string | undefined, needed: 'VIEWER' | 'MEMBER' | 'ADMIN' | 'OWNER'): boolean {
  const order = ['VIEWER', 'MEMBER', 'ADMIN', 'OWNER'];
  return role !== undefined && order.indexOf(role) >= order.indexOf(needed);
}
