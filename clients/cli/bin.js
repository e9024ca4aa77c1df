#!/usr/bin/env node
// The `helpdesk` command of package.json's `bin`. It runs the compiled CLI, and builds the
// project first when a fresh clone has not been built yet, so `npx helpdesk` works after `npm ci`.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { execSync } = require('node:child_process');

const root = join(__dirname, '..', '..');
const compiled = join(root, 'dist', 'clients', 'cli', 'main.js');
if (!existsSync(compiled)) {
  process.stderr.write('helpdesk: building the project first (npm run build) ...\n');
  execSync('npm run build --silent', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
require(compiled)
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
