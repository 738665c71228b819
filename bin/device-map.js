#!/usr/bin/env node
// The `device-map` command: the bundled CLI (built by `npm run build` / on install).
require('../dist/cli.js');
