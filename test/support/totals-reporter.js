// Writes the run's totals where .ci/run reads them, so CI does not parse jest's own summary.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class TotalsReporter {
  constructor(globalConfig) {
    this.file = join(globalConfig.rootDir, 'test-results', 'totals.json');
  }
  onRunComplete(_contexts, results) {
    // A suite that fails to run (syntax error, crash in beforeAll) counts as a failure too.
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    mkdirSync(join(this.file, '..'), { recursive: true });
    writeFileSync(this.file, JSON.stringify({ passed: results.numPassedTests, failed }));
  }
}
module.exports = TotalsReporter;
