#!/usr/bin/env bash
# The project's test command (`npm test`): vitest (unit + db projects), Playwright, and the
# migrations with the pgTAP policy tests on PostgreSQL 15. All three run whatever happens to the
# others; the exit status is non-zero if any of them failed.
# Each writes a JSON report that .ci/run counts (it reads no runner's human summary):
#   reports/vitest.json  reports/playwright.json (set in playwright.config)  reports/pg15.json
#   reports/vitest-pg15.json (the vitest db tests on PostgreSQL 15, run by scripts/pg15-check.sh)
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
mkdir -p reports
# A report left from an earlier run must not stand in for a runner that crashed this time.
rm -f reports/vitest.json reports/playwright.json reports/pg15.json reports/vitest-pg15.json

status=0

stage() { # name: prints the stage and when it started, so the run's time per stage is in the log
	echo "== $1 ($(date +%T))"
}

stage vitest
npm run --silent i18n >/dev/null # interface strings the tests import; also done by npm install
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json || status=1

stage Playwright
# A browser: a headless shell or Chromium of the system's, else Playwright's own, downloaded on
# first run where downloads work; where neither can be had, playwright.config.ts (tests/e2e/chromium.ts) says both ways.
if ! npx tsx -e "import { findChromium } from './tests/e2e/chromium.ts'; findChromium();" >/dev/null 2>&1; then
	echo "test: no Chromium found; trying: npx playwright install chromium"
	npx playwright install chromium || echo "test: could not download Playwright's Chromium; the browser tests will say how to get one"
fi
npx playwright test || status=1

stage "PostgreSQL 15: migrations, pgTAP policy tests and the vitest db tests"
bash scripts/pg15-check.sh || status=1

# The slowest ten of each runner, and any browser test that passed only on a retry.
npx tsx scripts/slowest-tests.ts reports || true

exit "$status"
