#!/bin/sh
# Placeholder for Prisma's native schema engine. scripts/generate.ts points
# PRISMA_SCHEMA_ENGINE_BINARY here because `prisma generate` only checks that the
# path exists, and the native engine cannot be downloaded on these machines.
# Drover never runs the native engine: migrations go through the WASM engine
# (server/db/migrate.ts, `npm run db:migrate`, `npm run db:migration:create`).
echo "drover: the native Prisma schema engine is not installed here (this is scripts/no-schema-engine.sh)." >&2
echo "drover: use 'npm run db:migrate' or 'npm run db:migration:create -- <name>' instead of 'prisma migrate'/'prisma db push'." >&2
exit 1
