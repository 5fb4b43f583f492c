# syntax=docker/dockerfile:1
# Build stage: full install (incl. TypeScript) and compile to dist/.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY population ./population
COPY data-store ./data-store
COPY fhir-profiles ./fhir-profiles
COPY server ./server
COPY edi ./edi
# prepare (npm run build) bundles dist/ into dist/bundle/ with this script, for a faster start (bin/cdg.js).
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund

# Runtime stage: production dependencies and the compiled code only, run as a non-root user.
FROM node:24-bookworm-slim AS runtime
# A larger young generation: with the population's ~1 GB heap every minor GC has a fixed cost of a few ms, so
# fewer of them is about a tenth more requests per second (README, "Memory and GC"). The old-space limit is left
# to bin/cdg.js, which sets it to 75% of the container's memory limit (add --max-old-space-size here to override).
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=64 \
    HOST=0.0.0.0 \
    PORT=8080 \
    SFTP_PORT=2222 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY proto ./proto
RUN mkdir -p /data && chown -R node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080 2222
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health/loaded').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/cdg.js"]
CMD ["serve"]
