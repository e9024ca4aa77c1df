// Before a build: removes compiled function files whose source is gone. The hosts load every
// dist/functions/*.js (package.json's `main` glob), so a function deleted from the sources would
// otherwise live on in an existing build. Plain JavaScript: it runs before the compiler.
const { existsSync, readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const built = join(root, 'dist', 'functions');
if (existsSync(built)) {
  for (const file of readdirSync(built)) {
    const source = join(root, 'functions', file.replace(/\.js(\.map)?$/, '.ts').replace(/\.d\.ts$/, '.ts'));
    if (!existsSync(source)) rmSync(join(built, file));
  }
}
