import { QueryCache, QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { ApiError } from './api/client';
import { viewerQuery } from './api/session';
import { Shell } from './components/shell';
import { NotFound, RouteError } from './pages/not-found';
import { SignInPage } from './pages/sign-in';
import { parseFindingsSearch } from './lib/findings-search';
import { overviewQuery } from './pages/overview.data';
import { clusterQuery } from './pages/cluster.data';
import { findingQuery } from './pages/finding.data';
import { findingsGroupsQuery, findingsPageQuery } from './pages/findings.data';
import { parseComplianceSearch } from './lib/compliance-search';
import { complianceQuery } from './pages/compliance.data';

export const queryClient: QueryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 15_000, retry: (n, err) => !(err instanceof ApiError) && n < 2 } },
  // Signed out (session ended, idle, revoked elsewhere): back to sign-in, then back here.
  queryCache: new QueryCache({
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'UNAUTHENTICATED' && router.state.location.pathname !== '/sign-in')
        void router.navigate({ to: '/sign-in', search: { next: router.state.location.href } });
    },
  }),
});

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const safeNext = (v: unknown): string | undefined =>
  typeof v === 'string' && v.startsWith('/') && !v.startsWith('//') ? v.slice(0, 2000) : undefined;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v.slice(0, 500) : undefined);

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (s: Record<string, unknown>): { error?: string; next?: string } => ({
    error: text(s.error),
    next: safeNext(s.next),
  }),
  component: SignInPage,
});

const tokenRoute = (path: '/accept-invitation' | '/reset-password' | '/sign-up') =>
  createRoute({
    getParentRoute: () => rootRoute,
    path,
    component: lazyRouteComponent(() => import('./pages/token-pages'), 'TokenPage'),
  });

/** Everything behind sign-in: the shell, with the viewer loaded (or off to sign-in). */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  loader: async ({ context, location }) => {
    try {
      return await context.queryClient.ensureQueryData(viewerQuery);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'UNAUTHENTICATED')
        throw redirect({ to: '/sign-in', search: { next: location.href } });
      throw err;
    }
  },
  component: Shell,
  errorComponent: RouteError,
});

// Each page's loader starts its one query as navigation starts (in parallel with the shell's),
// and the page shows its loading state until it lands: no waterfall, no blank screen.
const overviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  loader: ({ context }) => void context.queryClient.prefetchQuery(overviewQuery()),
  component: lazyRouteComponent(() => import('./pages/overview'), 'OverviewPage'),
});

export const clusterRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/clusters/$clusterId',
  validateSearch: (s: Record<string, unknown>): { evaluation?: string } => ({
    evaluation: typeof s.evaluation === 'string' ? s.evaluation.slice(0, 64) : undefined,
  }),
  loader: ({ context, params }) => void context.queryClient.prefetchQuery(clusterQuery(params.clusterId)),
  component: lazyRouteComponent(() => import('./pages/cluster'), 'ClusterPage'),
});

export const findingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/findings',
  validateSearch: parseFindingsSearch,
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => {
    if (deps.group) return void context.queryClient.prefetchQuery(findingsGroupsQuery(deps));
    void context.queryClient.prefetchInfiniteQuery(findingsPageQuery(deps));
  },
  component: lazyRouteComponent(() => import('./pages/findings'), 'FindingsPage'),
});

export const findingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/findings/$findingId',
  loader: ({ context, params }) => void context.queryClient.prefetchQuery(findingQuery(params.findingId)),
  component: lazyRouteComponent(() => import('./pages/finding'), 'FindingPage'),
});

export const complianceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/compliance',
  validateSearch: parseComplianceSearch,
  // The control opened is not part of the report: opening one does not load it again.
  loaderDeps: ({ search: { framework, day, cluster } }) => ({ framework, day, cluster }),
  loader: ({ context, deps }) => void context.queryClient.prefetchQuery(complianceQuery(deps)),
  component: lazyRouteComponent(() => import('./pages/compliance'), 'CompliancePage'),
});

const page = <P extends string>(path: P, component: ReturnType<typeof lazyRouteComponent>) =>
  createRoute({ getParentRoute: () => appRoute, path, component });

const routeTree = rootRoute.addChildren([
  signInRoute,
  tokenRoute('/accept-invitation'),
  tokenRoute('/reset-password'),
  tokenRoute('/sign-up'),
  appRoute.addChildren([
    overviewRoute,
    clusterRoute,
    findingsRoute,
    findingRoute,
    complianceRoute,
    page(
      '/exceptions',
      lazyRouteComponent(() => import('./pages/exceptions'), 'ExceptionsPage'),
    ),
    page(
      '/alerts',
      lazyRouteComponent(() => import('./pages/alerts'), 'AlertsPage'),
    ),
    page(
      '/api-keys',
      lazyRouteComponent(() => import('./pages/api-keys'), 'ApiKeysPage'),
    ),
    page(
      '/members',
      lazyRouteComponent(() => import('./pages/members'), 'MembersPage'),
    ),
    page(
      '/audit',
      lazyRouteComponent(() => import('./pages/audit'), 'AuditPage'),
    ),
    page(
      '/settings',
      lazyRouteComponent(() => import('./pages/settings'), 'SettingsPage'),
    ),
  ]),
]);

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: 'intent',
  // The query cache is the one store of server data; the router never holds a stale copy.
  defaultPreloadStaleTime: 0,
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
