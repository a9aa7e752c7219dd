#!/usr/bin/env node
// The `formwork` command. Runs the TypeScript sources through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../runtime/src/cli/main.ts');
