#!/bin/sh
echo "schema engine stub: use npm run db:migrate" >&2
exit 1
