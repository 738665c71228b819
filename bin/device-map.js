#!/usr/bin/env node
// The `device-map` command: the bundled CLI (built by `npm run build`).
require('../dist/cli.js').cliMain();
