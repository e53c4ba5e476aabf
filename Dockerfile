# One image for both roles: `pnpm start` (HTTP server + workers, or ROLE=server) and `pnpm worker`.
FROM node:24-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg ca-certificates && rm -rf /var/lib/apt/lists/* \
  && npm install -g pnpm@10.34.9
WORKDIR /app
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY patches ./patches
COPY apps/server/package.json apps/server/
COPY packages/platform/package.json packages/platform/
COPY packages/contracts/package.json packages/contracts/
COPY packages/db/package.json packages/db/
COPY packages/jobs/package.json packages/jobs/
COPY packages/storage/package.json packages/storage/
COPY packages/media/package.json packages/media/
COPY packages/api/package.json packages/api/
COPY packages/client/package.json packages/client/
COPY db/package.json db/
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm build
# empty = unknown (the configuration accepts only a hex commit and an ISO date)
ARG BUILD_COMMIT=
ARG BUILD_DATE=
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data BUILD_COMMIT=$BUILD_COMMIT BUILD_DATE=$BUILD_DATE
EXPOSE 3000
# node itself is PID 1 so SIGTERM reaches the graceful-shutdown handler
CMD ["node", "--import", "tsx", "apps/server/src/main.ts"]
