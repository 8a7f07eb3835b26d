# syntax=docker/dockerfile:1
# One image for the API, the worker and the one-shot migration (they differ only in their command).

FROM node:24.22-bookworm-slim AS build
WORKDIR /src
ENV CI=true NX_DAEMON=false CHECKPOINT_DISABLE=1
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/agent/package.json apps/agent/
COPY apps/demo/package.json apps/demo/
COPY apps/cli/package.json apps/cli/
COPY apps/web/package.json apps/web/
COPY tools/conformance/package.json tools/conformance/
COPY tools/synthetic/package.json tools/synthetic/
COPY packages/snapshot/package.json packages/snapshot/
COPY packages/rules/package.json packages/rules/
COPY tools/harness/package.json tools/harness/
COPY tools/fake-kube/package.json tools/fake-kube/
COPY prisma prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx prisma generate && npx tsc -b apps/api/tsconfig.build.json && npm run build -w @kubeward/web \
  && npm prune --omit=dev --no-audit --no-fund

FROM gcr.io/distroless/nodejs24-debian12:nonroot
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules node_modules
COPY --from=build /src/packages/snapshot/package.json packages/snapshot/
COPY --from=build /src/packages/snapshot/dist packages/snapshot/dist
COPY --from=build /src/packages/rules/package.json packages/rules/
COPY --from=build /src/packages/rules/dist packages/rules/dist
# registerCluster renders the agent's install manifests.
COPY --from=build /src/apps/agent/package.json apps/agent/
COPY --from=build /src/apps/agent/dist apps/agent/dist
COPY --from=build /src/apps/agent/deploy apps/agent/deploy
COPY --from=build /src/apps/api/package.json apps/api/
COPY --from=build /src/apps/api/dist apps/api/dist
# The web console's built files, served by the API at /.
COPY --from=build /src/apps/web/dist apps/web/dist
COPY --from=build /src/prisma/migrations prisma/migrations
USER nonroot
EXPOSE 3000
CMD ["apps/api/dist/main.js"]
